#include "aws/ops/sqs_messages.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/protocol/json11.h"
#include "base/json_text.h"

namespace rolecall::aws::sqs {
namespace {

Error sqs_parse_error(std::string_view operation, std::string_view message) {
  return Error::parse(fmt::format("{}: {}", operation, message));
}

ServiceCall sqs_call(std::string region, std::string action, const nlohmann::json& body) {
  ServiceCall call;
  call.service = "sqs";
  call.region = std::move(region);
  call.protocol = Protocol::kJson10;
  call.json_target = "AmazonSQS." + action;
  call.action = std::move(action);
  call.json_body = base::json_text(body);
  return call;
}

}  // namespace

std::optional<std::string> queue_url_region(std::string_view queue_url) {
  std::string_view host = queue_url;
  if (auto scheme = host.find("://"); scheme != std::string_view::npos) host.remove_prefix(scheme + 3);
  host = host.substr(0, host.find('/'));
  host = host.substr(0, host.find(':'));
  std::string_view region;
  if (host.starts_with("sqs.")) {
    // sqs.<region>.amazonaws.com (.com.cn in China)
    std::string_view rest = host.substr(4);
    auto dot = rest.find('.');
    if (dot == std::string_view::npos || !rest.substr(dot + 1).starts_with("amazonaws.")) return std::nullopt;
    region = rest.substr(0, dot);
  } else if (auto queue = host.find(".queue.amazonaws."); queue != std::string_view::npos) {
    region = host.substr(0, queue);
  } else {
    return std::nullopt;
  }
  if (region.empty() || region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string_view::npos)
    return std::nullopt;
  return std::string(region);
}

ServiceCall receive_message_call(const ReceiveMessageRequest& request) {
  nlohmann::json body = {{"QueueUrl", request.queue_url},
                         {"MaxNumberOfMessages", std::clamp(request.max_messages, 1, kMaxReceiveMessages)},
                         {"WaitTimeSeconds", std::clamp(request.wait_seconds, 0, kMaxWaitSeconds)}};
  if (request.visibility_timeout) body["VisibilityTimeout"] = std::clamp(*request.visibility_timeout, 0, 43200);
  return sqs_call(request.region, "ReceiveMessage", body);
}

Result<std::vector<QueueMessage>> parse_receive_message(std::string_view body) {
  constexpr std::string_view kOperation = "sqs:ReceiveMessage";
  auto json = json11::parse(body, kOperation);
  if (!json) return fail(json.error());
  if (!json->is_object()) return fail(sqs_parse_error(kOperation, "response is not a JSON object"));
  if (json->contains("Messages") && !(*json)["Messages"].is_array())
    return fail(sqs_parse_error(kOperation, "Messages is not an array"));
  std::vector<QueueMessage> out;
  std::size_t index = 0;
  for (const auto& m : json11::get_array(*json, "Messages")) {
    QueueMessage message{json11::get_string(m, "MessageId"), json11::get_string(m, "ReceiptHandle"),
                         json11::get_string(m, "Body")};
    if (message.message_id.empty() || message.receipt_handle.empty())
      return fail(sqs_parse_error(kOperation, fmt::format("Messages[{}] lacks MessageId or ReceiptHandle", index)));
    out.push_back(std::move(message));
    ++index;
  }
  return out;
}

void receive_message(AwsCaller& caller, const ReceiveMessageRequest& request,
                     ops::OpCallback<std::vector<QueueMessage>> done) {
  ops::run_op<std::vector<QueueMessage>>(caller, receive_message_call(request), parse_receive_message, std::move(done));
}

ServiceCall delete_message_batch_call(const DeleteMessageBatchRequest& request) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& [id, receipt] : request.entries) entries.push_back({{"Id", id}, {"ReceiptHandle", receipt}});
  ServiceCall call =
      sqs_call(request.region, "DeleteMessageBatch", {{"QueueUrl", request.queue_url}, {"Entries", entries}});
  call.api_class = ApiClass::kMutate;
  return call;
}

Result<DeleteMessageBatchResponse> parse_delete_message_batch(std::string_view body) {
  constexpr std::string_view kOperation = "sqs:DeleteMessageBatch";
  auto json = json11::parse(body, kOperation);
  if (!json) return fail(json.error());
  if (!json->is_object()) return fail(sqs_parse_error(kOperation, "response is not a JSON object"));
  DeleteMessageBatchResponse out;
  for (const auto& s : json11::get_array(*json, "Successful")) out.successful.push_back(json11::get_string(s, "Id"));
  for (const auto& f : json11::get_array(*json, "Failed")) {
    out.failed.push_back({json11::get_string(f, "Id"), json11::get_string(f, "Code"), json11::get_string(f, "Message"),
                          json11::get_bool(f, "SenderFault")});
  }
  return out;
}

void delete_message_batch(AwsCaller& caller, const DeleteMessageBatchRequest& request,
                          ops::OpCallback<DeleteMessageBatchResponse> done) {
  ops::run_op<DeleteMessageBatchResponse>(caller, delete_message_batch_call(request), parse_delete_message_batch,
                                          std::move(done));
}

}  // namespace rolecall::aws::sqs

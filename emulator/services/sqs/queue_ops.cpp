#include <fmt/format.h>

#include "base/json_text.h"
#include "emulator/services/authorize.h"
#include "emulator/services/sqs/handlers.h"

namespace rolecall::emulator::sqs {
namespace {

std::unexpected<ApiError> sqs_queue_missing() {
  return error(400, "QueueDoesNotExist", "The specified queue does not exist.");
}

// A queue name SQS accepts: 1-80 letters, digits, '-' and '_' (".fifo" queues are not served).
bool valid_sqs_queue_name(const std::string& name) {
  if (name.empty() || name.size() > 80) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  }
  return true;
}

// A JSON member that must be a string when present ("" when absent).
std::expected<std::string, ApiError> sqs_optional_string(const RequestContext& ctx, const char* name) {
  if (!ctx.json.contains(name)) return std::string();
  if (!ctx.json[name].is_string())
    return std::unexpected(ApiError{400, "InvalidParameterValue", fmt::format("{} must be a string", name), true});
  return ctx.json[name].get<std::string>();
}

}  // namespace

Reply sqs_reply(const nlohmann::json& body) {
  Reply r;
  r.body = base::json_text(body);
  r.content_type = "application/x-amz-json-1.0";
  return r;
}

std::string queue_arn(const RequestContext& ctx, const SqsQueues::Key& key) {
  const auto& [region, account, name] = key;
  return fmt::format("arn:{}:sqs:{}:{}:{}", ctx.partition(), region, account, name);
}

std::string queue_url(const RequestContext& ctx, const SqsQueues::Key& key) {
  const auto& [region, account, name] = key;
  return fmt::format("http://{}/{}/{}", ctx.host.empty() ? std::string("localhost") : ctx.host, account, name);
}

std::expected<SqsQueues::Key, ApiError> addressed_queue(RequestContext& ctx, std::string_view action) {
  auto url = sqs_optional_string(ctx, "QueueUrl");
  if (!url) return std::unexpected(url.error());
  // http(s)://host/<account id>/<name>: the path's two segments name the queue.
  std::string_view rest = *url;
  auto scheme = rest.find("://");
  if (scheme == std::string_view::npos)
    return std::unexpected(
        ApiError{400, "InvalidAddress", fmt::format("The address {} is not valid for this endpoint.", *url), true});
  rest.remove_prefix(scheme + 3);
  auto slash = rest.find('/');
  rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  auto middle = rest.find('/');
  if (middle == std::string_view::npos || middle == 0 || rest.find('/', middle + 1) != std::string_view::npos) {
    return std::unexpected(
        ApiError{400, "InvalidAddress", fmt::format("The address {} is not valid for this endpoint.", *url), true});
  }
  SqsQueues::Key key{ctx.region, std::string(rest.substr(0, middle)), std::string(rest.substr(middle + 1))};
  if (!ctx.core.sqs_queues.exists(key)) return sqs_queue_missing();
  // No queue policies: a queue is reachable from its own account only.
  if (std::get<1>(key) != ctx.caller.account_id) {
    return std::unexpected(ApiError{403, "AccessDenied",
                                    fmt::format("User: {} is not authorized to perform: {} on resource: {}",
                                                ctx.caller.arn, action, queue_arn(ctx, key)),
                                    true});
  }
  if (auto denied = authorize(ctx, action, queue_arn(ctx, key))) return std::unexpected(*denied);
  return key;
}

HandlerResult create_queue(RequestContext& ctx) {
  auto name = sqs_optional_string(ctx, "QueueName");
  if (!name) return std::unexpected(name.error());
  if (!valid_sqs_queue_name(*name)) {
    return error(400, "InvalidParameterValue",
                 "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
  }
  SqsQueues::Key key{ctx.region, ctx.caller.account_id, *name};
  if (auto denied = authorize(ctx, "sqs:CreateQueue", queue_arn(ctx, key))) return std::unexpected(*denied);
  int visibility = 30;
  if (ctx.json.contains("Attributes")) {
    const auto& attributes = ctx.json["Attributes"];
    if (!attributes.is_object()) return error(400, "InvalidAttributeName", "Attributes must be a map");
    for (const auto& [attribute, value] : attributes.items()) {
      if (attribute != "VisibilityTimeout" && attribute != "MessageRetentionPeriod" &&
          attribute != "ReceiveMessageWaitTimeSeconds" && attribute != "DelaySeconds" && attribute != "Policy") {
        return error(400, "InvalidAttributeName", fmt::format("Unknown Attribute {}.", attribute));
      }
      if (!value.is_string())
        return error(400, "InvalidAttributeValue", fmt::format("Invalid value for {}.", attribute));
      if (attribute == "VisibilityTimeout") {
        const std::string text = value.get<std::string>();
        char* end = nullptr;
        long seconds = std::strtol(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || seconds < 0 || seconds > 43200)
          return error(400, "InvalidAttributeValue", "Invalid value for the parameter VisibilityTimeout.");
        visibility = static_cast<int>(seconds);
      }
    }
  }
  ctx.core.sqs_queues.create(key, visibility, ctx.now);
  return sqs_reply({{"QueueUrl", queue_url(ctx, key)}});
}

HandlerResult get_queue_url(RequestContext& ctx) {
  auto name = sqs_optional_string(ctx, "QueueName");
  if (!name) return std::unexpected(name.error());
  auto owner = sqs_optional_string(ctx, "QueueOwnerAWSAccountId");
  if (!owner) return std::unexpected(owner.error());
  SqsQueues::Key key{ctx.region, owner->empty() ? ctx.caller.account_id : *owner, *name};
  if (!ctx.core.sqs_queues.exists(key)) return sqs_queue_missing();
  if (auto denied = authorize(ctx, "sqs:GetQueueUrl", queue_arn(ctx, key))) return std::unexpected(*denied);
  return sqs_reply({{"QueueUrl", queue_url(ctx, key)}});
}

HandlerResult get_queue_attributes(RequestContext& ctx) {
  auto key = addressed_queue(ctx, "sqs:GetQueueAttributes");
  if (!key) return std::unexpected(key.error());
  auto counts = ctx.core.sqs_queues.counts(*key, ctx.now);
  auto queue = ctx.core.sqs_queues.describe(*key);
  if (!counts || !queue) return sqs_queue_missing();
  const auto [visible, in_flight, delayed] = *counts;
  const long long created = std::chrono::duration_cast<std::chrono::seconds>(queue->created.time_since_epoch()).count();
  nlohmann::json all = {{"ApproximateNumberOfMessages", std::to_string(visible)},
                        {"ApproximateNumberOfMessagesNotVisible", std::to_string(in_flight)},
                        {"ApproximateNumberOfMessagesDelayed", std::to_string(delayed)},
                        {"VisibilityTimeout", std::to_string(queue->visibility_timeout)},
                        {"CreatedTimestamp", std::to_string(created)},
                        {"QueueArn", queue_arn(ctx, *key)}};
  nlohmann::json picked = nlohmann::json::object();
  if (ctx.json.contains("AttributeNames") && !ctx.json["AttributeNames"].is_array())
    return error(400, "InvalidAttributeName", "AttributeNames must be a list");
  for (const auto& name : ctx.json.value("AttributeNames", nlohmann::json::array())) {
    if (!name.is_string()) return error(400, "InvalidAttributeName", "AttributeNames must be strings");
    const std::string n = name.get<std::string>();
    if (n == "All") {
      picked = all;
      break;
    }
    if (!all.contains(n)) return error(400, "InvalidAttributeName", fmt::format("Unknown Attribute {}.", n));
    picked[n] = all[n];
  }
  if (picked.empty()) return sqs_reply(nlohmann::json::object());
  return sqs_reply({{"Attributes", picked}});
}

HandlerResult purge_queue(RequestContext& ctx) {
  auto key = addressed_queue(ctx, "sqs:PurgeQueue");
  if (!key) return std::unexpected(key.error());
  if (!ctx.core.sqs_queues.purge(*key)) return sqs_queue_missing();
  return sqs_reply(nlohmann::json::object());
}

}  // namespace rolecall::emulator::sqs

#include "emulator/services/sqs/query_compat.h"

#include <cstdlib>

#include "emulator/common/xml_writer.h"
#include "emulator/services/response.h"
#include "emulator/services/sqs/operations.h"

namespace rolecall::emulator::sqs {
namespace {

// An integer parameter as a JSON number; the text itself when it is not one (the handler refuses it).
nlohmann::json sqs_query_number(const std::string& text) {
  char* end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') return text;
  return value;
}

// Member `key` of the reply when it is an array (or, `object`, an object); an empty one otherwise.
const nlohmann::json& query_reply_member(const nlohmann::json& j, const char* key, bool object) {
  static const nlohmann::json kNoArray = nlohmann::json::array();
  static const nlohmann::json kNoObject = nlohmann::json::object();
  auto it = j.find(key);
  if (it != j.end() && (object ? it->is_object() : it->is_array())) return *it;
  return object ? kNoObject : kNoArray;
}

}  // namespace

nlohmann::json query_input(const std::string& action, const Params& params) {
  nlohmann::json in = nlohmann::json::object();
  for (const char* name : {"QueueName", "QueueUrl", "MessageBody", "ReceiptHandle", "QueueOwnerAWSAccountId"}) {
    if (const std::string* v = params.get(name)) in[name] = *v;
  }
  for (const char* name : {"MaxNumberOfMessages", "WaitTimeSeconds", "VisibilityTimeout", "DelaySeconds"}) {
    if (const std::string* v = params.get(name)) in[name] = sqs_query_number(*v);
  }
  if (action == "GetQueueAttributes" || action == "ReceiveMessage") {
    auto names = params.list("AttributeName");
    if (!names.empty()) in["AttributeNames"] = names;
  }
  if (action == "CreateQueue") {
    nlohmann::json attributes = nlohmann::json::object();
    for (int i = 1;; ++i) {
      const std::string* name = params.get("Attribute." + std::to_string(i) + ".Name");
      if (name == nullptr) break;
      attributes[*name] = params.value("Attribute." + std::to_string(i) + ".Value");
    }
    if (!attributes.empty()) in["Attributes"] = std::move(attributes);
  }
  if (action == "DeleteMessageBatch") {
    nlohmann::json entries = nlohmann::json::array();
    for (int i = 1;; ++i) {
      const std::string prefix = "DeleteMessageBatchRequestEntry." + std::to_string(i);
      const std::string* id = params.get(prefix + ".Id");
      if (id == nullptr) break;
      entries.push_back({{"Id", *id}, {"ReceiptHandle", params.value(prefix + ".ReceiptHandle")}});
    }
    in["Entries"] = std::move(entries);
  }
  return in;
}

Reply query_reply(const RequestContext& ctx, const std::string& json_body) {
  const nlohmann::json out = nlohmann::json::parse(json_body, nullptr, false);
  XmlWriter w = begin_response(ctx);
  auto text = [](const nlohmann::json& j, const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  };
  if (out.is_object()) {
    if (out.contains("QueueUrl")) w.leaf("QueueUrl", text(out, "QueueUrl"));
    if (out.contains("MessageId"))
      w.leaf("MD5OfMessageBody", text(out, "MD5OfMessageBody")).leaf("MessageId", text(out, "MessageId"));
    for (const auto& m : query_reply_member(out, "Messages", false)) {
      w.open("Message").leaf("MessageId", text(m, "MessageId")).leaf("ReceiptHandle", text(m, "ReceiptHandle"));
      w.leaf("MD5OfBody", text(m, "MD5OfBody")).leaf("Body", text(m, "Body")).close("Message");
    }
    for (const auto& s : query_reply_member(out, "Successful", false))
      w.open(ctx.action + "ResultEntry").leaf("Id", text(s, "Id")).close(ctx.action + "ResultEntry");
    for (const auto& f : query_reply_member(out, "Failed", false)) {
      w.open("BatchResultErrorEntry").leaf("Id", text(f, "Id")).leaf_bool("SenderFault", f.value("SenderFault", true));
      w.leaf("Code", text(f, "Code")).leaf("Message", text(f, "Message")).close("BatchResultErrorEntry");
    }
    for (const auto& [name, value] : query_reply_member(out, "Attributes", true).items()) {
      w.open("Attribute").leaf("Name", name).leaf("Value", value.is_string() ? value.get<std::string>() : value.dump());
      w.close("Attribute");
    }
  }
  return end_response(w, ctx);
}

std::string query_error_body(const ApiError& error, const std::string& request_id) {
  XmlWriter w;
  w.open_ns("ErrorResponse", "http://queue.amazonaws.com/doc/2012-11-05/").open("Error");
  w.leaf("Type", error.sender ? "Sender" : "Receiver").leaf("Code", query_error_code(error.code));
  w.leaf("Message", error.message).empty("Detail").close("Error").leaf("RequestId", request_id);
  w.close("ErrorResponse");
  return w.take();
}

}  // namespace rolecall::emulator::sqs

#include <set>

#include <fmt/format.h>

#include "emulator/services/sqs/handlers.h"

namespace rolecall::emulator::sqs {
namespace {

// An integer member within [low, high], `fallback` when absent.
std::expected<int, ApiError> sqs_int_member(const RequestContext& ctx, const char* name, int low, int high,
                                            int fallback) {
  if (!ctx.json.contains(name) || ctx.json[name].is_null()) return fallback;
  const auto& v = ctx.json[name];
  if (!v.is_number_integer() || v.get<long long>() < low || v.get<long long>() > high) {
    return std::unexpected(ApiError{
        400, "InvalidParameterValue",
        fmt::format("Value {} for parameter {} is invalid. Must be between {} and {}.", v.dump(), name, low, high),
        true});
  }
  return static_cast<int>(v.get<long long>());
}

std::unexpected<ApiError> sqs_invalid_receipt(const std::string& receipt) {
  return error(400, "ReceiptHandleIsInvalid",
               fmt::format("The input receipt handle \"{}\" is not a valid receipt handle.", receipt.substr(0, 200)));
}

}  // namespace

HandlerResult send_message(RequestContext& ctx) {
  auto key = addressed_queue(ctx, "sqs:SendMessage");
  if (!key) return std::unexpected(key.error());
  if (!ctx.json.contains("MessageBody") || !ctx.json["MessageBody"].is_string() ||
      ctx.json["MessageBody"].get<std::string>().empty()) {
    return error(400, "MissingParameter", "The request must contain the parameter MessageBody.");
  }
  std::string body = ctx.json["MessageBody"].get<std::string>();
  if (body.size() > 262144) return error(400, "InvalidParameterValue", "The message body is longer than 262144 bytes.");
  auto delay = sqs_int_member(ctx, "DelaySeconds", 0, 900, 0);
  if (!delay) return std::unexpected(delay.error());
  // SendMessage holds the shared lock only (Core::rng needs the unique one): the request id, unique
  // and uuid-shaped, is the message id.
  std::string id = ctx.request_id;
  std::string md5 = sqs_md5_hex(body);
  if (!ctx.core.sqs_queues.send(*key, id, std::move(body), ctx.now, std::chrono::seconds(*delay)))
    return error(400, "QueueDoesNotExist", "The specified queue does not exist.");
  return sqs_reply({{"MD5OfMessageBody", md5}, {"MessageId", id}});
}

HandlerResult receive_message(RequestContext& ctx) {
  auto key = addressed_queue(ctx, "sqs:ReceiveMessage");
  if (!key) return std::unexpected(key.error());
  auto max = sqs_int_member(ctx, "MaxNumberOfMessages", 1, 10, 1);
  if (!max) return std::unexpected(max.error());
  auto wait = sqs_int_member(ctx, "WaitTimeSeconds", 0, 20, 0);
  if (!wait) return std::unexpected(wait.error());
  auto visibility = sqs_int_member(ctx, "VisibilityTimeout", 0, 43200, -1);
  if (!visibility) return std::unexpected(visibility.error());
  // The long poll waits on the queues' own lock: the estate's is released first, so writers go on.
  Core& core = ctx.core;
  if (ctx.release_lock) ctx.release_lock();
  auto received = core.sqs_queues.receive(*key, *max, *visibility < 0 ? std::nullopt : std::optional<int>(*visibility),
                                          std::chrono::seconds(*wait), [&core] { return core.now(); });
  if (!received) return error(400, "QueueDoesNotExist", "The specified queue does not exist.");
  if (received->empty()) return sqs_reply(nlohmann::json::object());
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& m : *received) {
    messages.push_back({{"MessageId", m.id}, {"ReceiptHandle", m.receipt}, {"MD5OfBody", m.md5}, {"Body", m.body}});
  }
  return sqs_reply({{"Messages", std::move(messages)}});
}

HandlerResult delete_message(RequestContext& ctx) {
  auto key = addressed_queue(ctx, "sqs:DeleteMessage");
  if (!key) return std::unexpected(key.error());
  const auto& handle = ctx.json.contains("ReceiptHandle") ? ctx.json["ReceiptHandle"] : nlohmann::json();
  if (!handle.is_string())
    return error(400, "MissingParameter", "The request must contain the parameter ReceiptHandle.");
  const std::string receipt = handle.get<std::string>();
  if (!sqs_receipt_shaped(receipt)) return sqs_invalid_receipt(receipt);
  // A stale handle (the message received again, or deleted already) deletes nothing, without error.
  if (!ctx.core.sqs_queues.remove(*key, receipt))
    return error(400, "QueueDoesNotExist", "The specified queue does not exist.");
  return sqs_reply(nlohmann::json::object());
}

HandlerResult delete_message_batch(RequestContext& ctx) {
  auto key = addressed_queue(ctx, "sqs:DeleteMessage");
  if (!key) return std::unexpected(key.error());
  const auto& entries = ctx.json.contains("Entries") ? ctx.json["Entries"] : nlohmann::json();
  if (!entries.is_array() || entries.empty())
    return error(400, "EmptyBatchRequest",
                 "There should be at least one DeleteMessageBatchRequestEntry in the request.");
  if (entries.size() > 10)
    return error(400, "TooManyEntriesInBatchRequest", "Maximum number of entries per request are 10.");
  std::set<std::string> ids;
  for (const auto& e : entries) {
    if (!e.is_object() || !e.contains("Id") || !e["Id"].is_string() || !e.contains("ReceiptHandle") ||
        !e["ReceiptHandle"].is_string()) {
      return error(400, "InvalidBatchEntryId", "Each entry needs an Id and a ReceiptHandle.");
    }
    if (!ids.insert(e["Id"].get<std::string>()).second)
      return error(400, "BatchEntryIdsNotDistinct", "Id " + e["Id"].get<std::string>() + " repeated.");
  }
  nlohmann::json successful = nlohmann::json::array();
  nlohmann::json failed = nlohmann::json::array();
  for (const auto& e : entries) {
    const std::string id = e["Id"].get<std::string>();
    const std::string receipt = e["ReceiptHandle"].get<std::string>();
    if (!sqs_receipt_shaped(receipt)) {
      failed.push_back({{"Id", id},
                        {"SenderFault", true},
                        {"Code", "ReceiptHandleIsInvalid"},
                        {"Message", sqs_invalid_receipt(receipt).error().message}});
      continue;
    }
    if (!ctx.core.sqs_queues.remove(*key, receipt))
      return error(400, "QueueDoesNotExist", "The specified queue does not exist.");
    successful.push_back({{"Id", id}});
  }
  nlohmann::json out = nlohmann::json::object();
  if (!successful.empty()) out["Successful"] = std::move(successful);
  if (!failed.empty()) out["Failed"] = std::move(failed);
  return sqs_reply(out);
}

}  // namespace rolecall::emulator::sqs

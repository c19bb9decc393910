#include "emulator/services/sqs/event_queue.h"

#include <charconv>

#include <fmt/format.h>

#include "base/iso8601.h"
#include "base/json_text.h"
#include "emulator/services/cloudtrail/event_record.h"

namespace rolecall::emulator::sqs {

Result<EventQueueSpec> parse_event_queue_spec(const std::string& text) {
  EventQueueSpec spec;
  auto colon = text.find(':');
  auto bad = [&](const std::string& why) {
    return fail(ErrorKind::kInvalidArgument,
                fmt::format("--event-queue '{}': {} (expected ACCOUNT_INDEX:NAME[:REGION], e.g. 0:rolecall-events)",
                            text, why));
  };
  if (colon == std::string::npos) return bad("no ':'");
  const std::string index = text.substr(0, colon);
  auto [end, ec] = std::from_chars(index.data(), index.data() + index.size(), spec.account);
  if (index.empty() || ec != std::errc() || end != index.data() + index.size()) return bad("bad account index");
  std::string rest = text.substr(colon + 1);
  if (auto second = rest.find(':'); second != std::string::npos) {
    spec.region = rest.substr(second + 1);
    rest.resize(second);
    if (spec.region.empty()) return bad("empty region");
  }
  if (rest.empty() || rest.size() > 80 ||
      rest.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != std::string::npos)
    return bad("a queue name is 1-80 letters, digits, '-' or '_'");
  spec.name = std::move(rest);
  return spec;
}

nlohmann::json eventbridge_event(const cloudtrail::RecordedEvent& recorded, const std::string& partition,
                                 const std::string& id, TimePoint now) {
  nlohmann::json detail =
      cloudtrail::event_record(recorded.event, partition, recorded.account_id, recorded.region, now);
  if (!detail.contains("requestParameters") || detail["requestParameters"].is_null())
    detail["requestParameters"] = nlohmann::json::object();
  std::string service = recorded.event.source.substr(0, recorded.event.source.find('.'));
  return {{"version", "0"},
          {"id", id},
          {"detail-type", "AWS API Call via CloudTrail"},
          {"source", "aws." + service},
          {"account", recorded.account_id},
          {"time", recorded.event.when.date.empty() ? base::format_iso8601(now) : recorded.event.when.date},
          {"region", recorded.region},
          {"resources", nlohmann::json::array()},
          {"detail", std::move(detail)}};
}

void deliver_event(Core& core, const cloudtrail::RecordedEvent& recorded, TimePoint now) {
  if (!core.event_queue) return;
  std::string hex = random_hex_id(core, "", 32);
  std::string id = fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                               hex.substr(16, 4), hex.substr(20, 12));
  nlohmann::json event = eventbridge_event(recorded, core.estate.partition, id, now);
  core.sqs_queues.send(*core.event_queue, id, base::json_text(event), now);
}

}  // namespace rolecall::emulator::sqs

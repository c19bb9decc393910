// CloudTrail's confirmation that a key's workload moved onto its role (key_confirm.h).
#include "remediate/key_confirm.h"

#include <fmt/format.h>

#include "aws/ops/cloudtrail_lookup_events.h"
#include "base/iso8601.h"
#include "base/sync.h"

namespace rolecall::remediate {
namespace {

// The first page of events matching one attribute since `since` in one account and region.
Result<aws::cloudtrail::LookupEventsResponse> lookup_since(aws::EventLoop& loop, aws::AwsCaller& caller,
                                                           const std::string& region, const char* attribute,
                                                           const std::string& value,
                                                           std::chrono::system_clock::time_point since) {
  aws::cloudtrail::LookupEventsRequest request;
  request.region = region;
  request.attribute_key = attribute;
  request.attribute_value = value;
  request.start_time = since;
  return base::run_sync<aws::cloudtrail::LookupEventsResponse>(
      loop, [&](auto done) { aws::cloudtrail::lookup_events(caller, request, std::move(done)); });
}

}  // namespace

KeyConfirmation confirm_key_moved(aws::EventLoop& loop, const Callers& callers, const KeyToRetire& key,
                                  const std::string& key_id, const std::map<std::string, InstancePlace>& places,
                                  const std::vector<std::string>& regions,
                                  std::chrono::system_clock::time_point since) {
  KeyConfirmation out;
  const std::string from = base::format_iso8601(since);
  aws::AwsCaller* owner = caller_for(callers, key.account_id);
  if (owner == nullptr) {
    out.error = "no credentials reach account " + key.account_id + " to read its CloudTrail";
    return out;
  }
  std::size_t calls = 0;
  std::string last;
  for (const auto& region : regions) {
    auto page = lookup_since(loop, *owner, region, "AccessKeyId", key_id, since);
    if (!page) {
      out.error = fmt::format("cloudtrail:LookupEvents in {}/{}: {}", key.account_id, region, page.error().describe());
      return out;
    }
    for (const auto& e : page->events) {
      ++calls;
      if (e.event_time > last) {
        last = fmt::format("{} {} from {} in {}", e.event_time, e.event_name, e.source_ip, region);
      }
    }
  }
  if (calls > 0) {
    out.still_used = fmt::format(
        "{}{} call(s) with the key since the migration finished ({}), last {}",
        calls >= static_cast<std::size_t>(aws::cloudtrail::kMaxLookupResults) ? "at least " : "", calls, from, last);
  }
  for (const auto& id : key.instance_ids) {
    auto place = places.find(id);
    aws::AwsCaller* caller = place == places.end() ? nullptr : caller_for(callers, place->second.account_id);
    if (caller == nullptr) {
      out.error = "no credentials reach the account of " + id + " to read its CloudTrail";
      return out;
    }
    auto page = lookup_since(loop, *caller, place->second.region, "Username", id, since);
    if (!page) {
      out.error = fmt::format("cloudtrail:LookupEvents in {}/{}: {}", place->second.account_id, place->second.region,
                              page.error().describe());
      return out;
    }
    if (page->events.empty()) out.silent_instances.push_back(id);
  }
  return out;
}

}  // namespace rolecall::remediate

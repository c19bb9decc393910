#include "emulator/estate/trail_event.h"

#include <algorithm>

#include "base/iso8601.h"

namespace rolecall::emulator {

void EventMoment::set_date(std::string iso8601) {
  date = std::move(iso8601);
  date_at.reset();
  if (auto t = base::parse_iso8601(date)) date_at = *t;
}

std::chrono::system_clock::time_point EventMoment::at(std::chrono::system_clock::time_point now) const {
  if (date_at) return *date_at;
  if (!date.empty()) {
    // The loader accepts only parseable dates, so the fallback is never reached for a loaded event.
    if (auto t = base::parse_iso8601(date)) return *t;
  }
  return now - std::chrono::minutes(std::max(0LL, minutes_ago));
}

std::vector<const TrailEvent*> events_newest_first(
    const std::vector<TrailEvent>& events, std::chrono::system_clock::time_point now,
    const std::function<bool(const TrailEvent&, std::chrono::system_clock::time_point)>& keep) {
  // Filtered before sorting: a page of a narrow window sorts what it lists, not the whole log.
  std::vector<std::pair<std::chrono::system_clock::time_point, const TrailEvent*>> timed;
  for (const auto& e : events) {
    const auto when = e.when.at(now);
    if (keep(e, when)) timed.emplace_back(when, &e);
  }
  std::sort(timed.begin(), timed.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return a.second->id < b.second->id;
  });
  std::vector<const TrailEvent*> out;
  out.reserve(timed.size());
  for (const auto& [when, e] : timed) out.push_back(e);
  return out;
}

std::string arn_account(const std::string& arn) {
  // arn:partition:service:region:account:resource
  std::size_t pos = 0;
  for (int field = 0; field < 4; ++field) {
    pos = arn.find(':', pos);
    if (pos == std::string::npos) return "";
    ++pos;
  }
  auto end = arn.find(':', pos);
  if (end == std::string::npos) return "";
  return arn.substr(pos, end - pos);
}

}  // namespace rolecall::emulator

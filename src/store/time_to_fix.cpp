#include "store/time_to_fix.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "base/iso8601.h"

namespace rolecall::store {

std::vector<TimeToFix> time_to_fix(const std::vector<StoredFinding>& findings) {
  std::map<std::pair<std::string, Severity>, std::vector<std::chrono::seconds>> spans;
  for (const auto& f : findings) {
    if (!f.resolved_at) continue;
    auto opened = base::parse_iso8601(f.opened_at);
    auto resolved = base::parse_iso8601(*f.resolved_at);
    if (!opened || !resolved || *resolved < *opened) continue;
    spans[{f.key.check_id, f.severity}].push_back(
        std::chrono::duration_cast<std::chrono::seconds>(*resolved - *opened));
  }
  std::vector<TimeToFix> out;
  for (auto& [group, times] : spans) {
    std::sort(times.begin(), times.end());
    // Nearest rank: the smallest value with at least p% of the values at or below it.
    const auto rank = [&](std::size_t percent) { return times[(times.size() * percent + 99) / 100 - 1]; };
    TimeToFix t;
    t.check_id = group.first;
    t.severity = group.second;
    t.resolved = times.size();
    t.median = rank(50);
    t.p90 = rank(90);
    out.push_back(std::move(t));
  }
  return out;
}

std::string format_duration(std::chrono::seconds duration) {
  const auto s = duration.count();
  if (s >= 86'400) return fmt::format("{}d {}h", s / 86'400, s % 86'400 / 3'600);
  if (s >= 3'600) return fmt::format("{}h {}m", s / 3'600, s % 3'600 / 60);
  if (s >= 60) return fmt::format("{}m {}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

}  // namespace rolecall::store

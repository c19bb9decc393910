#pragma once
// How long failures stay open: per check and severity, the median and 90th percentile of the time
// from a failure's (latest) opening to its resolution, over the resolved findings.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "store/store.h"

namespace rolecall::store {

// Time to fix of one check at one severity.
struct TimeToFix {
  std::string check_id;
  Severity severity = Severity::kMedium;
  std::size_t resolved = 0;  // how many resolved findings it is computed from
  std::chrono::seconds median{0};
  std::chrono::seconds p90{0};  // nearest rank
};

// The time to fix of `findings` (those with a resolution and an opening time count), by check id
// then severity.
std::vector<TimeToFix> time_to_fix(const std::vector<StoredFinding>& findings);

// "3d 4h", "2h 5m", "45s": a duration for people.
std::string format_duration(std::chrono::seconds duration);

}  // namespace rolecall::store

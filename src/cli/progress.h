#pragma once
// A one-line progress display on stderr for long scans; silent when stderr is not a terminal.
// Each phase shows done/total, and the phases still running their rate and ETA: AWS throttles
// them apart (user data per account and region, CloudTrail at 2 requests/s), so one rate for the
// whole scan would say nothing.

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

#include "rolecall/collect.h"

namespace rolecall::cli {

// Redraws at most ten times a second; finish() clears the line.
class ProgressLine {
 public:
  using Clock = std::chrono::steady_clock;
  // Enabled only when `enabled` and stderr is a TTY.
  explicit ProgressLine(bool enabled);
  // Redraws the line for `progress`.
  void update(const CollectProgress& progress);
  // Erases the line.
  void finish();
  // The line's text for `progress` at `now`, e.g. "scanning: accounts 1/3 · instances 6/6 regions,
  // 1,204 · user data 800/1,204 (150/s, ETA 3s)", at most `columns` - 1 characters wide (0: no
  // limit), finished phases left out first; records when each phase first had work (its rate is
  // measured from there).
  std::string render(const CollectProgress& progress, Clock::time_point now, std::size_t columns = 0);

 private:
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_;
  Clock::time_point last_;
  std::map<std::string, Clock::time_point> phase_started_;
};

}  // namespace rolecall::cli

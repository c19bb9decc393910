#pragma once
// A one-line progress display on stderr for long scans; silent when stderr is not a terminal unless
// asked for lines (--progress-every), which are then written one after another for logs.
// Each phase shows done/total, and the phases still running their rate and ETA: AWS throttles
// them apart (user data per account and region, CloudTrail at 2 requests/s), so one rate for the
// whole scan would say nothing.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "rolecall/collect.h"

namespace rolecall::cli {

// On a terminal: redraws at most ten times a second; finish() clears the line. As log lines: one
// line every `log_every_seconds`, and finish() writes the last state.
class ProgressLine {
 public:
  using Clock = std::chrono::steady_clock;
  // Off unless `enabled`; then log lines when `log_every_seconds` > 0, else the redrawn line when
  // stderr is a TTY.
  explicit ProgressLine(bool enabled, double log_every_seconds = 0);
  // Redraws the line (or writes a log line when one is due) for `progress`.
  void update(const CollectProgress& progress);
  // Erases the line; as log lines, writes the last progress seen since the last line written.
  void finish();
  // The line's text for `progress` at `now`, e.g. "scanning: accounts 1/3 · instances 6/6 regions,
  // 1,204 · user data 800/1,204 (150/s, ETA 3s)", at most `columns` - 1 characters wide (0: no
  // limit), finished phases left out first; records when each phase first had work (its rate is
  // measured from there).
  std::string render(const CollectProgress& progress, Clock::time_point now, std::size_t columns = 0);

 private:
  // Writes "[   5s] scanning: ..." for `progress` at `now` as a line of its own.
  void write_log_line(const CollectProgress& progress, Clock::time_point now);

  enum class Mode { kOff, kRedraw, kLog };
  Mode mode_;
  Clock::duration log_every_{};
  std::optional<CollectProgress> unlogged_;  // seen since the last log line
  bool drawn_ = false;
  Clock::time_point start_;
  Clock::time_point last_;  // the last redraw or log line (the start, before the first)
  std::map<std::string, Clock::time_point> phase_started_;
};

}  // namespace rolecall::cli

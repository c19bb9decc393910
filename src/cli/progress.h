#pragma once
// A one-line progress display on stderr for long scans; silent when stderr is not a terminal.

#include <chrono>

#include "rolecall/collect.h"

namespace rolecall::cli {

// Redraws at most ten times a second; finish() clears the line.
class ProgressLine {
 public:
  // Enabled only when `enabled` and stderr is a TTY.
  explicit ProgressLine(bool enabled);
  // Shows accounts and regions done, instances seen and the instance rate.
  void update(const CollectProgress& progress);
  // Erases the line.
  void finish();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace rolecall::cli

#pragma once
// A console reporter that remembers each benchmark's CPU time per iteration, so a benchmark's
// main can print rolecall's ratio to its baseline after the runs (bench/common has no .cpp: it is
// shared, not a scenario of its own).

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

namespace rolecall::bench {

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Iteration && !run.error_occurred)
        cpu_[run.run_name.function_name] = run.GetAdjustedCPUTime();
    }
    ConsoleReporter::ReportRuns(runs);
  }
  // CPU time per iteration of benchmark function `name` in the reporter's unit; 0 when it did not run.
  double cpu(const std::string& name) const {
    auto it = cpu_.find(name);
    return it == cpu_.end() ? 0.0 : it->second;
  }

 private:
  std::map<std::string, double> cpu_;
};

}  // namespace rolecall::bench

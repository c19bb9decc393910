#pragma once
// How `history`, `diff` and `findings` print what the store holds: a table for people, JSON for
// programs (docs/store.md shows both).

#include <chrono>
#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/diff.h"
#include "store/store.h"
#include "store/time_to_fix.h"

namespace rolecall::cli {

// A scan summary as JSON.
nlohmann::ordered_json scan_json(const store::ScanSummary& scan);
// A stored finding as JSON; `now` gives an open finding's time open.
nlohmann::ordered_json stored_finding_json(const store::StoredFinding& finding,
                                           std::chrono::system_clock::time_point now);

// `history`: scans newest first, the FAIL trend (oldest first) and the time to fix.
void write_history_table(const std::vector<store::ScanSummary>& scans, const std::vector<store::TimeToFix>& fix,
                         std::ostream& out);
nlohmann::ordered_json history_json(const std::vector<store::ScanSummary>& scans,
                                    const std::vector<store::TimeToFix>& fix);

// `diff`.
void write_diff_table(const store::ScanDiff& diff, std::ostream& out);
nlohmann::ordered_json diff_json(const store::ScanDiff& diff, std::chrono::system_clock::time_point now);

// `findings`.
void write_findings_table(const std::vector<store::StoredFinding>& findings, std::chrono::system_clock::time_point now,
                          std::ostream& out);

}  // namespace rolecall::cli

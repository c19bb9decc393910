#pragma once
// `rolecall report --from-store`: the store's current state as a scan result any report format
// renders, so the scans of several workers (`scan --shard I/N`) read as one report.

#include <vector>

#include "rolecall/scan.h"
#include "store/store.h"

namespace rolecall::store {

// The findings' current state as a ScanResult: each finding's last verdict (open ones FAIL,
// resolved ones PASS, muted and ERROR as they were), with its stored evidence; `latest` (newest
// first) gives the checks that ran and the times. Findings that only ever passed are not in the
// store, so they are not in the result either.
ScanResult state_report(const std::vector<StoredFinding>& findings, const std::vector<ScanSummary>& latest,
                        const std::vector<std::string>& checks);

}  // namespace rolecall::store

#pragma once
// What changed between two recorded scans: new, resolved, persisting and regressed failures, and
// the failures the later scan could not judge (so they are neither resolved nor persisting).

#include <cstdint>
#include <optional>
#include <vector>

#include "store/store.h"

namespace rolecall::store {

// The diff of scan `from` to scan `to`; each list sorted by key.
struct ScanDiff {
  ScanSummary from;
  ScanSummary to;
  std::vector<StoredFinding> added;       // FAIL in `to`, not in `from`, never failing before `to`
  std::vector<StoredFinding> resolved;    // FAIL in `from`; `to` judged it and it does not fail
  std::vector<StoredFinding> persisting;  // FAIL in both
  std::vector<StoredFinding> regressed;   // FAIL in `to`, not in `from`, failing in some scan before
  std::vector<StoredFinding> unjudged;    // FAIL in `from`; `to` could not judge it (ERROR, muted, out of scope)
};

// Diffs two observed scans (`from` the earlier one).
ScanDiff diff_scans(const ScanObservations& from, const ScanObservations& to);

// Diffs scans `from` and `to` of `store`; without ids the last two (kNotFound with fewer than two
// scans, or an unknown id, naming the store).
Result<ScanDiff> diff_stored_scans(FindingStore& store, std::optional<std::int64_t> from,
                                   std::optional<std::int64_t> to);

}  // namespace rolecall::store

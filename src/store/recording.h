#pragma once
// How a scan is recorded, once for every backend: which findings open, resolve and regress, and
// which the scan's scope leaves alone. A backend supplies the row operations (RecordWriter) inside
// its write transaction.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rolecall/error.h"
#include "store/store.h"

namespace rolecall::store {

// The stored state of a finding that recording needs.
struct KnownFinding {
  std::int64_t id = 0;
  bool open = false;
};

// A verdict on a finding already stored: what changes with it.
struct FindingUpdate {
  std::int64_t id = 0;
  bool open = false;            // FAIL now
  bool stops_failing = false;   // was open, PASS now: resolved at this scan
  bool starts_failing = false;  // was not open, FAIL now: a new failing period (a regression when resolved before)
};

// The row operations recording a scan needs from a backend, all inside one write transaction.
class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  // Inserts the scan's row; returns its id.
  virtual Result<std::int64_t> insert_scan(const ScanRecord& scan, const ScanCounts& counts, bool complete) = 0;
  // Inserts one part of the scan's scope.
  virtual Result<void> insert_scope_part(std::int64_t scan_id, const ScopePart& part) = 0;
  // The stored finding of `key`, nullopt when there is none.
  virtual Result<std::optional<KnownFinding>> lookup(const FindingKey& key) = 0;
  // Inserts a finding first judged at `at` (open and first seen then when it fails); returns its id.
  virtual Result<std::int64_t> insert_finding(const Finding& finding, const std::string& at) = 0;
  // Records a new verdict on a stored finding, judged at `at`.
  virtual Result<void> update_finding(const FindingUpdate& update, const Finding& finding, const std::string& at) = 0;
  // Records that scan `scan_id` gave finding `finding_id` the non-PASS `status`.
  virtual Result<void> insert_verdict(std::int64_t scan_id, std::int64_t finding_id, Status status) = 0;
  // Every open finding, with its id.
  virtual Result<std::vector<std::pair<std::int64_t, FindingKey>>> open_findings() = 0;
  // Resolves open finding `id` at `at` (its resource is gone from a judged part of the scope).
  virtual Result<void> resolve(std::int64_t id, const std::string& at) = 0;
};

// Records `scan` through `writer` (FindingStore::record_scan's semantics); returns the scan's id.
Result<std::int64_t> record_scan_rows(RecordWriter& writer, const ScanRecord& scan);

// Records `audit` through `writer` (FindingStore::record_audit's semantics).
Result<void> record_audit_rows(RecordWriter& writer, const AuditRecord& audit);

// Verdict counts of `findings`.
ScanCounts count_verdicts(const std::vector<Finding>& findings);
// "2 accounts, 3 regions; incomplete: 111111111111/eu-west-1".
std::string scope_summary(const std::vector<ScopePart>& scope);
// True when `finding`'s failing period began at or after `since` (always when there is no `since`).
bool opened_since(const StoredFinding& finding, const std::optional<std::chrono::system_clock::time_point>& since);
// The check ids of a stored comma-separated list.
std::vector<std::string> split_checks(std::string_view list);

}  // namespace rolecall::store

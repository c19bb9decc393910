#pragma once
// The store of scans and findings (docs/store.md): what each scan saw, and every finding's history
// keyed by (account, region, resource, check). One interface, two backends: an SQLite file
// (sqlite_store.h) and a PostgreSQL database a team shares (pg_store.h).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "base/env.h"
#include "rolecall/error.h"
#include "rolecall/findings.h"

namespace rolecall::store {

// What identifies a finding across scans.
struct FindingKey {
  std::string account_id;
  std::string region;  // empty for account-wide findings
  std::string resource_id;
  std::string check_id;

  auto operator<=>(const FindingKey&) const = default;
};

// The key of `finding`.
FindingKey key_of(const Finding& finding);
// `evidence` as one-line JSON: an object of its non-empty fields.
std::string evidence_json(const Evidence& evidence);
// The Evidence evidence_json() wrote; fields it cannot read (a damaged row) are left empty.
Evidence evidence_from_json(std::string_view text);

// One account and region a scan covered (region empty: the account as a whole). Incomplete when it
// could not be read (AssumeRole denied, DescribeInstances failed): nothing there can be resolved.
struct ScopePart {
  std::string account_id;
  std::string region;
  bool complete = true;
};

// Everything recorded about one scan.
struct ScanRecord {
  std::string started_at;  // ISO 8601 UTC, from the scan's clock
  std::string finished_at;
  std::string caller;               // who ran it (user name, profile)
  std::vector<std::string> checks;  // ids of the checks that ran
  std::vector<ScopePart> scope;
  std::vector<Finding> findings;  // every verdict, PASS included, before any report filter
};

// The verdicts of an audit of a few resources (watch's incremental re-audit): every other finding
// stands as it is.
struct AuditRecord {
  std::string started_at;           // ISO 8601 UTC: when these verdicts were judged
  std::vector<std::string> checks;  // ids of the checks that ran
  // The resources judged again (account, region, resource id): their verdicts are in `findings`, and
  // an open finding of theirs that is not there is gone (a terminated instance, a check that no longer applies).
  std::vector<std::tuple<std::string, std::string, std::string>> resources;
  std::vector<Finding> findings;  // the verdicts of `resources` now, PASS included
};

// Verdict counts of one scan.
struct ScanCounts {
  std::size_t pass = 0, fail = 0, error = 0, muted = 0;
};

// A recorded scan as listed by `rolecall history`.
struct ScanSummary {
  std::int64_t id = 0;
  std::string started_at;
  std::string finished_at;
  std::string caller;
  std::string scope;  // "2 accounts, 3 regions" and the incomplete parts
  std::size_t checks = 0;
  ScanCounts counts;
  bool complete = true;
};

// The stored state of one finding.
struct StoredFinding {
  FindingKey key;
  std::string resource_type;
  Status status = Status::kFail;  // the last verdict (a resource gone from a completed scope keeps its last)
  Severity severity = Severity::kMedium;
  std::string message;
  std::string evidence_json;               // Evidence as a JSON object
  std::string first_seen;                  // first scan that saw it FAIL
  std::string opened_at;                   // start of the current (or last) failing period
  std::string last_seen;                   // last scan that judged it
  std::optional<std::string> resolved_at;  // when it stopped failing; nullopt while open
  bool regressed = false;                  // it was resolved once and failed again
  bool open = false;                       // FAIL now
};

// One scan's non-PASS verdicts, its scope, and which keys failed in any earlier scan: what a diff
// needs from a backend.
struct ScanObservations {
  ScanSummary scan;
  std::vector<std::string> checks;
  std::vector<ScopePart> scope;
  std::vector<StoredFinding> verdicts;     // FAIL, ERROR and MUTED verdicts (PASS is not kept per scan)
  std::vector<FindingKey> failed_earlier;  // keys with a FAIL in a scan before this one
};

// Which findings `rolecall findings` lists.
struct FindingQuery {
  bool open_only = false;
  std::optional<std::chrono::system_clock::time_point> since;  // only findings whose failing period began since
  std::string check_id;                                        // empty: every check
  std::optional<Severity> severity;
};

// The storage interface. Implementations are used by one thread at a time; several processes may
// share one store (concurrent writers are serialized by the backend).
class FindingStore {
 public:
  virtual ~FindingStore() = default;

  // Records `scan` and updates every finding's state in one transaction: new failures open,
  // failures not seen failing in a completed part of the scope (for a check that ran) resolve,
  // resolved ones that fail again regress. Returns the scan's id.
  virtual Result<std::int64_t> record_scan(const ScanRecord& scan) = 0;
  // Records `audit` in one transaction: each of its verdicts updates its finding as record_scan
  // does (opens, resolves, regresses), and an open finding of one of its resources, for a check that
  // ran, that it did not report is resolved. It is no scan: history, diff and the scans' verdicts
  // do not list it; the findings' states and times (findings, time to fix) take it.
  virtual Result<void> record_audit(const AuditRecord& audit) = 0;
  // The recorded scans, newest first, at most `limit` (0: all).
  virtual Result<std::vector<ScanSummary>> scans(std::size_t limit) = 0;
  // One scan's verdicts and scope; kNotFound for an unknown id.
  virtual Result<ScanObservations> observations(std::int64_t scan_id) = 0;
  // The current state of the findings `query` selects, by key.
  virtual Result<std::vector<StoredFinding>> findings(const FindingQuery& query) = 0;
  // Where the store is, for messages.
  virtual const std::string& location() const = 0;
};

// Opens (creating or migrating when needed) the store `url` names: "" for the default path, a path,
// "sqlite:///path", or a PostgreSQL database ("postgresql://..." or "postgres://...", libpq's
// connection URI). A file or database that is not a rolecall store, or is newer, is
// kInvalidArgument naming it (a database without its password).
Result<std::unique_ptr<FindingStore>> open_store(const std::string& url, base::Env& env);

// The default store: $XDG_STATE_HOME/rolecall/store.db, else ~/.local/state/rolecall/store.db.
std::string default_store_path(const base::Env& env);

}  // namespace rolecall::store

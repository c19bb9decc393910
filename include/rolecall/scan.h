#pragma once
// The audit: its entry points (a live scan and an offline one), its result and how that result
// maps to an exit code. The CLI, the tests and the benchmarks all audit through these.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rolecall/collect.h"
#include "rolecall/error.h"
#include "rolecall/exit_code.h"
#include "rolecall/findings.h"
#include "rolecall/inventory.h"
#include "rolecall/scope.h"

namespace rolecall {

namespace base {
class Env;
}  // namespace base

// Totals for the summary and the JSON report.
struct ScanStats {
  std::size_t accounts = 0;
  std::size_t regions = 0;    // account+region pairs scanned
  std::size_t instances = 0;  // instances judged
  std::size_t launch_templates = 0;
  double seconds = 0;
};

// What --status, --severity, --account and --tag narrowed a report to; an empty member narrows
// nothing. A finding is shown when it matches every non-empty member.
struct ReportFilters {
  std::vector<Status> statuses;
  std::vector<Severity> severities;
  std::vector<std::string> accounts;
  std::vector<std::pair<std::string, std::string>> tags;  // KEY=VALUE: only instances carrying every one

  // True when nothing is narrowed.
  bool empty() const { return statuses.empty() && severities.empty() && accounts.empty() && tags.empty(); }
};

// Everything one scan produced.
struct ScanResult {
  std::vector<Finding> findings;    // sorted by account, region, resource, check
  std::vector<std::string> checks;  // ids of the checks that ran
  ScanStats stats;
  std::string started_at;  // ISO 8601 UTC
  std::string finished_at;
  // Context and view (report::add_context, report::apply_filters): account names by id
  // (Organizations, else the IAM account alias), the --tags keys each finding's tag_values follow,
  // the filters the findings were narrowed by, and how many findings (and of those ERRORs) they hid.
  std::map<std::string, std::string> account_names;
  std::vector<std::string> context_tags;
  ReportFilters filters;
  std::size_t hidden = 0;
  std::size_t hidden_errors = 0;  // a hidden ERROR still makes the scan partial (exit_code_for)
};

// Which checks judge the estate, and the user policy that shapes their verdicts.
struct JudgeOptions {
  std::vector<std::string> checks;       // --checks; empty: every default-enabled check
  std::vector<std::string> skip_checks;  // --skip-checks
  std::vector<std::string> approved;     // approved instance profile or role ARNs; empty: not judged
};

// A live audit: what to scan and how to judge it.
struct ScanOptions {
  ScopeOptions scope;
  std::vector<std::string> regions;  // --regions; empty: every enabled region
  JudgeOptions judge;
  ProgressCallback on_progress;  // the collection's progress
  // Look up the key ids found at rest (owner, user, status, last use) with the scan's own
  // credentials; off: the key findings keep their default severity (--no-key-intel).
  bool key_intel = true;
  // key-in-use-from-instance reads these trail log files instead of calling
  // cloudtrail:LookupEvents; an empty location: LookupEvents.
  TrailLogsOptions trail_logs;
};

// An offline audit: what to read and how to judge it.
struct OfflineScanOptions {
  std::vector<std::string> from;     // a `rolecall collect` directory, or AWS CLI JSON files and directories of them
  std::string fallback_region;       // places instances whose AWS CLI output has no availability zone
  std::vector<std::string> regions;  // empty: every region the input holds
  JudgeOptions judge;
  // The trail log files key-in-use-from-instance reads; an empty location: that check cannot run offline.
  TrailLogsOptions trail_logs;
  // Reads s3:// trail logs (an offline scan's only AWS calls); null: an s3:// location is refused.
  aws::Session* session = nullptr;
};

// Runs the audit on `session`: resolves the scope, collects what the selected checks need, judges
// it. Fails with kInvalidArgument for unknown check ids and kCredentials when no credentials work
// at all; every other failure is an ERROR finding inside the result. When `inventory` is given it
// receives what was judged (the mutelist matches resource tags in it).
Result<ScanResult> scan(aws::Session& session, const ScanOptions& options, Inventory* inventory = nullptr);

// Audits `options.from` without any AWS call, reading files through `env`. Fails with
// kInvalidArgument for unknown check ids and unreadable input, kParse for malformed input.
// `inventory` as for scan().
Result<ScanResult> scan_offline(const base::Env& env, const OfflineScanOptions& options,
                                Inventory* inventory = nullptr);

// The exit code for `result`: kFindings when a FAIL reaches `fail_on` (even if the scan was partial;
// never with `fail_on` nullopt, `--fail-on none`), else kPartial when anything is ERROR, else kOk;
// kCredentials when no scope could be scanned at all. FAILs count only as far as the report's
// filters show them; ERRORs count even when filtered out (hidden_errors): a filter never makes an
// incomplete scan look complete.
ExitCode exit_code_for(const ScanResult& result, std::optional<Severity> fail_on);

// Where a scan reads its estate from.
enum class ScanSource { kLive, kOffline };

// The exit code of a scan that produced no result (scan() or scan_offline() failed): kUsage when
// the user's input is at fault (kInvalidArgument: flags, files, configuration; offline, also a
// malformed input file, kParse); otherwise nothing could be scanned and it is kCredentials,
// whatever failed (no credentials, a denied or malformed STS answer, the network). The one rule:
// exit_code_for(ScanResult) gives kCredentials too when no scope could be scanned.
ExitCode exit_code_for(const Error& failure, ScanSource source);

}  // namespace rolecall

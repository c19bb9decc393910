#include "store/recording.h"

#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/iso8601.h"
#include "store/coverage.h"

namespace rolecall::store {

ScanCounts count_verdicts(const std::vector<Finding>& findings) {
  ScanCounts c;
  for (const auto& f : findings) {
    switch (f.status) {
      case Status::kPass: ++c.pass; break;
      case Status::kFail: ++c.fail; break;
      case Status::kError: ++c.error; break;
      case Status::kMuted: ++c.muted; break;
    }
  }
  return c;
}

std::string scope_summary(const std::vector<ScopePart>& scope) {
  std::set<std::string> accounts;
  std::size_t regions = 0;
  std::vector<std::string> incomplete;
  for (const auto& p : scope) {
    accounts.insert(p.account_id);
    if (!p.region.empty()) ++regions;
    if (!p.complete) incomplete.push_back(p.region.empty() ? p.account_id : p.account_id + "/" + p.region);
  }
  std::string out = fmt::format("{} account{}, {} region{}", accounts.size(), accounts.size() == 1 ? "" : "s", regions,
                                regions == 1 ? "" : "s");
  if (!incomplete.empty()) out += fmt::format("; incomplete: {}", fmt::join(incomplete, ", "));
  return out;
}

bool opened_since(const StoredFinding& finding, const std::optional<std::chrono::system_clock::time_point>& since) {
  if (!since) return true;
  const auto opened = base::parse_iso8601(finding.opened_at);
  return opened && *opened >= *since;
}

std::vector<std::string> split_checks(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    out.emplace_back(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return out;
}

namespace {

// One verdict's effect on its stored finding (`key` its key), judged at `t`, and its row among the
// verdicts of scan `scan_id` when given and not PASS.
Result<void> record_one_verdict(RecordWriter& writer, const Finding& f, const FindingKey& key, const std::string& t,
                                std::optional<std::int64_t> scan_id) {
  auto known = writer.lookup(key);
  if (!known) return fail(known.error());
  const bool failing = f.status == Status::kFail;
  if (!*known && f.status == Status::kPass) return {};  // never failed: nothing to remember
  std::int64_t id = 0;
  if (*known && f.status == Status::kError) {
    id = (*known)->id;  // not judged: the finding keeps its state (an open one stays open)
  } else if (!*known) {
    auto inserted = writer.insert_finding(f, t);
    if (!inserted) return fail(inserted.error());
    id = *inserted;
  } else {
    id = (*known)->id;
    const bool was_open = (*known)->open;
    // MUTED ends the open period without fixing anything: it does not stop failing.
    const FindingUpdate update{id, failing, was_open && f.status == Status::kPass, !was_open && failing};
    if (auto r = writer.update_finding(update, f, t); !r) return fail(r.error());
  }
  if (scan_id && f.status != Status::kPass) {
    if (auto r = writer.insert_verdict(*scan_id, id, f.status); !r) return fail(r.error());
  }
  return {};
}

}  // namespace

Result<std::int64_t> record_scan_rows(RecordWriter& writer, const ScanRecord& scan) {
  const ScanCounts counts = count_verdicts(scan.findings);
  // One part per (account, region): a failure anywhere in it makes it incomplete.
  std::map<std::pair<std::string, std::string>, bool> parts;
  for (const auto& p : scan.scope) {
    auto [it, added] = parts.emplace(std::pair{p.account_id, p.region}, p.complete);
    if (!added) it->second = it->second && p.complete;
  }
  std::vector<ScopePart> scope;
  bool complete = counts.error == 0;
  for (const auto& [where, ok] : parts) {
    scope.push_back({where.first, where.second, ok});
    complete = complete && ok;
  }
  auto scan_id = writer.insert_scan(scan, counts, complete);
  if (!scan_id) return scan_id;
  for (const auto& p : scope) {
    if (auto r = writer.insert_scope_part(*scan_id, p); !r) return fail(r.error());
  }

  const std::string& t = scan.started_at;  // when this scan saw each verdict
  std::set<FindingKey> seen;
  std::vector<FindingKey> scope_errors;
  for (const auto& f : scan.findings) {
    FindingKey key = key_of(f);
    if (f.status == Status::kError && f.resource_type == "scope") scope_errors.push_back(key);
    if (auto r = record_one_verdict(writer, f, key, t, *scan_id); !r) return fail(r.error());
    seen.insert(std::move(key));
  }

  // Open findings this scan did not report although it judged their part of the scope: the resource
  // (or the check's subject) is gone, so the failure is resolved.
  const Coverage coverage(scope, scan.checks, scope_errors);
  auto open = writer.open_findings();
  if (!open) return fail(open.error());
  for (const auto& [id, key] : *open) {
    if (seen.contains(key) || !coverage.judged(key)) continue;
    if (auto r = writer.resolve(id, t); !r) return fail(r.error());
  }
  return scan_id;
}

Result<void> record_audit_rows(RecordWriter& writer, const AuditRecord& audit) {
  std::set<FindingKey> seen;
  for (const auto& f : audit.findings) {
    FindingKey key = key_of(f);
    if (auto r = record_one_verdict(writer, f, key, audit.started_at, std::nullopt); !r) return r;
    seen.insert(std::move(key));
  }
  // An open finding of a judged resource, for a check that ran, that the audit did not report is
  // gone: looked up by key, so the cost follows the audit, not the store.
  for (const auto& [account, region, resource] : audit.resources) {
    for (const auto& check : audit.checks) {
      FindingKey key{account, region, resource, check};
      if (seen.contains(key)) continue;
      auto known = writer.lookup(key);
      if (!known) return fail(known.error());
      if (!*known || !(*known)->open) continue;
      if (auto r = writer.resolve((*known)->id, audit.started_at); !r) return r;
    }
  }
  return {};
}

}  // namespace rolecall::store

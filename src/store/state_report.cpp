#include "store/state_report.h"

#include <algorithm>
#include <set>

namespace rolecall::store {

ScanResult state_report(const std::vector<StoredFinding>& findings, const std::vector<ScanSummary>& latest,
                        const std::vector<std::string>& checks) {
  ScanResult out;
  out.checks = checks;
  std::set<std::string> accounts;
  std::set<std::pair<std::string, std::string>> regions;
  for (const auto& stored : findings) {
    Finding f;
    f.check_id = stored.key.check_id;
    f.status = stored.status;
    f.severity = stored.severity;
    f.account_id = stored.key.account_id;
    f.region = stored.key.region;
    f.resource_type = stored.resource_type;
    f.resource_id = stored.key.resource_id;
    f.message = stored.message;
    f.evidence = evidence_from_json(stored.evidence_json);
    if (f.status == Status::kMuted) f.mute_reason = "muted when last scanned";
    accounts.insert(f.account_id);
    if (!f.region.empty()) regions.emplace(f.account_id, f.region);
    if (std::find(out.checks.begin(), out.checks.end(), f.check_id) == out.checks.end())
      out.checks.push_back(f.check_id);
    out.findings.push_back(std::move(f));
  }
  std::sort(out.findings.begin(), out.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.account_id, a.region, a.resource_id, a.check_id) <
           std::tie(b.account_id, b.region, b.resource_id, b.check_id);
  });
  std::sort(out.checks.begin(), out.checks.end());
  out.stats.accounts = accounts.size();
  out.stats.regions = regions.size();
  if (!latest.empty()) {
    // The period the state comes from: the oldest listed scan's start to the newest's end.
    out.started_at = latest.back().started_at;
    out.finished_at = latest.front().finished_at;
  }
  return out;
}

}  // namespace rolecall::store

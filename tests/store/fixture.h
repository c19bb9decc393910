#pragma once
// Building scan records for the store's tests: findings by key and status, a scope of regions.

#include <string>
#include <vector>

#include "store/store.h"

namespace rolecall::testing {

// A verdict of `check` on `resource` in account 111111111111 and `region`.
inline Finding verdict(const std::string& resource, Status status, const std::string& check = "instance-has-role",
                       const std::string& region = "us-east-1") {
  Finding f;
  f.check_id = check;
  f.status = status;
  f.severity = Severity::kHigh;
  f.account_id = "111111111111";
  f.region = region;
  f.resource_type = "instance";
  f.resource_id = resource;
  f.message = resource + " " + check;
  f.evidence.detail = "why";
  return f;
}

// A scope-level ERROR: `region` (empty: the account) could not be read by `check` ("scan": any check).
inline Finding scope_error(const std::string& region, const std::string& check = "scan") {
  Finding f = verdict(region.empty() ? "111111111111" : "111111111111/" + region, Status::kError, check, region);
  f.resource_type = "scope";
  return f;
}

// A scan started at day `day` of December 2026, of both checks over us-east-1 and eu-west-1 (or the
// regions given), complete unless listed in `incomplete`.
inline store::ScanRecord scan_at(int day, std::vector<Finding> findings,
                                 const std::vector<std::string>& incomplete = {},
                                 const std::vector<std::string>& regions = {"us-east-1", "eu-west-1"}) {
  store::ScanRecord r;
  r.started_at = "2026-12-" + std::string(day < 10 ? "0" : "") + std::to_string(day) + "T10:00:00Z";
  r.finished_at = r.started_at;
  r.caller = "tester";
  r.checks = {"instance-has-role", "imdsv2-required"};
  for (const auto& region : regions) {
    bool ok = true;
    for (const auto& i : incomplete) ok = ok && i != region;
    r.scope.push_back({"111111111111", region, ok});
  }
  r.findings = std::move(findings);
  return r;
}

}  // namespace rolecall::testing

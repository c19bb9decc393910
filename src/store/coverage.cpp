#include "store/coverage.h"

namespace rolecall::store {
namespace {

// The check id of a scope-level ERROR that blocks every check (src/checks/run_checks.cpp).
constexpr const char* kWholeScan = "scan";

}  // namespace

Coverage::Coverage(const std::vector<ScopePart>& scope, const std::vector<std::string>& checks,
                   const std::vector<FindingKey>& scope_errors)
    : checks_(checks.begin(), checks.end()) {
  for (const auto& part : scope) {
    if (!part.complete && part.region.empty()) blocked_accounts_.insert(part.account_id);
    if (part.complete) {
      complete_.emplace(part.account_id, part.region);
    } else {
      blocked_.emplace(part.account_id, part.region, "");
    }
  }
  for (const auto& e : scope_errors) {
    if (e.region.empty()) {
      blocked_accounts_.insert(e.account_id);
    } else {
      blocked_.emplace(e.account_id, e.region, e.check_id == kWholeScan ? "" : e.check_id);
    }
  }
}

bool Coverage::judged(const FindingKey& key) const {
  if (!checks_.contains(key.check_id) || blocked_accounts_.contains(key.account_id)) return false;
  if (key.region.empty()) {
    // An account-wide finding: judged when some region of the account was read and none failed.
    bool any = false;
    for (auto it = complete_.lower_bound({key.account_id, ""}); it != complete_.end() && it->first == key.account_id;
         ++it) {
      any = true;
    }
    if (!any) return false;
    for (const auto& [account, region, check] : blocked_) {
      if (account == key.account_id && (check.empty() || check == key.check_id)) return false;
    }
    return true;
  }
  return complete_.contains({key.account_id, key.region}) && !blocked_.contains({key.account_id, key.region, ""}) &&
         !blocked_.contains({key.account_id, key.region, key.check_id});
}

}  // namespace rolecall::store

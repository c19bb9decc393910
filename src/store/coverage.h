#pragma once
// Which verdicts a scan could have given: only a key in a completed part of the scope, for a check
// that ran and was not blocked there, can be resolved by its absence. Shared by recording a scan
// and diffing two.

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "store/store.h"

namespace rolecall::store {

// A scan's coverage: its scope parts, its checks, and the scope-level ERROR verdicts (an account or
// region a check, or the whole scan, could not read).
class Coverage {
 public:
  // `scope_errors` are the scan's ERROR verdicts on resource type "scope" (check "scan": every check).
  Coverage(const std::vector<ScopePart>& scope, const std::vector<std::string>& checks,
           const std::vector<FindingKey>& scope_errors);

  // True when the scan judged everything `key`'s check covers in `key`'s account and region, so a
  // key it did not report is gone (resolved).
  bool judged(const FindingKey& key) const;

 private:
  std::set<std::pair<std::string, std::string>> complete_;               // (account, region)
  std::set<std::string> blocked_accounts_;                               // an account-wide part failed
  std::set<std::tuple<std::string, std::string, std::string>> blocked_;  // (account, region, check); check "" all
  std::set<std::string> checks_;
};

}  // namespace rolecall::store

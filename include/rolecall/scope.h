#pragma once
// Which accounts a live workflow (scan, collect, plan) covers and how it reaches each: the current
// credentials, several --profile's, an --accounts file, or the whole organization (--org) via AssumeRole.

#include <cstddef>
#include <string>
#include <vector>

namespace rolecall {

// --shard I/N: share `index` of `count` (inventory/shard.h); {0, 1} is every account.
struct Shard {
  std::size_t index = 0;
  std::size_t count = 1;
};

// How the user chose the scope.
struct ScopeOptions {
  std::vector<std::string> profiles;  // --profile (repeatable); empty: the default chain
  std::string accounts_file;          // --accounts FILE: one account id per line (# comments; "id,name" allowed)
  bool org = false;                   // --org: every ACTIVE account of the organization
  std::string assume_role = "OrganizationAccountAccessRole";  // --assume-role NAME for --accounts / --org
  std::string external_id;                                    // --external-id
  std::size_t assume_parallelism = 8;                         // AssumeRole calls made at once while resolving
  std::vector<std::string> only_accounts;  // when set: of the accounts chosen above, only these (watch's re-audits)
  Shard shard;  // --shard: only the accounts of this share (none of the others is called, not even AssumeRole)
};

}  // namespace rolecall

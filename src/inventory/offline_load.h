#pragma once
// `rolecall scan --from`: loading an inventory without calling AWS.

#include <string>
#include <vector>

#include "base/env.h"
#include "rolecall/inventory.h"

namespace rolecall::inventory {

// Loads `inputs`: one `rolecall collect` directory (holding manifest.json), or any mix of AWS CLI
// JSON files and directories of them (*.json, not recursive). `fallback_region` places instances
// whose output has no availability zone. Data the input lacks is marked not collected, so the
// checks needing it report ERROR, never PASS. Any unreadable, malformed or truncated file fails
// the whole load, naming the file. Files are read through `env`.
Result<Inventory> load_offline(const base::Env& env, const std::vector<std::string>& inputs,
                               const std::string& fallback_region);

}  // namespace rolecall::inventory

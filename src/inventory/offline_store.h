#pragma once
// Saving a collected inventory to a directory (`rolecall collect --out DIR`) and reading it back
// (`rolecall scan --from DIR`). Layout and schema: docs/offline.md.

#include <string>
#include <vector>

#include "base/env.h"
#include "rolecall/inventory.h"

namespace rolecall::inventory {

// Facts about a collection recorded in its manifest.
struct CollectMetadata {
  std::string collected_at;          // ISO 8601 UTC
  DataNeeds needs;                   // what was asked for
  std::vector<std::string> regions;  // --regions; empty: every enabled region
  std::string tool_version;          // rolecall's version (the CLI fills it in)
};

// Writes `inventory` into `dir`: DIR/ACCOUNT/iam.json, DIR/ACCOUNT/REGION.json and, last,
// DIR/manifest.json (so an interrupted write has no manifest). `dir` must not exist or be empty;
// it is created with mode 0700 and the files 0600 (user data may hold secrets). Returns the paths.
Result<std::vector<std::string>> write_inventory_dir(base::Env& env, const Inventory& inventory, const std::string& dir,
                                                     const CollectMetadata& metadata);

// Reads a directory written by write_inventory_dir. Fails (kParse/kIo) naming the file and what
// was wrong: missing/extra-short files, malformed JSON, missing keys, wrong schema.
Result<Inventory> read_inventory_dir(const base::Env& env, const std::string& dir, CollectMetadata* metadata = nullptr);

// True when `dir` holds a rolecall manifest.json.
bool is_inventory_dir(const base::Env& env, const std::string& dir);

}  // namespace rolecall::inventory

#pragma once
// Deterministic test tree for the scan-files benchmark: text files with sparse planted keys and decoys.

#include <cstdint>
#include <string>

namespace rolecall::bench {

// What to generate.
struct TreeSpec {
  std::string root;  // created if missing; existing files are overwritten
  std::uint64_t total_bytes = 1ull << 30;
  std::uint64_t seed = 42;
  std::string manifest;  // "kind<TAB>path<TAB>line" per planted key and decoy ("planted" / decoy kind)
};

// Writes the tree and the manifest; returns 0 or prints why not and returns 1. All keys are fake.
int generate_tree(const TreeSpec& spec);

}  // namespace rolecall::bench

// The documents of a `rolecall collect` directory read back by `rolecall scan --from DIR` (an
// account's iam.json, an account+region's REGION.json; docs/offline.md): untrusted JSON, read by
// the same functions read_inventory_dir uses for each listed file.

#include <cstddef>
#include <cstdint>
#include <string>

#include "inventory/inventory_json.h"
#include "inventory/offline_json.h"

namespace inventory = rolecall::inventory;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto doc = inventory::parse_json_file_text(text, "doc.json");
  if (!doc) return 0;
  inventory::JsonReader account_reader("123456789012/iam.json");
  (void)inventory::account_from_json(account_reader, *doc);
  inventory::JsonReader region_reader("123456789012/us-east-1.json");
  (void)inventory::region_from_json(region_reader, *doc);
  return 0;
}

#include "inventory/offline_load.h"

#include <algorithm>
#include <filesystem>

#include "inventory/offline_awscli.h"
#include "inventory/offline_store.h"

namespace rolecall::inventory {
namespace {

namespace fs = std::filesystem;

// Regions whose launch templates were never asked for must not read as "no templates".
void mark_uncollected(Inventory& inventory) {
  for (auto& region : inventory.regions) {
    if (!region.instances_error && !region.launch_templates_collected && !region.launch_templates_error) {
      region.launch_templates_error =
          Error::not_found("not collected: the collection did not include launch templates");
    }
  }
}

}  // namespace

Result<Inventory> load_offline(const std::vector<std::string>& inputs, const std::string& fallback_region) {
  if (inputs.empty()) return fail(ErrorKind::kInvalidArgument, "--from needs a directory or file");
  for (const auto& input : inputs) {
    if (!is_inventory_dir(input)) continue;
    if (inputs.size() != 1) {
      return fail(ErrorKind::kInvalidArgument,
                  "--from " + input + " is a rolecall collect directory and cannot be combined with other inputs");
    }
    auto inventory = read_inventory_dir(input);
    if (!inventory) return fail(inventory.error());
    mark_uncollected(*inventory);
    return inventory;
  }
  AwsCliInventoryBuilder builder(fallback_region);
  for (const auto& input : inputs) {
    std::error_code ec;
    auto status = fs::status(input, ec);
    if (ec || !fs::exists(status))
      return fail(ErrorKind::kInvalidArgument, "--from " + input + ": no such file or directory");
    if (fs::is_directory(status)) {
      std::vector<std::string> files;
      for (const auto& entry : fs::directory_iterator(input, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path().string());
      }
      if (ec) return fail(ErrorKind::kIo, "cannot list " + input + ": " + ec.message());
      if (files.empty()) {
        return fail(ErrorKind::kInvalidArgument,
                    "--from " + input +
                        ": neither a rolecall collect directory (no manifest.json) nor a directory of "
                        "AWS CLI *.json outputs");
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        if (auto ok = builder.add_file(f); !ok) return fail(ok.error());
      }
    } else {
      if (auto ok = builder.add_file(input); !ok) return fail(ok.error());
    }
  }
  return builder.finish();
}

}  // namespace rolecall::inventory

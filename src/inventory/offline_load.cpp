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

Result<Inventory> load_offline(const base::Env& env, const std::vector<std::string>& inputs,
                               const std::string& fallback_region) {
  if (inputs.empty()) return fail(ErrorKind::kInvalidArgument, "--from needs a directory or file");
  for (const auto& input : inputs) {
    if (!is_inventory_dir(env, input)) continue;
    if (inputs.size() != 1) {
      return fail(ErrorKind::kInvalidArgument,
                  "--from " + input + " is a rolecall collect directory and cannot be combined with other inputs");
    }
    auto inventory = read_inventory_dir(env, input);
    if (!inventory) return fail(inventory.error());
    mark_uncollected(*inventory);
    return inventory;
  }
  AwsCliInventoryBuilder builder(env, fallback_region);
  for (const auto& input : inputs) {
    const base::FileType type = env.file_type(input);
    if (type == base::FileType::kNone)
      return fail(ErrorKind::kInvalidArgument, "--from " + input + ": no such file or directory");
    if (type == base::FileType::kDirectory) {
      auto names = env.list_directory(input);
      if (!names) return fail(ErrorKind::kIo, names.error().message);
      std::vector<std::string> files;
      for (const auto& name : *names) {
        const std::string path = (fs::path(input) / name).string();
        if (fs::path(name).extension() == ".json" && env.file_type(path) == base::FileType::kFile) {
          files.push_back(path);
        }
      }
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

#include "inventory/offline_store.h"

#include <fmt/format.h>

#include <filesystem>

#include "base/json_text.h"
#include "inventory/inventory_json.h"

namespace rolecall::inventory {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Account ids and region names become path components: only [A-Za-z0-9-] is allowed.
bool safe_component(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Files and directories are the owner's only: user data may hold secrets.
Result<std::size_t> write_private(base::Env& env, const fs::path& path, const std::string& text) {
  if (auto ok = env.write_file(path.string(), text, base::Access::kOwnerOnly); !ok) return fail(ok.error());
  return text.size();
}

Result<void> prepare_dir(base::Env& env, const fs::path& dir) {
  const base::FileType type = env.file_type(dir.string());
  if (type != base::FileType::kNone) {
    if (type != base::FileType::kDirectory)
      return fail(ErrorKind::kInvalidArgument, dir.string() + " exists and is not a directory");
    auto names = env.list_directory(dir.string());
    if (!names || !names->empty()) {  // an unlistable directory counts as not empty
      return fail(ErrorKind::kInvalidArgument,
                  dir.string() + " is not empty; collect into a new directory (old inventories may hold secrets)");
    }
  }
  return env.create_directories(dir.string(), base::Access::kOwnerOnly);
}

json needs_json(const DataNeeds& n) {
  return {{"iam", n.iam}, {"user_data", n.user_data}, {"launch_templates", n.launch_templates}};
}

// A manifest-relative file name must stay inside the directory.
bool safe_relative(const std::string& rel) {
  fs::path p(rel);
  if (p.is_absolute() || rel.empty()) return false;
  for (const auto& part : p) {
    if (part == ".." || part == ".") return false;
  }
  return true;
}

Result<json> read_listed(const base::Env& env, const fs::path& dir, JsonReader& manifest, const json& entry,
                         const std::string& path) {
  std::string rel = manifest.string(entry, "file", path);
  long long size = manifest.integer(entry, "bytes", path);
  if (manifest.failed()) return fail(manifest.error());
  if (!safe_relative(rel)) {
    manifest.fail(JsonReader::key_path(path, "file"), "file name must be relative to the directory: " + rel);
    return fail(manifest.error());
  }
  const std::string file = (dir / rel).string();
  auto text = env.read_file(file);
  if (!text) return fail(ErrorKind::kIo, fmt::format("listed in {} but {}", manifest.file(), text.error().message));
  const auto actual = static_cast<long long>(text->size());
  if (actual != size) {
    return fail(ErrorKind::kParse, fmt::format("{}: {} bytes, but the manifest recorded {} ({})", file, actual, size,
                                               actual < size ? "truncated" : "modified"));
  }
  return parse_json_file_text(*text, file);
}

}  // namespace

bool is_inventory_dir(const base::Env& env, const std::string& dir) {
  return env.file_type((fs::path(dir) / "manifest.json").string()) == base::FileType::kFile;
}

Result<std::vector<std::string>> write_inventory_dir(base::Env& env, const Inventory& inventory,
                                                     const std::string& dir_name, const CollectMetadata& metadata) {
  fs::path dir(dir_name);
  if (auto ok = prepare_dir(env, dir); !ok) return fail(ok.error());
  std::vector<std::string> written;
  json accounts = json::array(), regions = json::array(), scope_errors = json::array();
  auto ensure_account_dir = [&](const std::string& account) -> Result<void> {
    if (!safe_component(account)) return fail(ErrorKind::kInvalidArgument, "unexpected account id \"" + account + "\"");
    return env.create_directories((dir / account).string(), base::Access::kOwnerOnly);
  };
  for (const auto& [id, account] : inventory.accounts) {
    if (auto ok = ensure_account_dir(id); !ok) return fail(ok.error());
    std::string rel = id + "/iam.json";
    auto bytes = write_private(env, dir / rel, base::json_text(account_to_json(account), 1) + "\n");
    if (!bytes) return fail(bytes.error());
    accounts.push_back({{"account_id", id}, {"file", rel}, {"bytes", *bytes}});
    written.push_back((dir / rel).string());
  }
  for (const auto& region : inventory.regions) {
    if (!safe_component(region.region))
      return fail(ErrorKind::kInvalidArgument, "unexpected region \"" + region.region + "\"");
    if (auto ok = ensure_account_dir(region.account_id); !ok) return fail(ok.error());
    std::string rel = region.account_id + "/" + region.region + ".json";
    auto bytes = write_private(env, dir / rel, base::json_text(region_to_json(region), 1) + "\n");
    if (!bytes) return fail(bytes.error());
    regions.push_back({{"account_id", region.account_id}, {"region", region.region}, {"file", rel}, {"bytes", *bytes}});
    written.push_back((dir / rel).string());
  }
  for (const auto& e : inventory.scope_errors) {
    scope_errors.push_back({{"account_id", e.account_id}, {"region", e.region}, {"error", error_to_json(e.error)}});
  }
  json manifest = {{"schema", kManifestSchema},
                   {"rolecall_version", metadata.tool_version},
                   {"collected_at", metadata.collected_at},
                   {"needs", needs_json(metadata.needs)},
                   {"regions_requested", metadata.regions},
                   {"accounts", accounts},
                   {"regions", regions},
                   {"scope_errors", scope_errors}};
  auto bytes = write_private(env, dir / "manifest.json", base::json_text(manifest, 2) + "\n");
  if (!bytes) return fail(bytes.error());
  written.push_back((dir / "manifest.json").string());
  return written;
}

Result<Inventory> read_inventory_dir(const base::Env& env, const std::string& dir_name, CollectMetadata* metadata) {
  fs::path dir(dir_name);
  std::string manifest_path = (dir / "manifest.json").string();
  auto doc = read_json_file(env, manifest_path);
  if (!doc) return fail(doc.error());
  JsonReader m(manifest_path);
  if (!m.expect_object(*doc, "")) return fail(m.error());
  std::string schema = m.string(*doc, "schema", "");
  if (!m.failed() && schema != kManifestSchema)
    m.fail("schema", "expected \"" + std::string(kManifestSchema) + "\", got \"" + schema + "\"");
  CollectMetadata meta;
  meta.collected_at = m.string(*doc, "collected_at", "");
  if (const json* n = m.object(*doc, "needs", "")) {
    meta.needs.iam = m.boolean(*n, "iam", "needs");
    meta.needs.user_data = m.boolean(*n, "user_data", "needs");
    meta.needs.launch_templates = m.boolean(*n, "launch_templates", "needs");
  }
  const json* accounts = m.array(*doc, "accounts", "");
  const json* regions = m.array(*doc, "regions", "");
  const json* scope_errors = m.array(*doc, "scope_errors", "");
  if (m.failed()) return fail(m.error());

  Inventory inventory;
  for (std::size_t i = 0; i < accounts->size(); ++i) {
    std::string path = JsonReader::index_path("accounts", i);
    if (!m.expect_object((*accounts)[i], path)) return fail(m.error());
    std::string id = m.string((*accounts)[i], "account_id", path);
    auto file = read_listed(env, dir, m, (*accounts)[i], path);
    if (!file) return fail(file.error());
    JsonReader r((dir / (*accounts)[i].at("file").get<std::string>()).string());
    AccountInventory account = account_from_json(r, *file);
    if (!r.failed() && account.account_id != id)
      r.fail("account_id", "\"" + account.account_id + "\" but the manifest says \"" + id + "\"");
    if (r.failed()) return fail(r.error());
    inventory.accounts[id] = std::move(account);
    inventory.accounts[id].build_index();  // indexes point into the moved vectors
  }
  for (std::size_t i = 0; i < regions->size(); ++i) {
    std::string path = JsonReader::index_path("regions", i);
    if (!m.expect_object((*regions)[i], path)) return fail(m.error());
    std::string id = m.string((*regions)[i], "account_id", path);
    std::string name = m.string((*regions)[i], "region", path);
    auto file = read_listed(env, dir, m, (*regions)[i], path);
    if (!file) return fail(file.error());
    JsonReader r((dir / (*regions)[i].at("file").get<std::string>()).string());
    RegionInventory region = region_from_json(r, *file);
    if (!r.failed() && (region.account_id != id || region.region != name)) {
      r.fail("region", fmt::format("{}/{} but the manifest says {}/{}", region.account_id, region.region, id, name));
    }
    if (r.failed()) return fail(r.error());
    inventory.regions.push_back(std::move(region));
  }
  for (std::size_t i = 0; i < scope_errors->size(); ++i) {
    std::string path = JsonReader::index_path("scope_errors", i);
    const json& e = (*scope_errors)[i];
    if (!m.expect_object(e, path)) return fail(m.error());
    ScopeError se;
    se.account_id = m.string(e, "account_id", path);
    se.region = m.string(e, "region", path);
    const json* err = m.object(e, "error", path);
    if (err != nullptr) {
      if (auto parsed = error_from_json(m, *err, JsonReader::key_path(path, "error"))) se.error = *parsed;
    }
    if (m.failed()) return fail(m.error());
    inventory.scope_errors.push_back(std::move(se));
  }
  if (metadata != nullptr) *metadata = std::move(meta);
  return inventory;
}

}  // namespace rolecall::inventory

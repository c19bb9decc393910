#include "emulator/estate/policy_io.h"

#include <algorithm>
#include <cctype>

#include "emulator/common/validate.h"
#include "emulator/estate/load_helpers.h"

namespace rolecall::emulator {
namespace load {
namespace {

constexpr std::size_t kMaxPolicyVersions = 5;  // IAM keeps at most five versions of a policy

// True for the version ids IAM issues: "v" and a positive number without leading zeros (of at
// most six digits, so that it converts safely).
bool issued_version_id(const std::string& id) {
  return id.size() >= 2 && id.size() <= 7 && id[0] == 'v' && id[1] != '0' &&
         std::all_of(id.begin() + 1, id.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// Reads `j`'s versions into `m`: ids unique, exactly one default, whose document is m.document.
void load_versions(const json& j, const std::string& path, ManagedPolicyDef& m) {
  const json& versions = arr(j, path, "versions");
  if (versions.empty() || versions.size() > kMaxPolicyVersions) bad(path + ".versions", "expected 1 to 5 versions");
  int defaults = 0;
  for (std::size_t i = 0; i < versions.size(); ++i) {
    std::string p = fmt::format("{}.versions[{}]", path, i);
    check_keys(versions[i], p, {"version_id", "document", "is_default"});
    std::string id = str(versions[i], p, "version_id", true);
    if (!issued_version_id(id)) bad(p + ".version_id", fmt::format("'{}' is not a version id (v1, v2, ...)", id));
    for (const auto& [seen, document] : m.versions) {
      if (seen == id) bad(p + ".version_id", "duplicate version");
    }
    json document = versions[i].value("document", json());
    if (!document.is_object()) bad(p + ".document", "expected a policy document object");
    auto is_default = versions[i].find("is_default");
    if (is_default != versions[i].end() && !is_default->is_boolean()) bad(p + ".is_default", "expected a boolean");
    if (is_default != versions[i].end() && is_default->get<bool>()) {
      ++defaults;
      m.default_version = id;
    }
    m.versions.emplace_back(std::move(id), std::move(document));
  }
  if (defaults != 1) bad(path + ".versions", "exactly one version must have is_default true");
  for (const auto& [id, document] : m.versions)
    m.versions_issued = std::max(m.versions_issued, std::stoi(id.substr(1)));
  if (auto issued = j.find("versions_issued"); issued != j.end()) {
    if (!issued->is_number_integer() || issued->get<long long>() < m.versions_issued ||
        issued->get<long long>() > 1000000)
      bad(path + ".versions_issued", "expected an integer no lower than the highest version number");
    m.versions_issued = issued->get<int>();
  }
  for (const auto& [id, document] : m.versions) {
    if (id != m.default_version) continue;
    // `document`, when given as well, is the default version's (the form the dumper writes).
    if (j.contains("document") && j["document"] != document) {
      bad(path + ".document", "must be the default version's document");
    }
    m.document = document;
  }
}

}  // namespace

ManagedPolicyDef load_managed_policy(const json& j, const std::string& path, const std::string& partition,
                                     const std::string& account_id) {
  check_keys(j, path, {"name", "path", "description", "document", "versions", "versions_issued"});
  ManagedPolicyDef m;
  m.name = str(j, path, "name", true);
  matches(
      m.name, path + ".name", [](std::string_view t) { return is_iam_name(t); }, "a valid IAM name");
  m.path = check_path(j, path);
  m.arn = iam_arn(partition, account_id, "policy", m.path, m.name);
  m.id = derived_id("ANPA", m.arn);
  m.description = str(j, path, "description", false);
  if (j.contains("versions")) {
    load_versions(j, path, m);
  } else {
    if (j.contains("versions_issued")) bad(path + ".versions_issued", "only with versions");
    m.document = j.value("document", json());
    if (!m.document.is_object()) bad(path + ".document", "expected a policy document object");
  }
  return m;
}

}  // namespace load

nlohmann::json managed_policy_json(const ManagedPolicyDef& policy) {
  nlohmann::json j = {{"name", policy.name}, {"path", policy.path}, {"document", policy.document}};
  if (!policy.description.empty()) j["description"] = policy.description;
  if (policy.versions.empty()) return j;  // the single version v1 (older estates' only form)
  nlohmann::json versions = nlohmann::json::array();
  for (const auto& [id, document] : policy.versions) {
    versions.push_back({{"version_id", id}, {"document", document}, {"is_default", id == policy.default_version}});
  }
  j["versions"] = std::move(versions);
  j["versions_issued"] = policy.versions_issued;
  return j;
}

}  // namespace rolecall::emulator

// The EC2 side of a generated estate: instances of every kind and launch templates, each with
// the ground truth known by construction.

#include <array>
#include <chrono>

#include <fmt/format.h>

#include "base/iso8601.h"
#include "emulator/estate/access_keys.h"
#include "emulator/generator/internal.h"

namespace rolecall::emulator::gen {
namespace {

using nlohmann::json;

constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::array<std::string_view, 10> kInstanceTypes = {"t3.micro", "t3.small",  "t3.medium", "t3.large",
                                                             "m5.large", "m5.xlarge", "c5.large",  "c6i.xlarge",
                                                             "r5.large", "t4g.small"};
constexpr std::array<std::string_view, 6> kPurposes = {"api", "worker", "web", "batch", "cache", "etl"};

// Launch times spread over 2023-01-01 .. 2026-06-30, UTC.
std::string launch_time(Rng& rng) {
  using namespace std::chrono;
  constexpr std::uint64_t kSpan = 1276ull * 24 * 3600;
  return base::format_iso8601(sys_days{year{2023} / January / 1} + seconds{static_cast<long long>(rng.below(kSpan))});
}

const char* pick_state(Rng& rng, bool must_judge) {
  if (must_judge) return "running";
  auto r = rng.below(100);
  if (r < 68) return "running";
  if (r < 83) return "stopped";
  if (r < 87) return "pending";
  if (r < 90) return "stopping";
  if (r < 94) return "shutting-down";
  return "terminated";
}

// The credential a leaking script holds: temporary (ASIA + token) for MIME, otherwise half the
// time one of the account's legacy-deploy keys and half the time a key of a long-deleted user of
// the account.
Credential leaked_credential(Rng& rng, Kind kind, const Cell& cell, UsedIds& used) {
  if (kind == Kind::kKeysMime) return make_credential(rng, used.keys, true);
  if (cell.leakable != nullptr && !cell.leakable->empty() && rng.percent(50)) {
    return (*cell.leakable)[rng.below(cell.leakable->size())];
  }
  // A key of a deleted user of this account: its id encodes the account (GetAccessKeyInfo answers it).
  Credential cred = make_credential(rng, used.keys, false);
  cred.id = key_id_for_account(cred.id, cell.account_id);
  used.keys.insert(cred.id);
  return cred;
}

}  // namespace

// `prefix` + 17 hex digits (68 random bits), never issued before. Kept as numbers: a set of
// strings sharing a prefix made this the generator's hot spot.
std::string unique_id(Rng& rng, UsedIds& used, std::string_view prefix) {
  std::uint64_t high = 0, low = 0;
  do {
    high = rng.below(16);
    low = rng.next();
  } while (!used.resources.insert({(static_cast<std::uint64_t>(prefix.size()) << 8) | high, low}).second);
  std::string id(prefix);
  id += kHex[high];
  for (int shift = 60; shift >= 0; shift -= 4) id += kHex[(low >> shift) & 0xf];
  return id;
}

std::string benign_or_empty(Rng& rng, int empty_percent, const ScriptContext& context) {
  if (rng.percent(empty_percent)) return {};
  return base64(benign_user_data(static_cast<int>(rng.below(kBenignVariants)), rng, context));
}

void TruthRows::add(const std::string& account, const std::string& region, const std::string& resource,
                    const char* check, bool pass) {
  json row(json::value_t::object);
  auto& o = row.get_ref<json::object_t&>();
  o.emplace("account_id", account);
  o.emplace("region", region);
  o.emplace("resource_id", resource);
  o.emplace("check_id", check);
  o.emplace("status", pass ? "PASS" : "FAIL");
  rows.push_back(std::move(row));
}

void add_instance(Rng& rng, Kind kind, bool must_judge, int serial, Cell& cell, UsedIds& used) {
  const std::string id = unique_id(rng, used, "i-");
  const std::string team(kTeams[rng.below(kTeams.size())]);
  const std::string name = fmt::format("{}-{}-{:05}", team, kPurposes[rng.below(kPurposes.size())], serial);
  const std::string profile = profile_for(kind, team);
  const char* state = pick_state(rng, must_judge);
  const bool instance_store = rng.percent(6);
  if (instance_store && (std::string_view(state) == "stopped" || std::string_view(state) == "stopping")) {
    state = "running";  // instance-store instances cannot be stopped
  }
  bool imds_required = true;
  if (kind == Kind::kImdsV1) {
    imds_required = false;
  } else if (kind != Kind::kCompliant) {
    imds_required = !rng.percent(35);
  }

  ScriptContext context{cell.account_id, cell.region, team, name};
  std::string user_data;
  std::string leaked_key;  // a long-term key id the user data holds
  if (kind_leaks_keys(kind)) {
    Credential cred = leaked_credential(rng, kind, cell, used);
    if (cred.token.empty()) leaked_key = cred.id;
    user_data = base64(leaking_user_data(kind, cred, context));
  } else {
    user_data = benign_or_empty(rng, 45, context);
  }

  // Built with emplace: json's initializer lists make a temporary array per field, which
  // dominated large estates.
  json instance(json::value_t::object);
  auto& o = instance.get_ref<json::object_t&>();
  o.emplace("id", id);
  o.emplace("region", cell.region);
  o.emplace("state", state);
  o.emplace("instance_type", kInstanceTypes[rng.below(kInstanceTypes.size())]);
  o.emplace("http_tokens", imds_required ? "required" : "optional");
  o.emplace("root_device_type", instance_store ? "instance-store" : "ebs");
  o.emplace("launch_time", launch_time(rng));
  json tags(json::value_t::object);
  tags.get_ref<json::object_t&>().emplace("Name", name);
  tags.get_ref<json::object_t&>().emplace("team", team);
  o.emplace("tags", std::move(tags));
  if (!profile.empty()) o.emplace("instance_profile", profile);
  if (!user_data.empty()) o.emplace("user_data", std::move(user_data));
  if (cell.clean_template_versions > 0 && rng.percent(25)) {
    json ref(json::value_t::object);
    ref.get_ref<json::object_t&>().emplace("id", cell.clean_template_id);
    ref.get_ref<json::object_t&>().emplace(
        "version", std::to_string(1 + rng.below(static_cast<std::uint64_t>(cell.clean_template_versions))));
    o.emplace("launch_template", std::move(ref));
  }
  cell.instances.push_back(std::move(instance));
  if (!leaked_key.empty()) cell.instance_leaks.emplace_back(cell.instances.size() - 1, std::move(leaked_key));

  if (std::string_view(state) == "terminated" || std::string_view(state) == "shutting-down") return;
  auto& truth = cell.instance_truth;
  const auto& acct = cell.account_id;
  const auto& region = cell.region;
  truth.add(acct, region, id, "instance-has-role", kind != Kind::kNoProfile);
  if (kind != Kind::kNoProfile) {
    const bool resolves = kind != Kind::kEmptyProfile && kind != Kind::kDeletedProfile;
    truth.add(acct, region, id, "profile-has-role", resolves);
    if (resolves) {
      truth.add(acct, region, id, "role-trusts-ec2", kind != Kind::kWrongTrust);
      truth.add(acct, region, id, "role-not-admin",
                kind != Kind::kAdminRole && kind != Kind::kStarRole && kind != Kind::kPassRoleRole);
    }
  }
  truth.add(acct, region, id, "user-data-no-keys", !kind_leaks_keys(kind));
  truth.add(acct, region, id, "imdsv2-required", imds_required);
}

void add_launch_templates(Rng& rng, Cell& cell, UsedIds& used) {
  auto version = [](int number, std::string user_data, const std::string& profile, bool imds_required) {
    json v = {{"number", number},
              {"user_data", std::move(user_data)},
              {"http_tokens", imds_required ? "required" : "optional"}};
    if (!profile.empty()) v["instance_profile"] = profile;
    return v;
  };
  auto template_json = [&](const std::string& id, const std::string& name, json versions) {
    int count = static_cast<int>(versions.size());
    return json{{"id", id},
                {"name", name},
                {"region", cell.region},
                {"default_version", count},
                {"versions", std::move(versions)}};
  };

  {  // Clean: benign or no user data; later versions gained the fitting profile.
    const std::string id = unique_id(rng, used, "lt-");
    const std::string team(kTeams[rng.below(kTeams.size())]);
    ScriptContext context{cell.account_id, cell.region, team, team + "-frontend"};
    const int count = 1 + static_cast<int>(rng.below(3));
    json versions = json::array();
    for (int n = 1; n <= count; ++n) {
      versions.push_back(version(n, benign_or_empty(rng, 40, context), n >= 2 ? "app-" + team : "", n >= 2));
    }
    cell.launch_templates.push_back(template_json(id, team + "-frontend", std::move(versions)));
    cell.template_truth.add(cell.account_id, cell.region, id, "launch-template-no-keys", true);
    cell.clean_template_id = id;
    cell.clean_template_versions = count;
  }
  {  // Leaky: exactly one of 2..4 versions holds a key; the versions after it switched to the profile.
    const std::string id = unique_id(rng, used, "lt-");
    const std::string team(kTeams[rng.below(kTeams.size())]);
    ScriptContext context{cell.account_id, cell.region, team, team + "-worker"};
    const int count = 2 + static_cast<int>(rng.below(3));
    const int leak = 1 + static_cast<int>(rng.below(static_cast<std::uint64_t>(count)));
    constexpr std::array<Kind, 4> kEncodings = {Kind::kKeysPlainShell, Kind::kKeysGzip, Kind::kKeysMime,
                                                Kind::kKeysCloudConfig};
    const Kind encoding = kEncodings[rng.below(kEncodings.size())];
    json versions = json::array();
    for (int n = 1; n <= count; ++n) {
      std::string user_data;
      if (n == leak) {
        Credential cred = leaked_credential(rng, encoding, cell, used);
        if (cred.token.empty()) cell.template_leaks.push_back(cred.id);
        user_data = base64(leaking_user_data(encoding, cred, context));
      } else {
        user_data = benign_or_empty(rng, 40, context);
      }
      versions.push_back(version(n, std::move(user_data), n > leak ? "app-" + team : "", n > leak));
    }
    cell.launch_templates.push_back(template_json(id, team + "-worker", std::move(versions)));
    cell.template_truth.add(cell.account_id, cell.region, id, "launch-template-no-keys", false);
  }
  if (rng.percent(30)) {  // Only the AWS documentation example key: must pass.
    const std::string id = unique_id(rng, used, "lt-");
    ScriptContext context{cell.account_id, cell.region, "platform", "platform-docs-example"};
    json versions = json::array({version(1, base64(benign_user_data(4, rng, context)), "", true)});
    cell.launch_templates.push_back(template_json(id, "platform-docs-example", std::move(versions)));
    cell.template_truth.add(cell.account_id, cell.region, id, "launch-template-no-keys", true);
  }
}

}  // namespace rolecall::emulator::gen

// Spec parsing and the estate's overall shape: organization, accounts, regions, instance mix.

#include "emulator/generator/generator.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "emulator/generator/internal.h"

namespace rolecall::emulator {
namespace {

using gen::Kind;
using nlohmann::json;

// Default-enabled commercial regions, in the order estates take them.
constexpr std::array<std::string_view, 17> kRegions = {
    "us-east-1", "eu-west-1",      "us-west-2",      "ap-southeast-2", "eu-central-1",  "us-east-2",
    "us-west-1", "ap-northeast-1", "ap-southeast-1", "ap-northeast-2", "ap-south-1",    "ca-central-1",
    "eu-west-2", "eu-west-3",      "eu-north-1",     "sa-east-1",      "ap-northeast-3"};
// Exists in every estate but no account has opted in.
constexpr std::string_view kOptInRegion = "af-south-1";
constexpr std::array<std::string_view, 12> kAccountNames = {
    "prod",        "staging",   "dev",     "data",   "security",   "sandbox", "shared-services",
    "log-archive", "analytics", "network", "backup", "ml-research"};

constexpr int kMaxAccounts = 1000;
constexpr int kMaxInstances = 1000000;
constexpr int kMaxGroups = 20;  // Auto Scaling groups per account and region

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

template <typename T>
bool parse_number(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

Result<int> parse_bounded(std::string_view key, std::string_view value, int low, int high) {
  int n = 0;
  if (!parse_number(value, n) || n < low || n > high) {
    return fail(ErrorKind::kInvalidArgument, fmt::format("--generate: bad value '{}' for '{}' (expected an integer "
                                                         "{}..{})",
                                                         value, key, low, high));
  }
  return n;
}

std::string account_name(int index, bool organization) {
  if (organization && index == 0) return "management";
  std::size_t slot = static_cast<std::size_t>(organization ? index - 1 : index);
  if (slot < kAccountNames.size()) return std::string(kAccountNames[slot]);
  return fmt::format("workload-{:03}", slot - kAccountNames.size() + 1);
}

}  // namespace

namespace gen {

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kCompliant: return "compliant";
    case Kind::kNoProfile: return "no-profile";
    case Kind::kEmptyProfile: return "empty-profile";
    case Kind::kDeletedProfile: return "deleted-profile";
    case Kind::kAdminRole: return "admin-role";
    case Kind::kStarRole: return "star-role";
    case Kind::kPassRoleRole: return "passrole-role";
    case Kind::kWrongTrust: return "wrong-trust";
    case Kind::kKeysPlainShell: return "keys-plain-shell";
    case Kind::kKeysGzip: return "keys-gzip";
    case Kind::kKeysMime: return "keys-mime";
    case Kind::kKeysCloudConfig: return "keys-cloud-config";
    case Kind::kImdsV1: return "imdsv1";
  }
  return "unknown";
}

bool kind_leaks_keys(Kind kind) {
  return kind == Kind::kKeysPlainShell || kind == Kind::kKeysGzip || kind == Kind::kKeysMime ||
         kind == Kind::kKeysCloudConfig;
}

std::string profile_for(Kind kind, std::string_view team) {
  switch (kind) {
    case Kind::kNoProfile: return {};
    case Kind::kEmptyProfile: return std::string(kEmptyProfileName);
    case Kind::kDeletedProfile: return std::string(kDeletedProfileName);
    case Kind::kAdminRole: return std::string(kAdminRoleName);
    case Kind::kStarRole: return std::string(kStarRoleName);
    case Kind::kPassRoleRole: return std::string(kPassRoleRoleName);
    case Kind::kWrongTrust: return std::string(kWrongTrustRoleName);
    default: return fmt::format("app-{}", team);
  }
}

}  // namespace gen

Result<GeneratorSpec> parse_generator_spec(const std::string& text) {
  GeneratorSpec spec;
  std::set<std::string, std::less<>> seen;
  std::string_view rest = text;
  if (trim(rest).empty()) return spec;
  while (true) {
    auto comma = rest.find(',');
    std::string_view item = trim(rest.substr(0, comma));
    auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      return fail(
          ErrorKind::kInvalidArgument,
          fmt::format("--generate: item '{}' is not key=value (e.g. accounts=3,regions=2,instances=60,seed=1)", item));
    }
    std::string_view key = trim(item.substr(0, eq));
    std::string_view value = trim(item.substr(eq + 1));
    if (!seen.insert(std::string(key)).second) {
      return fail(ErrorKind::kInvalidArgument, fmt::format("--generate: key '{}' given twice", key));
    }
    if (key == "accounts") {
      auto n = parse_bounded(key, value, 1, kMaxAccounts);
      if (!n) return fail(n.error());
      spec.accounts = *n;
    } else if (key == "regions") {
      auto n = parse_bounded(key, value, 1, static_cast<int>(kRegions.size()));
      if (!n) return fail(n.error());
      spec.regions = *n;
    } else if (key == "instances") {
      auto n = parse_bounded(key, value, 0, kMaxInstances);
      if (!n) return fail(n.error());
      spec.instances = *n;
    } else if (key == "compliant") {
      auto n = parse_bounded(key, value, 0, 100);
      if (!n) return fail(n.error());
      spec.compliant_percent = *n;
    } else if (key == "managed") {
      auto n = parse_bounded(key, value, 0, 100);
      if (!n) return fail(n.error());
      spec.managed_percent = *n;
    } else if (key == "seed") {
      if (!parse_number(value, spec.seed)) {
        return fail(ErrorKind::kInvalidArgument,
                    fmt::format("--generate: bad value '{}' for 'seed' (expected an unsigned integer)", value));
      }
    } else if (key == "groups") {
      auto n = parse_bounded(key, value, 0, kMaxGroups);
      if (!n) return fail(n.error());
      spec.auto_scaling_groups = *n;
    } else if (key == "org") {
      if (value == "on" || value == "true") {
        spec.organization = true;
      } else if (value == "off" || value == "false") {
        spec.organization = false;
      } else {
        return fail(ErrorKind::kInvalidArgument,
                    fmt::format("--generate: bad value '{}' for 'org' (expected on or off)", value));
      }
    } else {
      return fail(
          ErrorKind::kInvalidArgument,
          fmt::format(
              "--generate: unknown key '{}' (known: accounts, regions, instances, seed, compliant, managed, org, "
              "groups)",
              key));
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return spec;
}

GeneratedEstate generate_estate(const GeneratorSpec& spec) {
  gen::Rng rng(spec.seed);
  gen::UsedIds used;
  // A spec built in code skips parse_generator_spec's bounds: hold it to the same ones.
  const int account_count = std::clamp(spec.accounts, 1, kMaxAccounts);
  const int region_count = std::clamp(spec.regions, 1, static_cast<int>(kRegions.size()));
  const int instance_count = std::clamp(spec.instances, 0, kMaxInstances);
  const int compliant_percent = std::clamp(spec.compliant_percent, 0, 100);

  json regions = json::array();
  json enabled = json::array();
  for (int r = 0; r < region_count; ++r) {
    regions.push_back(kRegions[static_cast<std::size_t>(r)]);
    enabled.push_back(kRegions[static_cast<std::size_t>(r)]);
  }
  regions.push_back(kOptInRegion);

  std::vector<std::string> account_ids;
  std::set<std::string> used_accounts;
  while (static_cast<int>(account_ids.size()) < account_count) {
    std::string id = fmt::format("{:012}", 100000000000ull + rng.below(900000000000ull));
    if (used_accounts.insert(id).second) account_ids.push_back(id);
  }

  json estate = {{"schema_version", 1},
                 {"partition", "aws"},
                 {"regions", regions},
                 {"opt_in_regions", json::array({kOptInRegion})}};
  if (spec.organization) {
    estate["organization"] = {{"id", "o-" + rng.chars("abcdefghijklmnopqrstuvwxyz0123456789", 10)},
                              {"management_account", account_ids.front()}};
  }

  // IAM per account, then launch templates per account+region (instances may reference them).
  std::vector<json> accounts;
  std::vector<std::vector<gen::Credential>> leakable(static_cast<std::size_t>(account_count));
  std::vector<gen::Cell> cells(static_cast<std::size_t>(account_count * region_count));
  for (int a = 0; a < account_count; ++a) {
    const auto& id = account_ids[static_cast<std::size_t>(a)];
    std::string name = account_name(a, spec.organization);
    json account = {{"id", id},
                    {"name", name},
                    {"email", fmt::format("aws+{}@example.com", name)},
                    {"alias", name},  // ListAccountAliases; Organizations' name is the same
                    {"status", "ACTIVE"},
                    {"enabled_regions", enabled},
                    // Security Hub is enabled in each account's home region, the estate's first.
                    {"security_hub_regions", json::array({enabled.front()})}};
    const bool member = spec.organization && a > 0;
    gen::build_account_iam(account, rng, used.keys, member ? account_ids.front() : std::string(),
                           leakable[static_cast<std::size_t>(a)]);
    accounts.push_back(std::move(account));
    for (int r = 0; r < region_count; ++r) {
      auto& cell = cells[static_cast<std::size_t>(a * region_count + r)];
      cell.account_id = id;
      cell.region = std::string(kRegions[static_cast<std::size_t>(r)]);
      cell.leakable = &leakable[static_cast<std::size_t>(a)];
      gen::add_launch_templates(rng, cell, used);
    }
  }

  // The mix: exact shares, one instance per kind forced into a judged state, then shuffled.
  const int compliant = static_cast<int>((static_cast<long long>(instance_count) * compliant_percent + 50) / 100);
  std::vector<std::pair<Kind, bool>> plan;
  plan.reserve(static_cast<std::size_t>(instance_count));
  for (int j = 0; j < compliant; ++j) plan.emplace_back(Kind::kCompliant, j == 0);
  for (int j = 0; j < instance_count - compliant; ++j) {
    plan.emplace_back(static_cast<Kind>(1 + j % gen::kFailureKindCount), j < gen::kFailureKindCount);
  }
  rng.shuffle(plan);

  GeneratedEstate out;
  for (int i = 0; i < instance_count; ++i) {
    auto [kind, must_judge] = plan[static_cast<std::size_t>(i)];
    auto& cell = cells[rng.below(cells.size())];
    gen::add_instance(rng, kind, must_judge, i + 1, cell, used);
    ++out.mix[gen::kind_name(kind)];
  }

  // Networking last, from its own stream: the instances, their ids and the truth stay what the
  // seed gave before networking existed.
  gen::Rng net(spec.seed ^ 0x6e6574776f726b73ULL);
  gen::UsedNetwork used_network;
  for (auto& cell : cells) gen::add_networking(net, cell, used_network);
  // CloudFormation tags from a stream of their own too, and only when asked for.
  if (const int managed = std::clamp(spec.managed_percent, 0, 100); managed > 0) {
    gen::Rng tags(spec.seed ^ 0x6d616e61676564ULL);
    int tagged = 0;
    for (auto& cell : cells) tagged += gen::add_managed_tags(tags, cell, managed);
    out.mix["cloudformation-managed"] = tagged;
  }
  // Auto Scaling groups after everything else, from their own stream: without groups the estate
  // is byte-identical to what it was before they existed.
  if (spec.auto_scaling_groups > 0) {
    gen::Rng groups(spec.seed ^ 0x6173672d67726f75ULL);
    int serial = 0;
    for (auto& cell : cells) gen::add_auto_scaling_groups(groups, cell, used, spec.auto_scaling_groups, serial);
  }

  // CloudTrail events last, from their own stream too: they need the addresses networking gave.
  gen::Rng trail(spec.seed ^ 0x747261696c657674ULL);
  const std::string global_region(kRegions.front());  // IAM and STS calls; every estate has it
  for (int a = 0; a < account_count; ++a) {
    for (int r = 0; r < region_count; ++r) {
      gen::add_trail_events(trail, cells[static_cast<std::size_t>(a * region_count + r)],
                            accounts[static_cast<std::size_t>(a)], global_region);
    }
  }

  json findings = json::array();
  json account_list = json::array();
  for (int a = 0; a < account_count; ++a) {
    auto& account = accounts[static_cast<std::size_t>(a)];
    json instances = json::array();
    json templates = json::array();
    json auto_scaling_groups = json::array();
    json vpcs = json::array(), subnets = json::array(), groups = json::array(), nats = json::array(),
         eips = json::array(), events = json::array();
    for (int r = 0; r < region_count; ++r) {
      auto& cell = cells[static_cast<std::size_t>(a * region_count + r)];
      auto move_all = [](json& to, json& from) {
        for (auto& item : from) to.push_back(std::move(item));
      };
      move_all(instances, cell.instances);
      move_all(templates, cell.launch_templates);
      move_all(auto_scaling_groups, cell.auto_scaling_groups);
      move_all(vpcs, cell.vpcs);
      move_all(subnets, cell.subnets);
      move_all(groups, cell.security_groups);
      move_all(nats, cell.nat_gateways);
      move_all(eips, cell.elastic_ips);
      move_all(events, cell.trail_events);
      move_all(findings, cell.instance_truth.rows);
      move_all(findings, cell.template_truth.rows);
    }
    account["instances"] = std::move(instances);
    account["launch_templates"] = std::move(templates);
    if (!auto_scaling_groups.empty()) account["auto_scaling_groups"] = std::move(auto_scaling_groups);
    account["vpcs"] = std::move(vpcs);
    account["subnets"] = std::move(subnets);
    account["security_groups"] = std::move(groups);
    account["nat_gateways"] = std::move(nats);
    account["elastic_ips"] = std::move(eips);
    account["cloudtrail_events"] = std::move(events);
    gen::sync_last_used(trail, account, global_region);
    account_list.push_back(std::move(account));
  }
  estate["accounts"] = std::move(account_list);
  out.estate = std::move(estate);
  out.truth = {{"schema_version", 1}, {"findings", std::move(findings)}};
  return out;
}

}  // namespace rolecall::emulator

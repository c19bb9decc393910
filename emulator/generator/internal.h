#pragma once
// Building blocks of the estate generator (emulator/generator/*.cpp); not used outside them and
// their tests.

#include <array>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace rolecall::emulator::gen {

// Deterministic randomness: mt19937_64 plus our own reductions, because the standard
// distributions are implementation-defined and would make estates differ between libraries.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  // 64 random bits.
  std::uint64_t next() { return engine_(); }
  // Uniform in [0, n); n must be > 0.
  std::uint64_t below(std::uint64_t n) { return engine_() % n; }
  // True with probability percent/100.
  bool percent(int p) { return below(100) < static_cast<std::uint64_t>(p); }
  // `n` characters drawn uniformly from `alphabet`.
  std::string chars(std::string_view alphabet, std::size_t n);
  // Fisher-Yates shuffle with this generator.
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }

 private:
  std::mt19937_64 engine_;
};

// What an instance is made to be: compliant or one failure kind.
enum class Kind {
  kCompliant,
  kNoProfile,
  kEmptyProfile,
  kDeletedProfile,
  kAdminRole,
  kStarRole,
  kPassRoleRole,
  kWrongTrust,
  kKeysPlainShell,
  kKeysGzip,
  kKeysMime,
  kKeysCloudConfig,
  kImdsV1,
};
inline constexpr int kKindCount = 13;
inline constexpr int kFailureKindCount = kKindCount - 1;

// Stable name of a kind (docs/generator.md), e.g. "no-profile".
const char* kind_name(Kind kind);
// True for the kinds whose user data holds a real credential.
bool kind_leaks_keys(Kind kind);

// The fixed team list; app roles and tags use it.
inline constexpr std::array<std::string_view, 6> kTeams = {"payments", "search", "data", "web", "platform", "ml"};

// Instance profile names every account holds (besides app-<team>).
inline constexpr std::string_view kEmptyProfileName = "ec2-default";
inline constexpr std::string_view kDeletedProfileName = "batch-decommissioned";
inline constexpr std::string_view kAdminRoleName = "admin-ec2";
inline constexpr std::string_view kStarRoleName = "star-ec2";
inline constexpr std::string_view kPassRoleRoleName = "passrole-ec2";
inline constexpr std::string_view kWrongTrustRoleName = "lambda-trust";

// The profile an instance of `kind` on `team` uses; empty for kNoProfile.
std::string profile_for(Kind kind, std::string_view team);

// An AWS credential as it would be leaked; `token` is set for temporary (ASIA) ones.
struct Credential {
  std::string id;
  std::string secret;
  std::string token;
};

// A fresh, never-before-used key: AKIA (or ASIA when `temporary`) + 16 of [A-Z2-7], a 40-character
// secret, and for temporary keys a session token. `used` holds every key id issued so far.
Credential make_credential(Rng& rng, std::set<std::string>& used, bool temporary);

// Standard base64 of `bytes`.
std::string base64(std::string_view bytes);
// gzip (RFC 1952) of `bytes`, with a fixed header so the output is deterministic.
std::string gzip(std::string_view bytes);

// What user-data scripts mention, to look like the account they belong to.
struct ScriptContext {
  std::string account_id;
  std::string region;
  std::string team;
  std::string name;
};

// Raw (not yet base64) user data leaking `credential` in the encoding of a kKeys* `kind`. Encoded
// independently of src/secrets' decoders on purpose (see generator_user_data.cpp).
std::string leaking_user_data(Kind kind, const Credential& credential, const ScriptContext& context);
// Number of benign user-data variants.
inline constexpr int kBenignVariants = 7;
// Raw user data that must not be flagged: package installs, empty passwords, git SHAs, Secrets
// Manager reads, the AWS documentation example key; `variant` in [0, kBenignVariants).
std::string benign_user_data(int variant, Rng& rng, const ScriptContext& context);

// Fills an account object's IAM part (users, managed_policies, roles, instance_profiles).
// `management_account` is empty without an organization or for the management account itself.
// `leakable` receives the long-term keys of the account's "legacy-deploy" user.
void build_account_iam(nlohmann::json& account, Rng& rng, std::set<std::string>& used_keys,
                       const std::string& management_account, std::vector<Credential>& leakable);

// The ground truth being collected: one row per (resource, check).
struct TruthRows {
  nlohmann::json rows = nlohmann::json::array();
  // Appends {"account_id", "region", "resource_id", "check_id", "status": PASS|FAIL}.
  void add(const std::string& account, const std::string& region, const std::string& resource, const char* check,
           bool pass);
};

// One account+region of the estate while it is being built.
struct Cell {
  std::string account_id;
  std::string region;
  const std::vector<Credential>* leakable = nullptr;  // the account's legacy-deploy keys
  std::string clean_template_id;                      // instances may be launched from it
  int clean_template_versions = 0;
  nlohmann::json instances = nlohmann::json::array();
  nlohmann::json launch_templates = nlohmann::json::array();
  nlohmann::json auto_scaling_groups = nlohmann::json::array();  // add_auto_scaling_groups
  nlohmann::json vpcs = nlohmann::json::array();                 // networking (add_networking)
  nlohmann::json subnets = nlohmann::json::array();
  nlohmann::json security_groups = nlohmann::json::array();
  nlohmann::json nat_gateways = nlohmann::json::array();
  nlohmann::json elastic_ips = nlohmann::json::array();
  TruthRows instance_truth;
  TruthRows template_truth;
  // Long-term key ids at rest: (index in `instances`, key id) per leaking instance, and the key ids
  // the cell's launch templates leak; add_trail_events makes their use.
  std::vector<std::pair<std::size_t, std::string>> instance_leaks;
  std::vector<std::string> template_leaks;
  nlohmann::json trail_events = nlohmann::json::array();  // add_trail_events
};

// Ids issued so far (instances, launch templates, access keys): generated ids never repeat.
struct UsedIds {
  std::set<std::pair<std::uint64_t, std::uint64_t>> resources;  // (prefix tag and top 4 bits, low 64 bits)
  std::set<std::string> keys;
};

// Adds one instance of `kind` to `cell` (with its truth rows when judged). `must_judge` forces a
// judged state so every kind shows up in the truth even in tiny estates; `serial` names it.
void add_instance(Rng& rng, Kind kind, bool must_judge, int serial, Cell& cell, UsedIds& used);

// Adds the cell's launch templates: a clean one, one leaking keys in some (not all) versions, and
// sometimes one holding only the AWS documentation example key; with their truth rows.
void add_launch_templates(Rng& rng, Cell& cell, UsedIds& used);

// `prefix` + 17 hex digits, never issued before in this estate (instances, templates).
std::string unique_id(Rng& rng, UsedIds& used, std::string_view prefix);
// Benign user data (base64) for an instance or template in `context`, or none `empty_percent` of the time.
std::string benign_or_empty(Rng& rng, int empty_percent, const ScriptContext& context);

// Puts up to `per_cell` Auto Scaling groups into `cell` (docs/generator.md, "Auto Scaling
// groups"): each takes 1..3 running instances sharing an instance profile, tags them
// aws:autoscaling:groupName, and launches from a launch template of its own (pinned to a version
// number, $Default, $Latest or in a mixed instances policy) or from a launch configuration, the
// kinds taken in turn by `serial` (counted across the estate). Draws only from `rng`.
void add_auto_scaling_groups(Rng& rng, Cell& cell, UsedIds& used, int per_cell, int& serial);

// Ids and public addresses the networking pass issued so far (unique estate-wide).
struct UsedNetwork {
  std::set<std::string> ids;
  std::set<std::uint32_t> public_ips;
};

// Gives `cell` its networking: a VPC with public
// and private subnets in three zones, a NAT gateway per zone, security groups, Elastic IPs; puts
// its instances into multi-instance reservations and subnets with addresses. Draws only from
// `net` (not the estate's main generator), so the rest of the estate and the truth do not change.
void add_networking(Rng& net, Cell& cell, UsedNetwork& used);

// Gives `cell` its CloudTrail events (docs/generator.md, "CloudTrail events"): the long-term keys
// its instances hold used from their addresses (public or Elastic IP, NAT gateway, VPC endpoint),
// some keys never used, inactive keys' old events, deleted users' keys, template keys used from
// outside the estate, and role sessions of instances with a profile. `account` holds the users
// (whose key status says how a key is used); `global_region` takes IAM and STS calls. Draws only
// from `rng`.
void add_trail_events(Rng& rng, Cell& cell, const nlohmann::json& account, const std::string& global_region);

// Makes every key's last_used in `account` its newest event's time, service and region, adding an
// event from outside the estate for a key that has a last use but no event (the auditor's).
void sync_last_used(Rng& rng, nlohmann::json& account, const std::string& global_region);

// Tags `percent` of the cell's instances as CloudFormation-managed (stack-name, stack-id and
// logical-id, one stack per team and region); returns how many. Draws only from `rng`.
int add_managed_tags(Rng& rng, Cell& cell, int percent);

}  // namespace rolecall::emulator::gen

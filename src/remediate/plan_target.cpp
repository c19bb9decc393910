#include "remediate/plan_target.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "base/glob.h"
#include "checks/policy_analysis.h"

namespace rolecall::remediate {
namespace {

std::string at(const std::string& source, const YAML::Mark& mark) {
  return mark.line >= 0 ? source + ":" + std::to_string(mark.line + 1) : source;
}

// A scalar's text; an error naming file:line when the node is not a scalar.
Result<std::string> scalar(const YAML::Node& node, const std::string& source, const std::string& key) {
  if (!node.IsScalar()) {
    return fail(ErrorKind::kInvalidArgument, at(source, node.Mark()) + ": `" + key + "` must be a string");
  }
  return node.Scalar();
}

Result<MappingRule> parse_rule(const YAML::Node& node, const std::string& source, std::size_t index) {
  MappingRule rule;
  rule.line = node.Mark().line + 1;
  if (!node.IsMap()) {
    return fail(ErrorKind::kInvalidArgument, at(source, node.Mark()) + ": rule " + std::to_string(index + 1) +
                                                 " must be a mapping with a `profile` key");
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& value = kv.second;
    if (key == "account" || key == "region" || key == "profile") {
      auto text = scalar(value, source, key);
      if (!text) return fail(text.error());
      (key == "account" ? rule.account : key == "region" ? rule.region : rule.profile) = *text;
    } else if (key == "tags") {
      if (!value.IsMap()) {
        return fail(ErrorKind::kInvalidArgument, at(source, value.Mark()) + ": `tags` must map tag keys to values");
      }
      for (const auto& tag : value) {
        auto v = scalar(tag.second, source, "tags." + tag.first.Scalar());
        if (!v) return fail(v.error());
        rule.tags.push_back({tag.first.Scalar(), *v});
      }
    } else {
      return fail(ErrorKind::kInvalidArgument, at(source, kv.first.Mark()) + ": unknown key `" + key +
                                                   "` (expected account, region, tags, profile)");
    }
  }
  if (rule.profile.empty()) {
    return fail(ErrorKind::kInvalidArgument,
                at(source, node.Mark()) + ": rule " + std::to_string(index + 1) + " has no `profile`");
  }
  return rule;
}

bool matches(const std::string& pattern, const std::string& value) {
  return pattern.empty() || base::glob_match(pattern, value, false);
}

std::string profile_arn(const AccountInventory& account, const std::string& account_id, const std::string& name) {
  return "arn:" + account.partition + ":iam::" + account_id + ":instance-profile/" + name;
}

}  // namespace

std::string TargetSpec::describe() const {
  switch (kind) {
    case Kind::kInstanceProfile: return "--instance-profile " + name;
    case Kind::kRole: return "--role " + name + (create_profile ? " --create-profile" : "");
    case Kind::kMapping: return "--mapping " + mapping_source;
    case Kind::kUserRoles: return "a role per key owner (rolecall-<user>)";
  }
  return {};
}

Result<std::vector<MappingRule>> parse_mapping(const std::string& text, const std::string& source) {
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return fail(ErrorKind::kParse, at(source, e.mark) + ": not valid YAML: " + e.msg);
  }
  try {
    if (!doc.IsMap()) {
      return fail(ErrorKind::kInvalidArgument, source + ": expected a mapping with a `rules` list");
    }
    for (const auto& kv : doc) {
      if (kv.first.Scalar() != "rules") {
        return fail(ErrorKind::kInvalidArgument,
                    at(source, kv.first.Mark()) + ": unknown key `" + kv.first.Scalar() + "` (expected rules)");
      }
    }
    const YAML::Node rules = doc["rules"];
    if (!rules || !rules.IsSequence() || rules.size() == 0) {
      return fail(ErrorKind::kInvalidArgument,
                  at(source, rules ? rules.Mark() : doc.Mark()) + ": `rules` must be a non-empty list");
    }
    std::vector<MappingRule> out;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      auto rule = parse_rule(rules[i], source, i);
      if (!rule) return fail(rule.error());
      out.push_back(std::move(*rule));
    }
    return out;
  } catch (const YAML::Exception& e) {
    return fail(ErrorKind::kInvalidArgument, at(source, e.mark) + ": " + e.msg);
  }
}

Result<std::vector<MappingRule>> load_mapping_file(const base::Env& env, const std::string& path) {
  auto text = env.read_file(path);
  if (!text) return fail(ErrorKind::kInvalidArgument, "cannot read mapping file " + path);
  return parse_mapping(*text, path);
}

const MappingRule* match_rule(const std::vector<MappingRule>& rules, const std::string& account_id,
                              const std::string& region, const std::vector<Tag>& tags) {
  for (const auto& rule : rules) {
    if (!matches(rule.account, account_id) || !matches(rule.region, region)) continue;
    bool all = std::all_of(rule.tags.begin(), rule.tags.end(), [&](const Tag& want) {
      return std::any_of(tags.begin(), tags.end(),
                         [&](const Tag& t) { return t.key == want.key && matches(want.value, t.value); });
    });
    if (all) return &rule;
  }
  return nullptr;
}

Result<void> check_targets_exist(const Inventory& inventory, const TargetSpec& spec) {
  // Whether some readable account matching `account_glob` has `name`; nullopt when none is readable.
  auto found = [&](const std::string& account_glob, const std::string& name, bool role) -> std::optional<bool> {
    std::optional<bool> out;
    for (const auto& [id, account] : inventory.accounts) {
      if (!account.iam_collected || account.iam_error || !matches(account_glob, id)) continue;
      auto named = [&](const auto& items) {
        return std::any_of(items.begin(), items.end(), [&](const auto& item) { return item.name == name; });
      };
      out = out.value_or(false) || (role ? named(account.roles) : named(account.profiles));
    }
    return out;
  };
  if (spec.kind == TargetSpec::Kind::kUserRoles) return {};  // the roles are planned, not named
  if (spec.kind == TargetSpec::Kind::kMapping) {
    for (std::size_t i = 0; i < spec.rules.size(); ++i) {
      const MappingRule& rule = spec.rules[i];
      if (found(rule.account, rule.profile, false) == false) {
        return fail(Error::invalid_argument(
            fmt::format("{}:{}: rule {}: instance profile {} does not exist in any account{} whose IAM was read",
                        spec.mapping_source, rule.line, i + 1, rule.profile,
                        rule.account.empty() ? "" : " matching " + rule.account)));
      }
    }
    return {};
  }
  const bool role = spec.kind == TargetSpec::Kind::kRole;
  if (found("", spec.name, role) == false) {
    return fail(Error::invalid_argument(fmt::format("{}: {} {} does not exist in any account whose IAM was read",
                                                    spec.describe(), role ? "role" : "instance profile", spec.name)));
  }
  return {};
}

TargetResolver::TargetResolver(const Inventory& inventory, TargetSpec spec, std::vector<std::string> approved)
    : inventory_(inventory), spec_(std::move(spec)), approved_(std::move(approved)) {}

ResolvedTarget TargetResolver::resolve(const std::string& account_id, const std::string& region,
                                       const std::vector<Tag>& tags) {
  if (spec_.kind == TargetSpec::Kind::kUserRoles) {
    ResolvedTarget none;
    none.blocked_reason = "no target named (plan --migrate-keys plans a role per key owner)";
    none.named = false;
    return none;
  }
  std::string name = spec_.name;
  if (spec_.kind == TargetSpec::Kind::kMapping) {
    const MappingRule* rule = match_rule(spec_.rules, account_id, region, tags);
    if (rule == nullptr) {
      ResolvedTarget none;
      none.blocked_reason = "no rule of " + spec_.mapping_source + " matches this instance";
      none.named = false;
      return none;
    }
    name = rule->profile;
  }
  auto key = std::make_pair(account_id, name);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  ResolvedTarget t = spec_.kind == TargetSpec::Kind::kRole ? by_role(account_id, name) : by_profile(account_id, name);
  cache_.emplace(key, t);
  return t;
}

std::vector<ProfileToCreate> TargetResolver::create_profiles() const {
  std::vector<ProfileToCreate> out;
  for (const auto& [account, p] : creates_) out.push_back(p);
  return out;
}

ResolvedTarget TargetResolver::by_profile(const std::string& account_id, const std::string& profile_name) {
  ResolvedTarget t;
  t.profile.name = profile_name;
  const AccountInventory* account = inventory_.account(account_id);
  if (account == nullptr || !account->iam_collected || account->iam_error) {
    t.blocked_reason = "IAM of account " + account_id + " could not be read" +
                       (account && account->iam_error ? ": " + account->iam_error->message : std::string());
    return t;
  }
  auto it = std::find_if(account->profiles.begin(), account->profiles.end(),
                         [&](const InstanceProfile& p) { return p.name == profile_name; });
  if (it == account->profiles.end()) {
    t.blocked_reason = "instance profile " + profile_name + " does not exist in account " + account_id;
    return t;
  }
  t.profile.arn = it->arn;
  if (it->role_arns.empty()) {
    t.blocked_reason = "target instance profile " + profile_name + " holds no role";
    return t;
  }
  t.profile.role_arn = it->role_arns.front();
  return judge_role(*account, t.profile);
}

ResolvedTarget TargetResolver::by_role(const std::string& account_id, const std::string& role_name) {
  ResolvedTarget t;
  const AccountInventory* account = inventory_.account(account_id);
  if (account == nullptr || !account->iam_collected || account->iam_error) {
    t.blocked_reason = "IAM of account " + account_id + " could not be read" +
                       (account && account->iam_error ? ": " + account->iam_error->message : std::string());
    return t;
  }
  auto role =
      std::find_if(account->roles.begin(), account->roles.end(), [&](const Role& r) { return r.name == role_name; });
  if (role == account->roles.end()) {
    t.blocked_reason = "target role " + role_name + " does not exist in account " + account_id;
    return t;
  }
  t.profile.role_arn = role->arn;
  // Prefer the profile named after the role (the console's convention), then any other holding it.
  const InstanceProfile* holder = nullptr;
  const InstanceProfile* same_name = nullptr;
  for (const auto& p : account->profiles) {
    if (p.name == role_name) same_name = &p;
    if (std::find(p.role_arns.begin(), p.role_arns.end(), role->arn) == p.role_arns.end()) continue;
    if (holder == nullptr || p.name == role_name || (holder->name != role_name && p.name < holder->name)) holder = &p;
  }
  if (holder != nullptr) {
    t.profile.arn = holder->arn;
    t.profile.name = holder->name;
    return judge_role(*account, t.profile);
  }
  if (!spec_.create_profile) {
    t.blocked_reason =
        "no instance profile in account " + account_id + " holds role " + role_name + " (--create-profile creates one)";
    return t;
  }
  if (same_name != nullptr) {
    t.blocked_reason =
        "instance profile " + role_name + " exists in account " + account_id + " but does not hold role " + role_name;
    return t;
  }
  t.profile.name = role_name;
  t.profile.arn = profile_arn(*account, account_id, role_name);
  ResolvedTarget judged = judge_role(*account, t.profile);
  if (judged.blocked_reason.empty()) creates_[account_id] = ProfileToCreate{account_id, role_name, role_name, "/"};
  return judged;
}

ResolvedTarget TargetResolver::rejudge(const std::string& account_id, const TargetProfile& planned,
                                       const ProfileToCreate* creating) {
  if (creating != nullptr) {
    const AccountInventory* account = inventory_.account(account_id);
    ResolvedTarget t;
    t.profile = planned;
    if (account == nullptr || !account->iam_collected || account->iam_error) {
      t.blocked_reason = "IAM of account " + account_id + " could not be read";
      return t;
    }
    auto role = std::find_if(account->roles.begin(), account->roles.end(),
                             [&](const Role& r) { return r.name == creating->role_name; });
    if (role == account->roles.end()) {
      t.blocked_reason = "target role " + creating->role_name + " does not exist in account " + account_id;
      return t;
    }
    t.profile.role_arn = role->arn;
    return judge_role(*account, t.profile);
  }
  const std::string name = planned.arn.substr(planned.arn.rfind('/') + 1);
  ResolvedTarget t = by_profile(account_id, name);
  if (t.blocked_reason.empty() && t.profile.arn != planned.arn) {
    t.blocked_reason = "target " + planned.arn + " is not the instance profile " + name + " of account " + account_id +
                       " (" + t.profile.arn + ")";
  }
  return t;
}

ResolvedTarget TargetResolver::judge_role(const AccountInventory& account, TargetProfile profile) {
  ResolvedTarget t;
  t.profile = std::move(profile);
  const Role* role = account.role(t.profile.role_arn);
  if (role == nullptr) {
    t.blocked_reason = "target role " + t.profile.role_arn + " does not exist";
    return t;
  }
  auto trust = checks::analyse_trust(role->trust_policy);
  if (!trust) {
    t.blocked_reason = "trust policy of target role " + role->name + " could not be read: " + trust.error().message;
    return t;
  }
  if (!trust->ec2_can_assume) {
    t.blocked_reason = "trust policy of target role " + role->name + " does not allow ec2.amazonaws.com";
    return t;
  }
  if (trust->too_broad) {
    t.blocked_reason = "trust policy of target role " + role->name + " is too broad: " + trust->reason;
    return t;
  }
  auto grants = checks::role_dangerous_grants(account, *role);
  if (!grants) {
    t.blocked_reason = "permissions of target role " + role->name + " could not be judged: " + grants.error().message;
    return t;
  }
  if (!grants->empty()) {
    t.blocked_reason = "target role " + role->name + " is admin-level: " + grants->front().reason;
    return t;
  }
  if (!approved_.empty() && std::find(approved_.begin(), approved_.end(), t.profile.arn) == approved_.end() &&
      std::find(approved_.begin(), approved_.end(), t.profile.role_arn) == approved_.end()) {
    t.blocked_reason = "target " + t.profile.name + " is not on the approved list";
    return t;
  }
  return t;
}

}  // namespace rolecall::remediate

#pragma once
// Plan targets: which instance profile each instance should end up with, chosen by
// --instance-profile NAME, --role NAME [--create-profile] or --mapping FILE, and resolved per
// account (a profile name is an ARN per account) against the collected IAM inventory.

#include <map>
#include <string>
#include <vector>

#include "base/env.h"
#include "remediate/planner.h"
#include "rolecall/inventory.h"

namespace rolecall::remediate {

// One mapping file rule (docs/plan-json.md, "Mapping files"). Empty fields match everything.
struct MappingRule {
  std::string account;    // account id, or a glob (`*`, `?`)
  std::string region;     // region, or a glob
  std::vector<Tag> tags;  // every key must be present with a matching value (glob)
  std::string profile;    // instance profile name to attach
  int line = 0;           // 1-based line in the mapping file
};

// How the user chose the target.
struct TargetSpec {
  // kUserRoles: none named (plan --migrate-keys): each key owner U's instances get `rolecall-<U>`.
  enum class Kind { kInstanceProfile, kRole, kMapping, kUserRoles };
  Kind kind = Kind::kInstanceProfile;
  std::string name;                // profile or role name (kInstanceProfile, kRole)
  bool create_profile = false;     // kRole: create a profile named after the role where none holds it
  std::vector<MappingRule> rules;  // kMapping
  std::string mapping_source;      // kMapping: the file, for messages

  // "--instance-profile NAME", "--role NAME --create-profile", "--mapping FILE", "a role per key owner".
  std::string describe() const;
};

// Parses mapping YAML; errors (kParse / kInvalidArgument) name `source`:line.
Result<std::vector<MappingRule>> parse_mapping(const std::string& text, const std::string& source);
// Reads (through `env`) and parses a mapping file; kInvalidArgument when it cannot be read.
Result<std::vector<MappingRule>> load_mapping_file(const base::Env& env, const std::string& path);

// The first rule matching the instance, or nullptr.
const MappingRule* match_rule(const std::vector<MappingRule>& rules, const std::string& account_id,
                              const std::string& region, const std::vector<Tag>& tags);

// kInvalidArgument when the target names what no account whose IAM was read has: the
// --instance-profile, the --role, or a mapping rule's profile in every account its `account`
// pattern matches (the message names the rule's file:line). Unreadable accounts prove nothing.
Result<void> check_targets_exist(const Inventory& inventory, const TargetSpec& spec);

// Resolves targets against an inventory, caching per (account, profile or role name). Pure.
class TargetResolver {
 public:
  // `approved`: approved profile/role ARNs (role-is-approved); a target off the list is blocked.
  TargetResolver(const Inventory& inventory, TargetSpec spec, std::vector<std::string> approved);

  // The target for an instance of `account_id`/`region` with `tags` (pass_role_denied left empty);
  // `named` false when the operator's target names none for it (kUserRoles, no mapping rule matches).
  ResolvedTarget resolve(const std::string& account_id, const std::string& region, const std::vector<Tag>& tags);

  // Re-judges a planned target (apply): the profile `planned.arn` exists in `account_id` and holds
  // a role, or is `creating` (then its role by name), and that role passes every target rule.
  ResolvedTarget rejudge(const std::string& account_id, const TargetProfile& planned, const ProfileToCreate* creating);

  // Profiles the plan must create (kRole with create_profile), one per account that needs one.
  std::vector<ProfileToCreate> create_profiles() const;

 private:
  ResolvedTarget by_profile(const std::string& account_id, const std::string& profile_name);
  ResolvedTarget by_role(const std::string& account_id, const std::string& role_name);
  ResolvedTarget judge_role(const AccountInventory& account, TargetProfile profile);

  const Inventory& inventory_;
  TargetSpec spec_;
  std::vector<std::string> approved_;
  std::map<std::pair<std::string, std::string>, ResolvedTarget> cache_;
  std::map<std::string, ProfileToCreate> creates_;  // by account id
};

}  // namespace rolecall::remediate

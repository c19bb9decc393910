#pragma once
// A remediation plan: for each instance in scope, what `apply` will do to its instance profile
// association, and the state it had when the plan was made (so `apply` can refuse a stale plan and
// `rollback` can restore it exactly). Plans are written as versioned JSON (docs/plan-json.md).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rolecall/error.h"

namespace rolecall {

// What apply does to one instance.
enum class ActionKind {
  kAssociate,  // no profile today: AssociateIamInstanceProfile
  kReplace,    // an inappropriate profile today: ReplaceIamInstanceProfileAssociation (atomic)
  kSkip,       // already right: nothing to do
  kBlocked,    // cannot be fixed as planned; `reason` says why
};

// "associate", "replace", "skip", "blocked".
const char* to_string(ActionKind kind);
// Parses the names above; false when unknown.
bool parse_action_kind(const std::string& text, ActionKind& out);

// An instance's profile state as observed when planning (and re-checked before applying).
struct InstanceState {
  std::string instance_id;
  std::string account_id;
  std::string region;
  std::string state;               // EC2 instance state name at planning time
  std::string profile_arn;         // associated profile; empty when none
  std::string association_id;      // iip-assoc-...; empty when none (or not known)
  std::string root_device_type;    // "ebs" / "instance-store" (rollback --restart needs it)
  std::string auto_scaling_group;  // aws:autoscaling:groupName tag; empty when none
};

// The instance profile an action attaches.
struct TargetProfile {
  std::string arn;       // full ARN (arn:aws:iam::ACCOUNT:instance-profile/PATH/NAME)
  std::string name;      // profile name
  std::string role_arn;  // the role it holds (empty when the plan creates it)
};

// What a replace does to the instance's permissions, computed at planning time from the collected
// IAM documents (checks/policy_analysis): only what was computed is said. Empty `old_role` means
// nothing is known (the old role was not collected or could not be judged).
struct PermissionChange {
  std::string old_role;                       // name of the role the replaced profile holds
  std::vector<std::string> admin_grants;      // why the old role is admin-level ("AdministratorAccess is attached")
  std::vector<std::string> dropped_policies;  // old role's managed policy names / "inline:NAME" the target lacks
};

// The infrastructure-as-code tool that manages an instance, from its tags at planning time: a
// change made by hand drifts from that code, so the plan blocks it (unless `allowed`) and names the
// change to make in the code instead (remediate/managed_source.h).
struct ManagedBy {
  std::string tool;        // "cloudformation" or "terraform"; empty when not managed
  std::string name;        // the CloudFormation stack name, or the Terraform tag that matched ("KEY=VALUE")
  std::string logical_id;  // aws:cloudformation:logical-id, when tagged
  bool allowed = false;    // planned anyway (--allow-managed): apply warns of the drift
};

// One instance's planned change.
struct PlannedAction {
  ActionKind kind = ActionKind::kBlocked;
  InstanceState before;
  TargetProfile target;            // empty for kSkip without a target and for some kBlocked
  std::string reason;              // why: the failing check ids for associate/replace, the block reason
  std::vector<std::string> fixes;  // check ids this action is expected to turn into PASS
  std::string instance_name;       // the instance's Name tag at planning time, for reviewers; empty when none
  PermissionChange permissions;    // replace: what the change does to permissions, when known
  ManagedBy managed;               // the code that manages the instance, when tagged as managed
};

// An instance profile the plan creates before applying (--role NAME --create-profile).
struct ProfileToCreate {
  std::string account_id;
  std::string profile_name;
  std::string role_name;
  std::string path = "/";
};

// An inline policy a created role gets (copied from an IAM user or one of its groups).
struct RoleInlinePolicy {
  std::string name;      // the role's policy name: "user.NAME" or "group.GROUP.NAME" (fitted to 128 characters)
  std::string source;    // where it was copied from: "user deploy: NAME", "group builders: NAME"
  std::string document;  // the policy document (JSON text), as the user or group has it
};

// A role the plan creates for a key migration without a target (`plan --migrate-keys` naming no
// target): `rolecall-<user>`, trusting ec2.amazonaws.com only, with the key owner's identity
// policies (its own and its groups'), or with --least-privilege one inline policy of those
// narrowed to the actions its keys were seen calling, and an instance profile of the same name
// holding it.
struct RoleToCreate {
  std::string account_id;
  std::string user;                               // the IAM user whose permissions it copies
  std::string role_name;                          // user_role_name(user); also the instance profile's name
  std::vector<std::string> managed_policy_arns;   // attached as is (user's and groups'), sorted, unique
  std::vector<RoleInlinePolicy> inline_policies;  // sorted by name
  std::string permissions_boundary_arn{};  // the user's boundary, carried (CreateRole PermissionsBoundary); "" none
  // Roles whose trust policy and buckets whose bucket policy grant the user by name (checks::policy_naming):
  // not carried (the new role is another principal), so the operator adds the new role to each. Sorted ARNs.
  std::vector<std::string> resources_naming_user{};
  bool least_privilege = false;                    // --least-privilege: one inline policy of the actions seen
  std::vector<std::string> actions_granted{};      // least_privilege: the seen actions it grants, sorted
  std::vector<std::string> actions_not_granted{};  // least_privilege: seen, but the user's policies do not grant them
};

// An Auto Scaling group that launches from a template a TemplateAction fixes.
struct GroupLaunch {
  std::string name;                       // AutoScalingGroupName
  std::string version;                    // its template version at planning time: "$Default", "$Latest" or N
  bool mixed_instances_policy = false;    // the template is named in its mixed instances policy
  std::vector<std::string> instance_ids;  // its instances the plan changes or judged (for reviewers)
};

// What apply does to a launch template.
enum class TemplateActionKind {
  kUpdate,   // CreateLaunchTemplateVersion (source + target profile), ModifyLaunchTemplate, pinned groups moved
  kSkip,     // the version the groups launch already carries the target profile
  kBlocked,  // cannot be fixed as planned (launch configuration, managed, mixed targets...); `reason` says why
};

// "update", "skip", "blocked".
const char* to_string(TemplateActionKind kind);
// Parses the names above; false when unknown.
bool parse_template_action_kind(const std::string& text, TemplateActionKind& out);

// One credential line a UserDataScrub removes, as a reviewer sees it (never the secret).
struct ScrubbedLine {
  std::string layer;   // the decoded layer: "user-data > gzip > part 2 (text/x-shellscript)"
  long long line = 0;  // 1-based line in that layer
  std::string masked;  // the line, key ids redacted and secrets "****"
};

// A launch template version's user data without the credential lines of the keys a key migration
// retires (`plan --migrate-keys`): the new version apply makes carries it. The plan holds no
// secret: apply reads the version again, refuses it if its user data changed since planning, and
// derives the scrubbed user data from it again.
struct UserDataScrub {
  long long version = 0;                   // the version scrubbed (the action's source_version); 0: none
  std::string user_data_sha256;            // SHA-256 of its user data (base64 text) when planned
  std::string scrubbed_sha256;             // SHA-256 of the new user data (base64 text): derived again, read back
  std::vector<std::string> key_sha256;     // the keys removed (KeyToRetire::key_sha256), sorted
  std::vector<std::string> keys_redacted;  // the same keys, redacted, for reviewers
  std::vector<ScrubbedLine> lines;         // the lines removed
  std::string diff;                        // unified diff old -> new of the decoded layers, masked
};

// A fix at the source: the launch template Auto Scaling groups launch replacements from gets a new
// version equal to the one in use plus the target instance profile, made the default; groups that
// pin a version number are moved to it. Without it the instance fix is undone at the next scale-in.
struct TemplateAction {
  TemplateActionKind kind = TemplateActionKind::kBlocked;
  std::string account_id;
  std::string region;
  std::string template_id;         // lt-...; empty when the groups launch from a launch configuration
  std::string template_name;       // or the launch configuration's name
  long long source_version = 0;    // the version the groups launch now
  std::string source_profile_arn;  // the instance profile that version carries (ARN, or the name given); "" none
  long long default_version = 0;   // the template's default at planning time (rollback restores it)
  long long latest_version = 0;    // its latest at planning time (apply refuses if either moved)
  TargetProfile target;            // the profile the new version carries (the groups' instances' target)
  std::vector<GroupLaunch> groups;
  std::string reason;  // why: the block reason, or what the update fixes
  // Set (version > 0) when the new version also drops a migrated key's credential lines; then the
  // target may be empty (user data only), and the version becomes the default (and pinned groups
  // move to it) only when the operator approves it (`apply --make-template-default`).
  UserDataScrub scrub;
};

// A long-term access key a key migration retires (`plan --migrate-keys`): `apply --phase
// deactivate` sets it Inactive once every instance that held or used it runs on its role, and
// `rollback` of that run sets it Active again; never deleted. The plan never holds the key id: the
// key is recognised among its user's keys (iam:ListAccessKeys) by the SHA-256 of its id.
struct KeyToRetire {
  std::string account_id;                 // the key's owner account
  std::string user;                       // the IAM user that holds it
  std::string key_id_redacted;            // base::redact_key_id
  std::string key_sha256;                 // lowercase hex SHA-256 of the key id
  std::string status;                     // "Active" / "Inactive" when planned; "" when not known
  std::vector<std::string> instance_ids;  // the instances moving off it (the plan's actions)
  std::vector<std::string> evidence;      // where it was seen: "user data of i-...", "used from i-... (public IP ...)"
  std::string blocked_reason;             // non-empty: the deactivate phase leaves it alone, saying why
};

// A versioned plan file's content.
struct Plan {
  static constexpr int kVersion = 1;
  int version = kVersion;
  std::string created_at;             // ISO 8601 UTC
  std::string created_by;             // caller ARN that planned, when known
  std::string target_description;     // "--instance-profile app-ec2", "--mapping map.yaml", ...
  std::vector<std::string> approved;  // --approved-profiles the targets were judged against (apply judges again)
  std::string digest;                 // as read from a file: "sha256:HEX", empty when absent (plan_digest)
  std::string ticket;                 // --ticket: the change ticket this plan is reviewed under
  std::string approved_by;            // --approved-by: who approved it, when known at planning time
  std::map<std::string, std::string> account_names;  // account id -> name, when known (for reviewers)
  std::vector<ProfileToCreate> create_profiles;
  std::vector<RoleToCreate> create_roles;  // key migration without a target: roles (and profiles) to create
  std::vector<PlannedAction> actions;      // sorted by account, region, instance id
  std::vector<TemplateAction> templates;   // launch templates to fix, sorted by account, region, template id
  bool migrate_keys = false;               // a key migration (plan --migrate-keys): actions move instances off keys
  std::vector<KeyToRetire> retire_keys;    // the keys `apply --phase deactivate` retires, sorted by account, user, key

  // Number of template actions of `kind`.
  std::size_t count(TemplateActionKind kind) const {
    std::size_t n = 0;
    for (const auto& t : templates) n += t.kind == kind ? 1 : 0;
    return n;
  }

  // Number of actions of `kind`.
  std::size_t count(ActionKind kind) const {
    std::size_t n = 0;
    for (const auto& a : actions) n += a.kind == kind ? 1 : 0;
    return n;
  }
};

// "sha256:HEX" over the plan's canonical content: every field apply, rollback, the journal and a
// reviewer read (not `digest`, not the derived summary), as compact JSON with sorted keys, so
// reformatting the file keeps it and any edit of an action, target, profile to create, ticket,
// approver or reviewer label changes it. Fields added after the first digested plans (ticket,
// approved_by, account names, instance names, permissions, launch templates) count only when set, so those plans
// keep their digest.
std::string plan_digest(const Plan& plan);

// Error::code of a plan whose digest does not match its content (changed after planning).
inline constexpr const char* kPlanChangedCode = "PlanChanged";
// Error::code of a plan without a digest (written by a rolecall before digests).
inline constexpr const char* kPlanUnsignedCode = "PlanUnsigned";

// Checks `plan.digest` (as read from `source`) against plan_digest(plan): kInvalidArgument with
// kPlanChangedCode on a mismatch, with kPlanUnsignedCode when absent unless `allow_unsigned`.
Result<void> check_plan_digest(const Plan& plan, const std::string& source, bool allow_unsigned);

// Serialises a plan as JSON (schema "rolecall.plan/v1"), with its plan_digest.
std::string plan_to_json(const Plan& plan);
// Parses a plan file's text; `source` names the file in errors (kParse / kInvalidArgument with the
// JSON path of the bad field). Rejects unknown versions.
Result<Plan> plan_from_json(const std::string& text, const std::string& source);

}  // namespace rolecall

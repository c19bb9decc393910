#pragma once
// Preflight: the spec's prerequisites. For the caller in each account, asks
// iam:SimulatePrincipalPolicy (and EC2 DryRun where the API has it) whether every call remediation
// makes would be allowed. The apply engineer calls run_preflight() before applying:
//
//   auto report = run_preflight(session.loop(), preflight_targets(plan, callers, region));
//   if (!report) ...;                       // only for broken input (no targets)
//   if (!report->all_granted()) refuse;     // print with render_preflight()
//
// docs/preflight.md describes the output and exit codes.

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "rolecall/exit_code.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// One permission's verdict.
enum class PermissionStatus { kGranted, kDenied, kUnknown };

// "granted", "denied", "could not be checked".
const char* to_string(PermissionStatus status);

// One permission checked for one caller.
struct PermissionCheck {
  std::string action;    // "ec2:AssociateIamInstanceProfile"
  std::string resource;  // "*" or the role ARN (iam:PassRole)
  PermissionStatus status = PermissionStatus::kUnknown;
  std::string method;  // "simulate", "dry-run", "simulate+dry-run"
  std::string detail;  // deciding statement (policy id, type, lines) or why it could not be checked
};

// One account's caller and its permissions.
struct AccountPreflight {
  std::string account_id;
  std::string caller_arn;     // from sts:GetCallerIdentity
  std::string simulated_arn;  // the IAM principal simulated (an assumed role's role ARN)
  std::vector<PermissionCheck> checks;
  std::optional<Error> error;  // the account could not be checked at all (every check is kUnknown)
};

// Everything preflight found.
struct PreflightReport {
  std::vector<AccountPreflight> accounts;

  // True when every permission of every account is granted.
  bool all_granted() const;
  // True when some permission is denied.
  bool any_denied() const;
  // kOk all granted, kCredentials something denied, kPartial something could not be checked (denied wins).
  ExitCode exit_code() const;
};

// Actions checked on one named resource (a role or instance profile the plan creates).
struct ScopedActions {
  std::string resource;                       // its ARN
  std::vector<std::string> actions;           // "iam:CreateRole", ...
  std::string permissions_boundary_arn = {};  // a role's boundary, supplied as the iam:PermissionsBoundary key
};

// What to check in one account.
struct PreflightTarget {
  std::string account_id;
  aws::AwsCaller* caller = nullptr;  // nullptr: the account could not be reached (`error`)
  std::optional<Error> error;
  std::string region = "us-east-1";         // where the EC2 DryRun calls go
  std::vector<std::string> pass_role_arns;  // iam:PassRole resources (target role ARNs)
  bool create_profile = false;              // iam:CreateInstanceProfile + iam:AddRoleToInstanceProfile
  bool attach_role_policy = false;          // iam:AttachRolePolicy
  bool launch_templates = false;            // the launch template and Auto Scaling reads and writes
  std::vector<std::string> key_user_arns;   // iam:ListAccessKeys + iam:UpdateAccessKey on these users (key migration)
  std::string dry_run_instance_id;          // an instance for StopInstances/StartInstances DryRun; empty: skipped
  std::vector<ScopedActions> scoped;        // rolecall-<user> roles and profiles created: one simulation each
};

// The actions checked on a role the plan creates (and its rollback deletes), and on its profile.
const std::vector<std::string>& created_role_actions();
const std::vector<std::string>& created_profile_actions();

// The actions checked with resource "*" for `target` (the fixed list plus what it needs).
std::vector<std::string> preflight_actions(const PreflightTarget& target);

// Per-account targets for applying `plan`: the role ARNs it attaches, whether it creates profiles.
// `callers` maps account id to its caller (missing: the account is reported unreachable).
std::vector<PreflightTarget> preflight_targets(const Plan& plan, const std::map<std::string, aws::AwsCaller*>& callers,
                                               const std::string& region);

// Runs every target's checks concurrently on `loop` (runs it until done). Fails only with
// kInvalidArgument when `targets` is empty; everything else is a per-permission verdict.
Result<PreflightReport> run_preflight(aws::EventLoop& loop, const std::vector<PreflightTarget>& targets);

// The IAM principal to simulate for a caller ARN: users and roles as they are; an STS assumed-role
// ARN arn:aws:sts::A:assumed-role/R/S becomes arn:aws:iam::A:role/R (path added by the caller);
// empty for principals that cannot be simulated (root, federated users).
std::string simulation_principal(const std::string& caller_arn);

// Prints the report: per account, one line per permission with its status and deciding statement.
void render_preflight(const PreflightReport& report, std::ostream& out, bool color);

}  // namespace rolecall::remediate

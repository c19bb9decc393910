#include "remediate/preflight.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "aws/endpoints.h"
#include "aws/ops/ec2_start_stop.h"
#include "aws/ops/iam_roles.h"
#include "aws/ops/iam_simulate.h"
#include "aws/ops/sts.h"

namespace rolecall::remediate {
namespace {

namespace iam = aws::iam;

constexpr const char* kPassRole = "iam:PassRole";

std::string describe_statement(const iam::EvaluationResult& r) {
  if (r.matched_statements.empty()) {
    return r.decision == iam::EvalDecision::kImplicitDeny ? "no statement allows it (implicit deny)" : "";
  }
  std::string out;
  for (const auto& m : r.matched_statements) {
    if (!out.empty()) out += "; ";
    out += (r.decision == iam::EvalDecision::kExplicitDeny ? "denied by " : "allowed by ") + m.source_policy_id;
    if (!m.source_policy_type.empty()) out += " (" + m.source_policy_type + ")";
    if (m.start.line > 0) out += fmt::format(" lines {}-{}", m.start.line, m.end.line);
  }
  return out;
}

PermissionCheck from_result(const iam::EvaluationResult& r, const std::string& resource) {
  PermissionCheck c;
  c.action = r.action;
  c.resource = resource;
  c.method = "simulate";
  c.status = r.decision == iam::EvalDecision::kAllowed ? PermissionStatus::kGranted : PermissionStatus::kDenied;
  c.detail = describe_statement(r);
  if (!r.missing_context_values.empty() && c.status == PermissionStatus::kDenied) {
    c.detail += " (missing context values: ";
    for (std::size_t i = 0; i < r.missing_context_values.size(); ++i) {
      c.detail += (i ? ", " : "") + r.missing_context_values[i];
    }
    c.detail += ")";
  }
  return c;
}

// Actions checked on one resource of their own, in one simulation: iam:PassRole on each target role
// (passed to EC2), a key migration's key reads and writes on each key owner, whom policies commonly
// name, and the roles and profiles the plan creates (rolecall-<user>).
struct ResourceCheck {
  std::vector<std::string> actions;
  std::string resource;
  std::vector<iam::ContextEntry> context;
};

std::vector<ResourceCheck> resource_checks(const PreflightTarget& target) {
  std::vector<ResourceCheck> out;
  for (const auto& arn : target.pass_role_arns) {
    // The role is passed to EC2; policies commonly scope PassRole with this key.
    out.push_back({{kPassRole}, arn, {{"iam:PassedToService", "string", {"ec2.amazonaws.com"}}}});
  }
  for (const auto& arn : target.key_user_arns) {
    // The deactivate phase, and its rollback.
    out.push_back({{"iam:ListAccessKeys", "iam:UpdateAccessKey"}, arn, {}});
  }
  for (const auto& scoped : target.scoped) {
    // Accounts that require boundaries allow CreateRole only with this key naming the right one.
    std::vector<iam::ContextEntry> context;
    if (!scoped.permissions_boundary_arn.empty())
      context.push_back({"iam:PermissionsBoundary", "string", {scoped.permissions_boundary_arn}});
    out.push_back({scoped.actions, scoped.resource, std::move(context)});
  }
  return out;
}

void all_unknown(AccountPreflight& account, const PreflightTarget& target, const std::string& why) {
  for (const auto& action : preflight_actions(target)) {
    account.checks.push_back({action, "*", PermissionStatus::kUnknown, "simulate", why});
  }
  for (const auto& r : resource_checks(target)) {
    for (const auto& action : r.actions)
      account.checks.push_back({action, r.resource, PermissionStatus::kUnknown, "simulate", why});
  }
}

// One account's preflight as a chain of asynchronous calls, so that every account is checked at
// once: identity -> (assumed role: GetRole) -> the simulations, all in flight together -> the
// Stop/Start DryRuns. Checks are assembled in a fixed order whatever order the answers come in.
class AccountCheck : public std::enable_shared_from_this<AccountCheck> {
 public:
  AccountCheck(const PreflightTarget& target, AccountPreflight& out) : target_(target), account_(out) {
    account_.account_id = target.account_id;
  }

  void start() {
    if (target_.caller == nullptr) {
      account_.error = target_.error.value_or(Error::credentials("account is not reachable"));
      all_unknown(account_, target_, account_.error->describe());
      return;
    }
    aws::sts::get_caller_identity(*target_.caller, {target_.region},
                                  [self = shared_from_this()](Result<aws::sts::GetCallerIdentityResponse> r) {
                                    self->on_identity(std::move(r));
                                  });
  }

 private:
  void on_identity(Result<aws::sts::GetCallerIdentityResponse> identity) {
    if (!identity) {
      account_.error = identity.error().with_context("sts:GetCallerIdentity");
      all_unknown(account_, target_, account_.error->describe());
      return;
    }
    account_.caller_arn = identity->arn;
    if (account_.account_id.empty()) account_.account_id = identity->account;
    principal_ = simulation_principal(identity->arn);
    if (identity->arn.find(":assumed-role/") != std::string::npos && !principal_.empty()) {
      // The role's path is not in the session ARN: GetRole has the real ARN.
      std::string role_name = principal_.substr(principal_.rfind('/') + 1);
      iam::get_role(*target_.caller, {role_name}, [self = shared_from_this()](Result<iam::GetRoleResponse> role) {
        if (role) {
          self->principal_ = role->role.arn;
        } else {
          self->principal_note_ = " (iam:GetRole failed, path assumed /: " + role.error().describe() + ")";
        }
        self->simulate();
      });
      return;
    }
    simulate();
  }

  void simulate() {
    account_.simulated_arn = principal_;
    if (principal_ == "root") {
      account_.simulated_arn.clear();
      for (const auto& action : preflight_actions(target_)) {
        account_.checks.push_back(
            {action, "*", PermissionStatus::kGranted, "caller", "root user: IAM policies do not limit it"});
      }
      for (const auto& r : resource_checks(target_)) {
        for (const auto& action : r.actions)
          account_.checks.push_back({action, r.resource, PermissionStatus::kGranted, "caller", "root user"});
      }
      return;
    }
    if (principal_.empty()) {
      all_unknown(account_, target_, "caller " + account_.caller_arn + " cannot be simulated");
      dry_runs();
      return;
    }
    actions_ = preflight_actions(target_);
    resources_ = resource_checks(target_);
    resource_results_.resize(resources_.size());
    pending_ = 1 + resources_.size();
    iam::SimulatePrincipalPolicyRequest request;
    request.policy_source_arn = principal_;
    request.action_names = actions_;
    iam::simulate_principal_policy_all(*target_.caller, request,
                                       [self = shared_from_this()](Result<iam::SimulatePrincipalPolicyResponse> r) {
                                         self->action_result_.emplace(std::move(r));
                                         self->simulated();
                                       });
    // One simulation per resource: how IAM lays out several resources in one answer varies.
    for (std::size_t i = 0; i < resources_.size(); ++i) {
      iam::SimulatePrincipalPolicyRequest one;
      one.policy_source_arn = principal_;
      one.action_names = resources_[i].actions;
      one.resource_arns = {resources_[i].resource};
      one.context_entries = resources_[i].context;
      iam::simulate_principal_policy_all(
          *target_.caller, one, [self = shared_from_this(), i](Result<iam::SimulatePrincipalPolicyResponse> r) {
            self->resource_results_[i].emplace(std::move(r));
            self->simulated();
          });
    }
  }

  // The checks of `actions` on `resource` from one simulation's answer.
  void add_checks(const std::vector<std::string>& actions, const std::string& resource,
                  const Result<iam::SimulatePrincipalPolicyResponse>& sim) {
    for (const auto& action : actions) {
      if (!sim) {
        account_.checks.push_back({action, resource, PermissionStatus::kUnknown, "simulate",
                                   "iam:SimulatePrincipalPolicy failed: " + sim.error().describe() + principal_note_});
        continue;
      }
      auto it = std::find_if(sim->results.begin(), sim->results.end(),
                             [&](const iam::EvaluationResult& r) { return r.action == action; });
      if (it == sim->results.end()) {
        account_.checks.push_back(
            {action, resource, PermissionStatus::kUnknown, "simulate", "not in the simulation result"});
      } else {
        account_.checks.push_back(from_result(*it, resource));
      }
    }
  }

  void simulated() {
    if (--pending_ > 0) return;
    add_checks(actions_, "*", *action_result_);
    for (std::size_t i = 0; i < resources_.size(); ++i) {
      add_checks(resources_[i].actions, resources_[i].resource, *resource_results_[i]);
    }
    dry_runs();
  }

  // Stop/Start with DryRun: EC2's own answer, which also covers SCPs and boundaries.
  void dry_runs() {
    if (target_.dry_run_instance_id.empty()) return;
    aws::ec2::StartStopRequest request;
    request.instance_ids = {target_.dry_run_instance_id};
    request.dry_run = true;
    aws::ec2::stop_instances(*target_.caller, target_.region, request,
                             [self = shared_from_this(), request](Result<aws::ec2::StartStopResponse> stop) {
                               self->dry_run_check("ec2:StopInstances", stop);
                               aws::ec2::start_instances(*self->target_.caller, self->target_.region, request,
                                                         [self](Result<aws::ec2::StartStopResponse> started) {
                                                           self->dry_run_check("ec2:StartInstances", started);
                                                         });
                             });
  }

  void dry_run_check(const char* action, const Result<aws::ec2::StartStopResponse>& r) {
    PermissionCheck c{action, "*", PermissionStatus::kUnknown, "dry-run", {}};
    if (r && r->dry_run_ok) {
      c.status = PermissionStatus::kGranted;
      c.detail = "DryRunOperation on " + target_.dry_run_instance_id;
    } else if (!r && r.error().kind == ErrorKind::kAccessDenied) {
      c.status = PermissionStatus::kDenied;
      c.detail = r.error().describe();
    } else {
      c.detail = r ? "DryRun did not answer DryRunOperation" : r.error().describe();
    }
    account_.checks.push_back(std::move(c));
  }

  const PreflightTarget& target_;
  AccountPreflight& account_;
  std::string principal_;
  std::string principal_note_;
  std::vector<std::string> actions_;
  std::optional<Result<iam::SimulatePrincipalPolicyResponse>> action_result_;
  std::vector<ResourceCheck> resources_;
  std::vector<std::optional<Result<iam::SimulatePrincipalPolicyResponse>>> resource_results_;
  std::size_t pending_ = 0;
};

}  // namespace

const char* to_string(PermissionStatus status) {
  switch (status) {
    case PermissionStatus::kGranted: return "granted";
    case PermissionStatus::kDenied: return "denied";
    case PermissionStatus::kUnknown: return "could not be checked";
  }
  return "could not be checked";
}

bool PreflightReport::all_granted() const {
  for (const auto& a : accounts) {
    if (a.error) return false;
    for (const auto& c : a.checks) {
      if (c.status != PermissionStatus::kGranted) return false;
    }
  }
  return !accounts.empty();
}

bool PreflightReport::any_denied() const {
  for (const auto& a : accounts) {
    for (const auto& c : a.checks) {
      if (c.status == PermissionStatus::kDenied) return true;
    }
  }
  return false;
}

ExitCode PreflightReport::exit_code() const {
  if (any_denied()) return ExitCode::kCredentials;
  return all_granted() ? ExitCode::kOk : ExitCode::kPartial;
}

const std::vector<std::string>& created_role_actions() {
  static const std::vector<std::string> kActions = {
      "iam:CreateRole",
      "iam:TagRole",
      "iam:PutRolePolicy",
      "iam:AttachRolePolicy",
      "iam:GetRole",
      "iam:ListRolePolicies",
      "iam:ListAttachedRolePolicies",
      "iam:GetRolePolicy",
      kPassRole,  // AddRoleToInstanceProfile passes the role (no iam:PassedToService)
      "iam:DeleteRolePolicy",
      "iam:DetachRolePolicy",
      "iam:DeleteRole"};  // rollback
  return kActions;
}

const std::vector<std::string>& created_profile_actions() {
  static const std::vector<std::string> kActions = {"iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile",
                                                    "iam:GetInstanceProfile", "iam:RemoveRoleFromInstanceProfile",
                                                    "iam:DeleteInstanceProfile"};  // the last two: rollback
  return kActions;
}

std::vector<std::string> preflight_actions(const PreflightTarget& target) {
  std::vector<std::string> actions{"ec2:DescribeInstances",
                                   "ec2:DescribeIamInstanceProfileAssociations",
                                   "ec2:AssociateIamInstanceProfile",
                                   "ec2:ReplaceIamInstanceProfileAssociation",
                                   "ec2:DisassociateIamInstanceProfile",
                                   "iam:GetAccountAuthorizationDetails",  // apply re-judges targets
                                   "iam:ListInstanceProfiles",
                                   "iam:GetInstanceProfile"};  // rollback: does the restored profile exist
  if (target.create_profile) {
    actions.push_back("iam:CreateInstanceProfile");
    actions.push_back("iam:AddRoleToInstanceProfile");
  }
  if (target.attach_role_policy) actions.push_back("iam:AttachRolePolicy");
  if (target.launch_templates) {
    for (const char* a : {"ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions",
                          "ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate",
                          "ec2:DeleteLaunchTemplateVersions",  // rollback
                          "autoscaling:DescribeAutoScalingGroups", "autoscaling:UpdateAutoScalingGroup"}) {
      actions.push_back(a);
    }
  }
  return actions;
}

std::vector<PreflightTarget> preflight_targets(const Plan& plan, const std::map<std::string, aws::AwsCaller*>& callers,
                                               const std::string& region) {
  std::map<std::string, PreflightTarget> by_account;
  auto target_for = [&](const std::string& account_id) -> PreflightTarget& {
    auto [it, inserted] = by_account.try_emplace(account_id);
    if (inserted) {
      it->second.account_id = account_id;
      it->second.region = region;
      auto c = callers.find(account_id);
      if (c != callers.end()) it->second.caller = c->second;
    }
    return it->second;
  };
  for (const auto& a : plan.actions) {
    if (a.kind != ActionKind::kAssociate && a.kind != ActionKind::kReplace) continue;
    PreflightTarget& t = target_for(a.before.account_id);
    if (!a.before.region.empty() && t.pass_role_arns.empty()) t.region = a.before.region;
    if (!a.target.role_arn.empty() &&
        std::find(t.pass_role_arns.begin(), t.pass_role_arns.end(), a.target.role_arn) == t.pass_role_arns.end()) {
      t.pass_role_arns.push_back(a.target.role_arn);
    }
  }
  for (const auto& p : plan.create_profiles) target_for(p.account_id).create_profile = true;
  for (const auto& r : plan.create_roles) {
    const std::string iam = "arn:aws:iam::" + r.account_id + ":";
    std::vector<std::string> role_actions = created_role_actions();
    // Creating a role with a boundary is also authorized as setting it (the emulator requires both).
    if (!r.permissions_boundary_arn.empty()) role_actions.push_back("iam:PutRolePermissionsBoundary");
    target_for(r.account_id)
        .scoped.push_back({iam + "role/" + r.role_name, std::move(role_actions), r.permissions_boundary_arn});
    target_for(r.account_id).scoped.push_back({iam + "instance-profile/" + r.role_name, created_profile_actions()});
  }
  for (const auto& t : plan.templates) {
    if (t.kind == TemplateActionKind::kUpdate) target_for(t.account_id).launch_templates = true;
  }
  for (const auto& k : plan.retire_keys) {
    if (!k.blocked_reason.empty()) continue;
    PreflightTarget& t = target_for(k.account_id);
    // The user's ARN as a policy names it (a user with a path other than / reads as one without).
    const std::string arn = "arn:" + aws::partition_of(t.region) + ":iam::" + k.account_id + ":user/" + k.user;
    if (std::find(t.key_user_arns.begin(), t.key_user_arns.end(), arn) == t.key_user_arns.end()) {
      t.key_user_arns.push_back(arn);
    }
  }
  std::vector<PreflightTarget> out;
  for (auto& [id, t] : by_account) out.push_back(std::move(t));
  return out;
}

Result<PreflightReport> run_preflight(aws::EventLoop& loop, const std::vector<PreflightTarget>& targets) {
  if (targets.empty()) return fail(ErrorKind::kInvalidArgument, "preflight: no account to check");
  PreflightReport report;
  report.accounts.resize(targets.size());
  // Every account at once: an organization's preflight takes a few round trips, not a few per account.
  for (std::size_t i = 0; i < targets.size(); ++i)
    std::make_shared<AccountCheck>(targets[i], report.accounts[i])->start();
  loop.run();
  return report;
}

std::string simulation_principal(const std::string& caller_arn) {
  // arn:PARTITION:SERVICE::ACCOUNT:RESOURCE
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    std::size_t colon = caller_arn.find(':', start);
    if (colon == std::string::npos) return {};
    parts.push_back(caller_arn.substr(start, colon - start));
    start = colon + 1;
  }
  const std::string resource = caller_arn.substr(start);
  if (parts[0] != "arn" || parts[4].empty()) return {};
  if (parts[2] == "iam") {
    if (resource == "root") return "root";
    if (resource.rfind("user/", 0) == 0 || resource.rfind("role/", 0) == 0) return caller_arn;
    return {};
  }
  if (parts[2] == "sts" && resource.rfind("assumed-role/", 0) == 0) {
    std::string rest = resource.substr(13);
    std::size_t slash = rest.find('/');
    std::string role = rest.substr(0, slash);
    if (role.empty()) return {};
    return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + role;
  }
  return {};
}

void render_preflight(const PreflightReport& report, std::ostream& out, bool color) {
  auto paint = [color](PermissionStatus s) -> std::string {
    const char* text = to_string(s);
    if (!color) return text;
    const char* code = s == PermissionStatus::kGranted ? "32" : s == PermissionStatus::kDenied ? "31" : "33";
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  };
  std::size_t granted = 0, denied = 0, unknown = 0;
  for (const auto& a : report.accounts) {
    out << "Account " << a.account_id;
    if (!a.caller_arn.empty()) out << "  caller " << a.caller_arn;
    if (!a.simulated_arn.empty() && a.simulated_arn != a.caller_arn) out << " (simulated as " << a.simulated_arn << ")";
    out << "\n";
    if (a.error) out << "  ! " << a.error->describe() << "\n";
    for (const auto& c : a.checks) {
      (c.status == PermissionStatus::kGranted ? granted : c.status == PermissionStatus::kDenied ? denied : unknown)++;
      out << "  " << c.action;
      if (c.resource != "*") out << " on " << c.resource;
      out << ": " << paint(c.status);
      if (!c.detail.empty()) out << " — " << c.detail;
      out << "\n";
    }
  }
  out << fmt::format("Preflight: {} granted, {} denied, {} could not be checked.\n", granted, denied, unknown);
}

}  // namespace rolecall::remediate

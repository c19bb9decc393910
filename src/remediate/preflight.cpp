#include "remediate/preflight.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "aws/ops/ec2_start_stop.h"
#include "aws/ops/iam_roles.h"
#include "aws/ops/iam_simulate.h"
#include "aws/ops/sts.h"
#include "aws/sync.h"

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

void all_unknown(AccountPreflight& account, const PreflightTarget& target, const std::string& why) {
  for (const auto& action : preflight_actions(target)) {
    account.checks.push_back({action, "*", PermissionStatus::kUnknown, "simulate", why});
  }
  for (const auto& arn : target.pass_role_arns) {
    account.checks.push_back({kPassRole, arn, PermissionStatus::kUnknown, "simulate", why});
  }
}

// Stop/Start with DryRun: EC2's own answer, which also covers SCPs and boundaries.
void dry_run_checks(aws::EventLoop& loop, const PreflightTarget& target, AccountPreflight& account) {
  for (const char* action : {"ec2:StopInstances", "ec2:StartInstances"}) {
    aws::ec2::StartStopRequest request;
    request.instance_ids = {target.dry_run_instance_id};
    request.dry_run = true;
    const bool stop = std::string(action) == "ec2:StopInstances";
    auto r = aws::run_sync<aws::ec2::StartStopResponse>(loop, [&](auto done) {
      if (stop) {
        aws::ec2::stop_instances(*target.caller, target.region, request, std::move(done));
      } else {
        aws::ec2::start_instances(*target.caller, target.region, request, std::move(done));
      }
    });
    PermissionCheck c{action, "*", PermissionStatus::kUnknown, "dry-run", {}};
    if (r && r->dry_run_ok) {
      c.status = PermissionStatus::kGranted;
      c.detail = "DryRunOperation on " + target.dry_run_instance_id;
    } else if (!r && r.error().kind == ErrorKind::kAccessDenied) {
      c.status = PermissionStatus::kDenied;
      c.detail = r.error().describe();
    } else {
      c.detail = r ? "DryRun did not answer DryRunOperation" : r.error().describe();
    }
    account.checks.push_back(std::move(c));
  }
}

AccountPreflight check_account(aws::EventLoop& loop, const PreflightTarget& target) {
  AccountPreflight account;
  account.account_id = target.account_id;
  if (target.caller == nullptr) {
    account.error = target.error.value_or(Error{ErrorKind::kCredentials, "account is not reachable", {}, {}, 0});
    all_unknown(account, target, account.error->describe());
    return account;
  }
  auto identity = aws::run_sync<aws::sts::GetCallerIdentityResponse>(loop, [&](auto done) {
    aws::sts::get_caller_identity(*target.caller, {target.region}, std::move(done));
  });
  if (!identity) {
    account.error = identity.error().with_context("sts:GetCallerIdentity");
    all_unknown(account, target, account.error->describe());
    return account;
  }
  account.caller_arn = identity->arn;
  if (account.account_id.empty()) account.account_id = identity->account;
  std::string principal = simulation_principal(identity->arn);
  std::string principal_note;
  if (identity->arn.find(":assumed-role/") != std::string::npos && !principal.empty()) {
    // The role's path is not in the session ARN: GetRole has the real ARN.
    std::string role_name = principal.substr(principal.rfind('/') + 1);
    auto role = aws::run_sync<iam::GetRoleResponse>(loop, [&](auto done) {
      iam::get_role(*target.caller, {role_name}, std::move(done));
    });
    if (role) {
      principal = role->role.arn;
    } else {
      principal_note = " (iam:GetRole failed, path assumed /: " + role.error().describe() + ")";
    }
  }
  account.simulated_arn = principal;
  if (principal == "root") {
    account.simulated_arn.clear();
    for (const auto& action : preflight_actions(target)) {
      account.checks.push_back({action, "*", PermissionStatus::kGranted, "caller", "root user: IAM policies do not limit it"});
    }
    for (const auto& arn : target.pass_role_arns) {
      account.checks.push_back({kPassRole, arn, PermissionStatus::kGranted, "caller", "root user"});
    }
    return account;
  }
  if (principal.empty()) {
    all_unknown(account, target, "caller " + identity->arn + " cannot be simulated");
  } else {
    iam::SimulatePrincipalPolicyRequest request;
    request.policy_source_arn = principal;
    request.action_names = preflight_actions(target);
    auto sim = aws::run_sync<iam::SimulatePrincipalPolicyResponse>(loop, [&](auto done) {
      iam::simulate_principal_policy_all(*target.caller, request, std::move(done));
    });
    if (!sim) {
      std::string why = "iam:SimulatePrincipalPolicy failed: " + sim.error().describe() + principal_note;
      for (const auto& action : request.action_names) {
        account.checks.push_back({action, "*", PermissionStatus::kUnknown, "simulate", why});
      }
    } else {
      for (const auto& action : request.action_names) {
        auto it = std::find_if(sim->results.begin(), sim->results.end(),
                               [&](const iam::EvaluationResult& r) { return r.action == action; });
        if (it == sim->results.end()) {
          account.checks.push_back({action, "*", PermissionStatus::kUnknown, "simulate", "not in the simulation result"});
        } else {
          account.checks.push_back(from_result(*it, "*"));
        }
      }
    }
    // One simulation per role: how IAM lays out several resources in one answer varies.
    for (const auto& arn : target.pass_role_arns) {
      iam::SimulatePrincipalPolicyRequest pass;
      pass.policy_source_arn = principal;
      pass.action_names = {kPassRole};
      pass.resource_arns = {arn};
      auto passed = aws::run_sync<iam::SimulatePrincipalPolicyResponse>(loop, [&](auto done) {
        iam::simulate_principal_policy_all(*target.caller, pass, std::move(done));
      });
      if (!passed) {
        account.checks.push_back({kPassRole, arn, PermissionStatus::kUnknown, "simulate",
                                  "iam:SimulatePrincipalPolicy failed: " + passed.error().describe() + principal_note});
        continue;
      }
      auto it = std::find_if(passed->results.begin(), passed->results.end(),
                             [&](const iam::EvaluationResult& r) { return r.action == kPassRole; });
      if (it == passed->results.end()) {
        account.checks.push_back({kPassRole, arn, PermissionStatus::kUnknown, "simulate", "not in the simulation result"});
      } else {
        account.checks.push_back(from_result(*it, arn));
      }
    }
  }
  if (!target.dry_run_instance_id.empty()) dry_run_checks(loop, target, account);
  return account;
}

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

int PreflightReport::exit_code() const {
  if (any_denied()) return 3;
  return all_granted() ? 0 : 4;
}

std::vector<std::string> preflight_actions(const PreflightTarget& target) {
  std::vector<std::string> actions{"ec2:DescribeInstances",
                                   "ec2:DescribeIamInstanceProfileAssociations",
                                   "ec2:AssociateIamInstanceProfile",
                                   "ec2:ReplaceIamInstanceProfileAssociation",
                                   "ec2:DisassociateIamInstanceProfile",
                                   "iam:ListRoles",
                                   "iam:GetInstanceProfile"};
  if (target.create_profile) {
    actions.push_back("iam:CreateInstanceProfile");
    actions.push_back("iam:AddRoleToInstanceProfile");
  }
  if (target.attach_role_policy) actions.push_back("iam:AttachRolePolicy");
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
  std::vector<PreflightTarget> out;
  for (auto& [id, t] : by_account) out.push_back(std::move(t));
  return out;
}

Result<PreflightReport> run_preflight(aws::EventLoop& loop, const std::vector<PreflightTarget>& targets) {
  if (targets.empty()) return fail(ErrorKind::kInvalidArgument, "preflight: no account to check");
  PreflightReport report;
  for (const auto& t : targets) report.accounts.push_back(check_account(loop, t));
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

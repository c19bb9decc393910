// rolecall preflight: the spec's prerequisites — does the caller hold every permission remediation needs?
#include <unistd.h>

#include <iostream>

#include "aws/ops/iam_instance_profiles.h"
#include "aws/ops/iam_roles.h"
#include "base/sync.h"
#include "cli/commands.h"
#include "inventory/scope.h"
#include "remediate/preflight.h"

namespace rolecall::cli {
namespace {

struct PreflightArgs {
  std::string role;
  std::string instance_profile;
  std::string plan;
  bool create_profile = false;
  bool attach_role_policy = false;
  std::string dry_run_instance;
  inventory::ScopeOptions scope;
};

// The role ARN to check iam:PassRole on in one account (GetRole for the path; a guessed ARN otherwise).
std::string role_arn_in(aws::Session& session, const inventory::AccountTarget& t, const PreflightArgs& args,
                        std::string& note) {
  std::string role_name = args.role;
  if (!args.instance_profile.empty()) {
    auto profile = base::run_sync<aws::iam::GetInstanceProfileResponse>(session.loop(), [&](auto done) {
      aws::iam::get_instance_profile(*t.caller, {args.instance_profile}, std::move(done));
    });
    if (!profile) {
      note = "instance profile " + args.instance_profile + ": " + profile.error().describe();
    } else if (!profile->profile.roles.empty()) {
      return profile->profile.roles.front().arn;
    } else {
      note = "instance profile " + args.instance_profile + " holds no role";
    }
  }
  if (role_name.empty()) return {};
  auto role = base::run_sync<aws::iam::GetRoleResponse>(
      session.loop(), [&](auto done) { aws::iam::get_role(*t.caller, {role_name}, std::move(done)); });
  if (role) return role->role.arn;
  note = "role " + role_name + ": " + role.error().describe();
  return "arn:" + t.partition + ":iam::" + t.account_id + ":role/" + role_name;
}

}  // namespace

Action register_preflight(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "preflight",
      "Check that the caller holds the permissions remediation needs, in every account in scope, with "
      "iam:SimulatePrincipalPolicy (and EC2 DryRun where the API has one): ec2:DescribeInstances, "
      "ec2:DescribeIamInstanceProfileAssociations, ec2:AssociateIamInstanceProfile, "
      "ec2:ReplaceIamInstanceProfileAssociation, ec2:DisassociateIamInstanceProfile, iam:PassRole on the target "
      "role, iam:ListRoles, iam:GetInstanceProfile, and what the plan needs besides. Exit status: 0 all granted, "
      "3 something denied, 4 something could not be checked, 2 usage.");
  auto args = std::make_shared<PreflightArgs>();
  sub->add_option("--role", args->role, "The target role (iam:PassRole is checked on it)");
  sub->add_option("--instance-profile", args->instance_profile, "The target instance profile (its role is checked)");
  sub->add_option("--plan", args->plan,
                  "Check what this plan file needs (its roles, profiles to create) in the accounts in scope");
  sub->add_flag("--create-profile", args->create_profile,
                "Also check iam:CreateInstanceProfile and iam:AddRoleToInstanceProfile");
  sub->add_flag("--attach-role-policy", args->attach_role_policy, "Also check iam:AttachRolePolicy");
  sub->add_option("--dry-run-instance", args->dry_run_instance,
                  "An instance id for StopInstances/StartInstances DryRun calls (rollback --restart)");
  sub->add_option("--accounts", args->scope.accounts_file, "File of account ids to check by assuming --assume-role");
  sub->add_flag("--org", args->scope.org, "Check every active account of the organization");
  sub->add_option("--assume-role", args->scope.assume_role, "Role name to assume in each account")
      ->capture_default_str();
  sub->add_option("--external-id", args->scope.external_id, "External id for AssumeRole");
  return [&global, args]() -> ExitCode {
    if (args->role.empty() && args->instance_profile.empty() && args->plan.empty()) {
      return report_error(
          Error::invalid_argument("preflight needs --role NAME, --instance-profile NAME or --plan FILE"));
    }
    std::optional<Plan> plan;
    if (!args->plan.empty()) {
      auto text = global.env->read_file(args->plan);
      if (!text) return report_error(Error::invalid_argument("cannot read plan file " + args->plan));
      auto parsed = plan_from_json(*text, args->plan);
      if (!parsed) return report_error(parsed.error());
      plan = std::move(*parsed);
    }
    auto session = aws::Session::create(global.session_options());
    if (!session) return report_error(session.error());
    inventory::ScopeOptions scope = args->scope;
    scope.profiles = global.profiles;
    auto resolved = inventory::resolve_scope(**session, scope);
    if (!resolved) return report_error(resolved.error());
    const std::string region = (*session)->region().region;

    std::vector<remediate::PreflightTarget> targets;
    std::map<std::string, aws::AwsCaller*> callers;
    for (const auto& t : resolved->targets) {
      if (t.caller != nullptr) callers[t.account_id] = t.caller;
    }
    std::map<std::string, remediate::PreflightTarget> from_plan;
    if (plan) {
      for (auto& t : remediate::preflight_targets(*plan, callers, region)) from_plan[t.account_id] = std::move(t);
    }
    for (const auto& t : resolved->targets) {
      remediate::PreflightTarget target;
      if (auto it = from_plan.find(t.account_id); it != from_plan.end()) target = it->second;
      target.account_id = t.account_id;
      target.caller = t.caller;
      target.error = t.error;
      target.region = region;
      target.create_profile = target.create_profile || args->create_profile;
      target.attach_role_policy = args->attach_role_policy;
      target.dry_run_instance_id = args->dry_run_instance;
      if (t.caller != nullptr && (!args->role.empty() || !args->instance_profile.empty())) {
        std::string note;
        std::string arn = role_arn_in(**session, t, *args, note);
        if (!note.empty() && !global.quiet)
          std::cerr << "rolecall: warning: account " << t.account_id << ": " << note << '\n';
        if (!arn.empty() &&
            std::find(target.pass_role_arns.begin(), target.pass_role_arns.end(), arn) == target.pass_role_arns.end()) {
          target.pass_role_arns.push_back(arn);
        }
      }
      targets.push_back(std::move(target));
    }
    auto report = remediate::run_preflight((*session)->loop(), targets);
    if (!report) return report_error(report.error());
    const bool color = !global.no_color && isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
    remediate::render_preflight(*report, std::cout, color);
    return report->exit_code();
  };
}

}  // namespace rolecall::cli

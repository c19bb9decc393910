// rolecall preflight: the spec's prerequisites — does the caller hold every permission remediation needs?
#include <iostream>

#include "cli/command_options.h"
#include "cli/commands.h"
#include "cli/terminal.h"
#include "rolecall/remediate.h"

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
  add_scope_options(*sub, args->scope, "File of account ids to check by assuming --assume-role",
                    "Check every active account of the organization");
  add_shard_option(*sub, args->scope);
  return [&global, args]() -> ExitCode {
    if (args->role.empty() && args->instance_profile.empty() && args->plan.empty()) {
      return report_error(
          Error::invalid_argument("preflight needs --role NAME, --instance-profile NAME or --plan FILE"));
    }
    if (auto writable = global.check_output_file(); !writable) return report_error(writable.error());
    PreflightRequest request;
    if (!args->plan.empty()) {
      auto parsed = read_plan_file(*global.env, args->plan);
      if (!parsed) return report_error(parsed.error());
      request.plan = std::move(*parsed);
    }
    request.session = global.session_options();
    request.role = args->role;
    request.instance_profile = args->instance_profile;
    request.create_profile = args->create_profile;
    request.attach_role_policy = args->attach_role_policy;
    request.dry_run_instance = args->dry_run_instance;
    request.scope = args->scope;
    request.scope.profiles = global.profiles;
    if (!global.quiet) request.warn = [](const std::string& text) { std::cerr << "rolecall: warning: " << text; };
    auto report = preflight(request);
    if (!report) return report_error(report.error());
    const bool color = global.output_file.empty() && stdout_color(global);
    auto written = write_output(global, "preflight report",
                                [&](std::ostream& out) { remediate::render_preflight(*report, out, color); });
    if (!written) return report_error(written.error());
    return report->exit_code();
  };
}

}  // namespace rolecall::cli

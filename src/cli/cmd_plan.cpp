// rolecall plan: the spec's implementation plan as a reviewable diff and a versioned plan file.
#include <algorithm>
#include <iostream>

#include "cli/command_options.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/terminal.h"
#include "remediate/plan_render.h"
#include "rolecall/remediate.h"
#include "rolecall/scan.h"

namespace rolecall::cli {
namespace {

struct PlanArgs {
  std::string instance_profile;
  std::string role;
  bool create_profile = false;
  std::string mapping;
  std::string from_scan;
  std::string out;
  std::vector<std::string> regions;
  std::vector<std::string> approved;
  bool show_skips = false;
  bool no_pass_role_check = false;
  std::string output;  // plan's own --output (table, json, markdown); empty: the global --output
  std::string ticket;
  std::string approved_by;
  bool allow_managed = false;
  bool no_launch_templates = false;
  std::vector<std::string> launch_templates;
  std::vector<std::string> terraform_tags;
  bool migrate_keys = false;
  bool key_evidence = false;
  bool least_privilege = false;
  TrailLogsOptions trail_logs;
  inventory::ScopeOptions scope;
};

// The formats `plan --output` writes: the diff, the plan document, the diff for a ticket.
const std::vector<std::string> kPlanFormats = {"table", "json", "markdown"};

// Writes the plan as `format` asks.
void write_plan_output(const Plan& plan, const std::string& format, bool color, bool show_skips, std::ostream& out) {
  if (format == "json") {
    out << plan_to_json(plan);
  } else if (format == "markdown") {
    remediate::render_plan_markdown(plan, out);
  } else {
    remediate::RenderPlanOptions render;
    render.color = color;
    render.show_skips = show_skips;
    remediate::render_plan(plan, out, render);
  }
}

// A plan that could not be made leaves no earlier plan at --out for a later `apply` to pick up, and
// exits as a scan that could scan nothing does (3; 2 for bad arguments or a malformed --from-scan).
ExitCode fail_plan(const Error& error, const PlanArgs& args, const GlobalOptions& global) {
  report_error(error);
  if (auto removed = global.env->remove_file(args.out); !removed) report_error(removed.error());
  return exit_code_for(error, args.from_scan.empty() ? ScanSource::kLive : ScanSource::kOffline);
}

}  // namespace

Action register_plan(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "plan",
      "Plan the remediation: for every instance in scope, associate the target instance profile where there is "
      "none, replace an inappropriate one (atomically, never leaving the instance without credentials), skip "
      "instances that are already right, and say why the rest are blocked. Prints a diff and writes a plan file "
      "for `rolecall apply`. Exit status: 0 plan written, 4 plan written but some account or region could not "
      "be read, 2 usage, 3 credentials (or nothing could be read).");
  auto args = std::make_shared<PlanArgs>();
  auto* ip = sub->add_option("--instance-profile", args->instance_profile,
                             "Attach this instance profile (by name, resolved in each account)");
  auto* role = sub->add_option("--role", args->role, "Attach an instance profile that holds this role");
  auto* mapping = sub->add_option("--mapping", args->mapping,
                                  "YAML file choosing the profile by account, region and tag (docs/plan-json.md)");
  ip->excludes(role)->excludes(mapping);
  role->excludes(mapping);
  sub->add_flag("--create-profile", args->create_profile,
                "With --role: create an instance profile named after the role where none holds it")
      ->needs(role);
  sub->add_option("--from-scan", args->from_scan,
                  "Plan from a `rolecall scan --output json` report instead of a fresh scan");
  sub->add_option("--out", args->out,
                  "Where to write the plan file (JSON); a plan that cannot be made removes an earlier one there")
      ->required();
  add_list_option(*sub, "--regions", args->regions,
                  "Comma-separated regions (default: every enabled region, or the report's)");
  add_list_option(*sub, "--approved-profiles", args->approved,
                  "Comma-separated approved instance profile (or role) ARNs: role-is-approved is judged and the target "
                  "must be one");
  sub->add_flag("--show-unchanged", args->show_skips, "List unchanged instances in the diff, not just their count");
  sub->add_flag("--no-pass-role-check", args->no_pass_role_check,
                "Do not simulate iam:PassRole on the target roles while planning");
  // Its own --output: the global one lists the report formats, which a plan does not write.
  sub->add_option("--output", args->output,
                  "table (the diff, default), json (the plan document, as --out) or markdown (the diff for a pull "
                  "request or change ticket); --output-file writes it to a file")
      ->check(CLI::IsMember(kPlanFormats));
  sub->add_option("--ticket", args->ticket, "The change ticket this plan is reviewed under (recorded in the plan)");
  sub->add_option("--approved-by", args->approved_by,
                  "Who approved this plan, when known now (recorded in the plan; usually given to apply)");
  sub->add_flag("--allow-managed", args->allow_managed,
                "Plan changes to instances managed by CloudFormation or Terraform too (they drift from their code; "
                "without it they are blocked, with the change to make in the template)");
  sub->add_flag("--no-launch-templates", args->no_launch_templates,
                "Fix the instances only: do not plan new launch template versions for instances in Auto Scaling "
                "groups (without them a scale-in replaces a fixed instance by an unfixed one)");
  add_list_option(*sub, "--launch-template", args->launch_templates,
                  "Also fix these launch templates (comma-separated ids), used by an Auto Scaling group or not: a new "
                  "version of the default with the target profile, made the default");
  sub->add_option("--terraform-tag", args->terraform_tags,
                  "KEY or KEY=VALUE: instances with this tag are managed by Terraform (repeatable; e.g. "
                  "ManagedBy=terraform). CloudFormation's aws:cloudformation:* tags are always recognised");
  auto* migrate = sub->add_flag(
      "--migrate-keys", args->migrate_keys,
      "Key migration: plan only the instances holding (user data) or using (with --key-evidence) a long-term key "
      "of an IAM user in scope, move each onto the target's role (none named: a role rolecall-<user> with that "
      "user's policies), record the keys `apply --phase deactivate` retires later, and plan for each launch template "
      "holding one a new version without its credential lines, shown as a masked diff (made the default only with "
      "`apply --make-template-default`; docs/remediation.md)");
  migrate->excludes(sub->get_option("--from-scan"));
  sub->add_flag("--key-evidence", args->key_evidence,
                "With --migrate-keys: also find the instances calling AWS with a key (cloudtrail:LookupEvents)")
      ->needs(migrate);
  sub->add_flag("--least-privilege", args->least_privilege,
                "With --migrate-keys and no target named for an instance: its role rolecall-<user> grants only the "
                "actions the user's keys were seen calling in CloudTrail (LookupEvents, or --trail-logs), cut from "
                "the user's own statements and proven within them; a user without such evidence is blocked")
      ->needs(migrate);
  add_trail_logs_options(*sub, args->trail_logs,
                         "With --migrate-keys: read that evidence from a trail's log files instead of LookupEvents: a "
                         "directory (as `aws s3 sync` leaves them) or s3://BUCKET/PREFIX");
  add_scope_options(*sub, args->scope, "File of account ids (one per line) to plan by assuming --assume-role in each",
                    "Plan every active account of the organization");
  add_shard_option(*sub, args->scope);
  return [&global, args]() -> ExitCode {
    const std::string format = args->output.empty() ? global.output : args->output;
    if (std::find(kPlanFormats.begin(), kPlanFormats.end(), format) == kPlanFormats.end()) {
      return report_error(Error::invalid_argument("plan writes --output table, json or markdown, not " + format));
    }
    if (auto writable = global.check_output_file(); !writable) return report_error(writable.error());
    if (auto writable = global.env->check_writable(args->out); !writable) {
      return report_error(Error::invalid_argument("--out: " + writable.error().message));
    }
    PlanOptions options;
    options.ticket = args->ticket;
    options.approved_by = args->approved_by;
    options.scope = args->scope;
    options.scope.profiles = global.profiles;
    options.regions = args->regions;
    options.approved = args->approved;
    options.from_scan_file = args->from_scan;
    options.check_pass_role = !args->no_pass_role_check;
    options.managed.allow = args->allow_managed;
    options.fix_templates = !args->no_launch_templates;
    options.launch_templates = args->launch_templates;
    options.migrate_keys = args->migrate_keys;
    options.key_evidence = args->key_evidence;
    options.least_privilege = args->least_privilege;
    options.trail_logs = args->trail_logs;
    if (args->least_privilege && (!args->instance_profile.empty() || !args->role.empty())) {
      return report_error(Error::invalid_argument(
          "--least-privilege shapes the roles a key migration creates per key owner: it has none to shape with "
          "--instance-profile or --role"));
    }
    if (auto checked = check_trail_logs_options(*global.env, args->trail_logs); !checked) {
      return report_error(checked.error());
    }
    if (!args->trail_logs.location.empty() && !args->migrate_keys) {
      return report_error(Error::invalid_argument("--trail-logs is evidence for --migrate-keys"));
    }
    for (const auto& text : args->terraform_tags) {
      auto tag = remediate::parse_managed_tag(text);
      if (!tag) return report_error(tag.error());
      options.managed.terraform_tags.push_back(std::move(*tag));
    }
    if (!args->instance_profile.empty()) {
      options.target.kind = remediate::TargetSpec::Kind::kInstanceProfile;
      options.target.name = args->instance_profile;
    } else if (!args->role.empty()) {
      options.target.kind = remediate::TargetSpec::Kind::kRole;
      options.target.name = args->role;
      options.target.create_profile = args->create_profile;
    } else if (!args->mapping.empty()) {
      auto rules = remediate::load_mapping_file(*global.env, args->mapping);
      if (!rules) return report_error(rules.error());
      options.target.kind = remediate::TargetSpec::Kind::kMapping;
      options.target.rules = std::move(*rules);
      options.target.mapping_source = args->mapping;
    } else if (args->migrate_keys) {
      // Each key owner's instances get a role with the owner's permissions (rolecall-<user>).
      options.target.kind = remediate::TargetSpec::Kind::kUserRoles;
    } else {
      return report_error(Error::invalid_argument(
          "plan needs a target: --instance-profile NAME, --role NAME or --mapping FILE (--migrate-keys without one "
          "creates a role per key owner)"));
    }
    auto session = aws::Session::create(global.session_options());
    if (!session) return fail_plan(session.error(), *args, global);
    ProgressLine progress(!global.quiet, global.progress_every);
    options.on_progress = [&progress](const inventory::CollectProgress& p) { progress.update(p); };
    auto built = plan(**session, options);
    progress.finish();
    if (!built) return fail_plan(built.error(), *args, global);
    for (const auto& w : built->warnings) std::cerr << "rolecall: warning: " << w << '\n';

    if (!global.env->write_file(args->out, plan_to_json(built->plan))) {
      return report_error(Error::io("cannot write plan file " + args->out));
    }

    const std::string written =
        "Plan written to " + args->out + " (apply it with `rolecall apply " + args->out + "`).\n";
    if (!global.output_file.empty()) {
      if (!global.quiet) std::cerr << written;
      auto saved = write_output(
          global, format,
          [&](std::ostream& out) { write_plan_output(built->plan, format, false, args->show_skips, out); }, format);
      if (!saved) return report_error(saved.error());
    } else {
      write_plan_output(built->plan, format, stdout_color(global), args->show_skips, std::cout);
      // stdout holds only the document when it is one (json, markdown).
      if (format == "table") {
        std::cout << written;
      } else if (!global.quiet) {
        std::cerr << written;
      }
    }
    return built->partial ? ExitCode::kPartial : ExitCode::kOk;
  };
}

}  // namespace rolecall::cli

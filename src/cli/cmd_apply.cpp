// rolecall apply: executes a plan file with a journal, verifying each change; --resume finishes an
// interrupted run. Exit status per docs/exit-codes.md (remediation section).
#include <chrono>
#include <iostream>

#include "base/time_ago.h"
#include "cli/command_options.h"
#include "cli/commands.h"
#include "cli/terminal.h"
#include "remediate/key_retire.h"
#include "remediate/rejudge.h"
#include "rolecall/remediate.h"

namespace rolecall::cli {
namespace {

struct ApplyArgs {
  std::string plan_file;
  std::string resume;
  std::string journal;
  bool yes = false;
  bool dry_run = false;
  bool refresh = false;
  bool make_template_default = false;
  bool no_preflight = false;
  bool allow_unsigned_plan = false;
  std::string ticket;
  std::string approved_by;
  bool require_approver_different = false;
  std::string phase;
  std::string soak;
  bool no_trail_check = false;
  inventory::ScopeOptions scope;
};

// --soak: a whole number of at most 9 digits with d, h, m or s ("7d", "12h", "0s").
Result<std::chrono::seconds> parse_soak(const std::string& text) {
  constexpr std::chrono::seconds kMaxSoak{999'999'999LL * 86'400};
  auto soak = text.size() > 10 ? std::nullopt : base::parse_duration(text, kMaxSoak);
  if (!soak)
    return fail(Error::invalid_argument("--soak " + text + ": expected a duration such as 7d, 24h, 30m or 0s"));
  return *soak;
}

ExitCode finish(const Result<RunOutcome>& outcome, const GlobalOptions& global) {
  if (!outcome) {
    if (outcome.error().code == remediate::kStalePlanCode || outcome.error().code == remediate::kTargetRefusedCode ||
        outcome.error().code == remediate::kNotMigratedCode || outcome.error().code == remediate::kSoakPendingCode ||
        outcome.error().code == remediate::kNothingToRetireCode) {
      std::cerr << "rolecall: error: " << outcome.error().message << '\n';
      return ExitCode::kStalePlan;
    }
    return report_error(outcome.error());
  }
  if (!outcome->run) return ExitCode::kOk;  // not confirmed: nothing applied
  print_run_summary(*outcome->run, global);
  return remediate::run_exit_code(*outcome->run);
}

}  // namespace
Action register_apply(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "apply",
      "Apply a plan file (`rolecall plan --out`): refuse a stale plan (or --refresh it), check permissions, "
      "associate/replace each instance profile with a journal entry before and after every call, and verify "
      "each change. Before anything changes, the plan's digest must match (the file was not edited since `plan`) "
      "and every target must pass the rules `plan` judged on live IAM. Prints the run id (on stderr with --output "
      "json, which prints only the run document). Exit status: 0 all "
      "verified, 1 some change failed, 2 usage, not confirmed, or the plan was changed after planning (or has no "
      "digest), a --ticket/--approved-by contradicting the plan's, or --require-approver-different refused, "
      "3 permissions, 4 instances left alone because a role of the planned rolecall-<user> name is not this run's, "
      "5 stale plan or a target fails a rule (nothing was changed).");
  auto args = std::make_shared<ApplyArgs>();
  auto* plan_opt = sub->add_option("plan", args->plan_file, "The plan file (JSON) to apply");
  auto* resume = sub->add_option("--resume", args->resume, "Finish the interrupted run RUN_ID from its journal");
  plan_opt->excludes(resume);
  sub->add_flag("--yes", args->yes, "Do not ask for confirmation (required without a terminal)");
  sub->add_flag("--dry-run", args->dry_run,
                "Stale check and permission preflight only; nothing changes (EC2's association calls have no DryRun)")
      ->excludes(resume);
  sub->add_flag("--refresh", args->refresh,
                "Replan instances whose live state changed since planning instead of refusing");
  sub->add_flag("--make-template-default", args->make_template_default,
                "Key migration plans: make each launch template version made without the key the default (and move "
                "groups pinned to the old version); without it the version is made and awaits this approval, which "
                "`apply --resume RUN --make-template-default` gives later");
  sub->add_flag("--no-preflight", args->no_preflight, "Skip the iam:SimulatePrincipalPolicy permission check");
  sub->add_flag("--allow-unsigned-plan", args->allow_unsigned_plan,
                "Apply a plan file without a digest (written by an older rolecall); its targets are still judged");
  sub->add_option("--ticket", args->ticket,
                  "The change ticket this apply is done under (journaled; must match the plan's when it has one)")
      ->excludes(resume);
  sub->add_option("--approved-by", args->approved_by,
                  "Who approved the plan (journaled; must match the plan's when it has one)")
      ->excludes(resume);
  sub->add_flag("--require-approver-different", args->require_approver_different,
                "Refuse (exit 2) when the approver (--approved-by, else the caller applying) is who planned it")
      ->excludes(resume);
  sub->add_option("--phase", args->phase,
                  "Key migration plans (`plan --migrate-keys`): migrate (default) moves the instances onto their "
                  "roles; deactivate, later, sets the plan's keys Inactive once that run is verified and --soak has "
                  "passed (never deletes a key; `rollback RUN` sets them Active again)")
      ->check(CLI::IsMember({"migrate", "deactivate"}))
      ->excludes(resume);
  sub->add_option("--soak", args->soak,
                  "With --phase deactivate: how long after the migration run finished before keys may be deactivated "
                  "(default 7d; e.g. 24h, 0s)");
  sub->add_flag("--no-trail-check", args->no_trail_check,
                "With --phase deactivate: do not ask CloudTrail whether a key was used since the migration or its "
                "instances call through their roles (the soak alone decides)");
  add_journal_option(*sub, args->journal);
  add_scope_options(*sub, args->scope, "File of account ids to reach by assuming --assume-role",
                    "Reach every active account of the organization (sts:AssumeRole)");
  return [&global, args]() -> ExitCode {
    if (auto writable = global.check_output_file(); !writable) return report_error(writable.error());
    ApplyRequest request;
    set_change_request(request, args->journal, args->scope, args->yes, global);
    request.plan_file = args->plan_file;
    request.resume_run_id = args->resume;
    request.dry_run = args->dry_run;
    request.refresh = args->refresh;
    request.make_template_default = args->make_template_default;
    request.preflight = !args->no_preflight;
    request.allow_unsigned_plan = args->allow_unsigned_plan;
    request.ticket = args->ticket;
    request.approved_by = args->approved_by;
    request.require_approver_different = args->require_approver_different;
    request.phase = args->phase;
    if (!args->soak.empty() && args->phase != "deactivate") {
      return report_error(Error::invalid_argument("--soak applies to --phase deactivate only"));
    }
    auto soak = parse_soak(args->soak.empty() ? "7d" : args->soak);
    if (!soak) return report_error(soak.error());
    request.soak = *soak;
    request.trail_check = !args->no_trail_check;
    if (!global.quiet) request.note = [](const std::string& text) { std::cerr << text; };
    // With --output json, stdout holds only the run document; the run id is in it and on stderr.
    if (global.output == "json") {
      request.run_started = [](const std::string& text) { std::cerr << text << std::flush; };
    } else {
      request.run_started = [](const std::string& text) { std::cout << text << std::flush; };
    }
    return finish(apply(request), global);
  };
}

}  // namespace rolecall::cli

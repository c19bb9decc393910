// rolecall apply: executes a plan file with a journal, verifying each change; --resume finishes an
// interrupted run. Exit status per docs/exit-codes.md (remediation section).
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "remediate/apply.h"
#include "remediate/plan_render.h"
#include "remediate/preflight.h"
#include "remediate/run_context.h"

namespace rolecall::cli {
namespace {

struct ApplyArgs {
  std::string plan_file;
  std::string resume;
  std::string journal;
  bool yes = false;
  bool dry_run = false;
  bool refresh = false;
  bool no_preflight = false;
  inventory::ScopeOptions scope;
};

Result<Plan> read_plan(const base::Env& env, const std::string& path) {
  auto text = env.read_file(path);
  if (!text) return fail(ErrorKind::kInvalidArgument, "cannot read plan file " + path);
  return plan_from_json(*text, path);
}

std::size_t change_count(const Plan& plan) {
  return plan.count(ActionKind::kAssociate) + plan.count(ActionKind::kReplace);
}

ExitCode finish(const Result<remediate::RunSummary>& summary, const GlobalOptions& global) {
  if (!summary) {
    if (summary.error().code == remediate::kStalePlanCode) {
      std::cerr << "rolecall: error: " << summary.error().message << '\n';
      return ExitCode::kStalePlan;
    }
    return report_error(summary.error());
  }
  if (global.output == "json") {
    std::cout << remediate::run_summary_json(*summary).dump(2) << '\n';
  } else {
    remediate::render_run_summary(*summary, std::cout);
  }
  return remediate::run_exit_code(*summary);
}

}  // namespace

Action register_apply(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "apply",
      "Apply a plan file (`rolecall plan --out`): refuse a stale plan (or --refresh it), check permissions, "
      "associate/replace each instance profile with a journal entry before and after every call, and verify "
      "each change. Prints the run id. Exit status: 0 all verified, 1 some change failed, 2 usage or not "
      "confirmed, 3 permissions, 5 stale plan.");
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
  sub->add_flag("--no-preflight", args->no_preflight, "Skip the iam:SimulatePrincipalPolicy permission check");
  sub->add_option("--journal", args->journal,
                  "Journal database (default: $ROLECALL_JOURNAL, $XDG_STATE_HOME/rolecall/journal.db)");
  sub->add_option("--accounts", args->scope.accounts_file, "File of account ids to reach by assuming --assume-role");
  sub->add_flag("--org", args->scope.org, "Reach every active account of the organization (sts:AssumeRole)");
  sub->add_option("--assume-role", args->scope.assume_role, "Role name to assume in each account")
      ->capture_default_str();
  sub->add_option("--external-id", args->scope.external_id, "External id for AssumeRole");
  return [&global, args]() -> ExitCode {
    if (args->plan_file.empty() && args->resume.empty()) {
      return report_error(Error::invalid_argument("apply needs a plan file or --resume RUN_ID"));
    }
    args->scope.profiles = global.profiles;
    auto journal = remediate::Journal::open(remediate::journal_path(args->journal, *global.env), global.env->clock());
    if (!journal) return report_error(journal.error());

    Plan plan;
    if (args->resume.empty()) {
      auto parsed = read_plan(*global.env, args->plan_file);
      if (!parsed) return report_error(parsed.error());
      plan = std::move(*parsed);
      std::cerr << remediate::plan_summary(plan) << '\n';
      std::size_t n = change_count(plan);
      if (!args->dry_run && !args->yes && n > 0) {
        auto answer = remediate::confirm("Apply " + std::to_string(n) + " changes?");
        if (answer == remediate::Confirmation::kNoTerminal) {
          return report_error(Error::invalid_argument("not a terminal: pass --yes to apply without confirmation"));
        }
        if (answer == remediate::Confirmation::kNo) {
          std::cerr << "nothing applied\n";
          return ExitCode::kOk;
        }
      }
    } else {
      auto run = (*journal)->run(args->resume);
      if (!run && run.error().kind == ErrorKind::kNotFound) {
        return report_error(Error::invalid_argument(run.error().message));
      }
      if (!run) return report_error(run.error());
      auto parsed = plan_from_json(run->plan_json, "journal plan of " + args->resume);
      if (!parsed) return report_error(parsed.error());
      plan = std::move(*parsed);
    }

    auto session = aws::Session::create(global.session_options());
    if (!session) return report_error(session.error());
    auto callers = remediate::resolve_callers(**session, args->scope);
    if (!callers) return report_error(callers.error());

    remediate::ApplyOptions options;
    options.dry_run = args->dry_run;
    options.refresh = args->refresh;
    options.plan_source = args->plan_file;
    options.caller = callers->caller_label;
    options.on_run_started = [](const std::string& id) { std::cout << "run id: " << id << std::endl; };
    options.note = [&global](const std::string& line) {
      if (!global.quiet) std::cerr << line << '\n';
    };
    std::string region = (*session)->region().region;
    if (!args->no_preflight) {
      options.preflight = [&, region](const Plan& p) -> Result<void> {
        auto report =
            remediate::run_preflight((*session)->loop(), remediate::preflight_targets(p, callers->callers, region));
        if (!report) return fail(report.error());
        if (report->any_denied()) {
          std::ostringstream text;
          remediate::render_preflight(*report, text, false);
          std::cerr << text.str();
          return fail(Error::access_denied("preflight: a permission apply needs is denied (see above)")
                          .with_code(remediate::kPreflightDeniedCode));
        }
        if (!report->all_granted() && !global.quiet) std::cerr << "preflight: some permissions could not be checked\n";
        return {};
      };
    }
    auto& loop = (*session)->loop();
    if (args->resume.empty())
      return finish(remediate::apply_plan(loop, **journal, callers->callers, plan, options), global);
    std::cout << "run id: " << args->resume << std::endl;
    return finish(remediate::resume_run(loop, **journal, callers->callers, args->resume, options), global);
  };
}

}  // namespace rolecall::cli

// rolecall rollback: the spec's backout plan for one journaled run, optionally restarting the
// instances so applications pick up the restored credentials.
#include <iostream>

#include "cli/commands.h"
#include "remediate/restart.h"
#include "remediate/rollback.h"
#include "remediate/run_context.h"

namespace rolecall::cli {
namespace {

struct RollbackArgs {
  std::string run_id;
  std::vector<std::string> instances;
  std::string journal;
  bool restart = false;
  bool force = false;
  bool yes = false;
  inventory::ScopeOptions scope;
};

std::vector<std::string> split_ids(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    std::size_t start = 0;
    while (start <= item.size()) {
      std::size_t comma = item.find(',', start);
      std::string part = item.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!part.empty()) out.push_back(part);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

}  // namespace

Action register_rollback(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "rollback",
      "Undo a journaled run: disassociate where an instance had no profile before, replace back to the previous "
      "profile where it had one; instances changed by someone else since are left alone and listed. The rollback "
      "is a journaled run too (and can itself be rolled back). Exit status: 0 all restored, 1 some failed, 2 usage, "
      "3 permissions, 4 some instances left alone.");
  auto args = std::make_shared<RollbackArgs>();
  sub->add_option("run_id", args->run_id, "The run to undo (see `rolecall runs`)")->required();
  sub->add_option("--instances", args->instances,
                  "Comma-separated instance ids to restore (default: all the run touched)");
  sub->add_flag("--restart", args->restart,
                "Stop and start the restored instances (asks first; refuses instance-store roots and Auto Scaling "
                "members unless --force) and wait for them to run again");
  sub->add_flag("--force", args->force, "With --restart: also restart instance-store-root and Auto Scaling instances");
  sub->add_flag("--yes", args->yes, "Do not ask for confirmation (required without a terminal)");
  sub->add_option("--journal", args->journal,
                  "Journal database (default: $ROLECALL_JOURNAL, $XDG_STATE_HOME/rolecall/journal.db)");
  sub->add_option("--accounts", args->scope.accounts_file, "File of account ids to reach by assuming --assume-role");
  sub->add_flag("--org", args->scope.org, "Reach every active account of the organization (sts:AssumeRole)");
  sub->add_option("--assume-role", args->scope.assume_role, "Role name to assume in each account")
      ->capture_default_str();
  sub->add_option("--external-id", args->scope.external_id, "External id for AssumeRole");
  return [&global, args]() -> ExitCode {
    args->scope.profiles = global.profiles;
    auto journal = remediate::Journal::open(remediate::journal_path(args->journal, *global.env), global.env->clock());
    if (!journal) return report_error(journal.error());
    if (auto run = (*journal)->run(args->run_id); !run) {
      if (run.error().kind == ErrorKind::kNotFound) return report_error(Error::invalid_argument(run.error().message));
      return report_error(run.error());
    }
    auto session = aws::Session::create(global.session_options());
    if (!session) return report_error(session.error());
    auto callers = remediate::resolve_callers(**session, args->scope);
    if (!callers) return report_error(callers.error());
    auto& loop = (*session)->loop();
    auto plan = remediate::plan_rollback(loop, **journal, callers->callers, args->run_id, split_ids(args->instances));
    if (!plan) return report_error(plan.error());

    for (const auto& c : plan->changes) {
      std::cerr << "  " << c.instance_id << ": " << c.operation << " "
                << (c.before_profile_arn.empty() ? "(none)" : c.before_profile_arn) << " -> "
                << (c.target_profile_arn.empty() ? "(none)" : c.target_profile_arn) << '\n';
    }
    for (const auto& s : plan->settled) std::cerr << "  " << s.step.instance_id << ": left alone: " << s.why << '\n';
    std::vector<remediate::RestartTarget> restart;
    if (args->restart) {
      for (const auto& c : plan->changes) {
        remediate::RestartTarget t{c.instance_id, c.account_id, c.region, plan->live[c.instance_id]};
        std::string why = args->force ? "" : remediate::restart_refusal(t);
        std::cerr << "  " << c.instance_id << ": "
                  << (why.empty() ? "will be stopped and started" : "will not be restarted: " + why) << '\n';
        restart.push_back(std::move(t));
      }
    }
    if (!args->yes && !plan->changes.empty()) {
      std::string question = "Roll back " + std::to_string(plan->changes.size()) + " instances" +
                             (args->restart ? " and stop/start them" : "") + "?";
      auto answer = remediate::confirm(question);
      if (answer == remediate::Confirmation::kNoTerminal) {
        return report_error(Error::invalid_argument("not a terminal: pass --yes to roll back without confirmation"));
      }
      if (answer == remediate::Confirmation::kNo) {
        std::cerr << "nothing rolled back\n";
        return ExitCode::kOk;
      }
    }
    remediate::ExecutorOptions options;
    auto summary =
        remediate::execute_rollback(loop, **journal, callers->callers, *plan, callers->caller_label, options);
    if (!summary) return report_error(summary.error());
    if (args->restart) {
      // Only instances whose restore verified are restarted.
      std::erase_if(restart, [&](const remediate::RestartTarget& t) {
        for (const auto& i : summary->instances) {
          if (i.instance_id == t.instance_id) return i.status != remediate::StepStatus::kVerified;
        }
        return true;
      });
      remediate::RestartOptions ro;
      ro.force = args->force;
      if (auto r = remediate::restart_instances(loop, **journal, callers->callers, summary->run.run_id, restart, ro);
          !r) {
        return report_error(r.error());
      }
      auto again = remediate::load_run_summary(**journal, summary->run.run_id);
      if (!again) return report_error(again.error());
      summary = std::move(again);
      bool failed = remediate::run_exit_code(*summary) == ExitCode::kFindings;
      if (auto r = (*journal)->finish_run(summary->run.run_id,
                                          failed ? remediate::RunStatus::kFailed : remediate::RunStatus::kCompleted);
          !r) {
        return report_error(r.error());
      }
      summary->run.status = failed ? remediate::RunStatus::kFailed : remediate::RunStatus::kCompleted;
    }
    std::cout << "run id: " << summary->run.run_id << '\n';
    if (global.output == "json") {
      std::cout << remediate::run_summary_json(*summary).dump(2) << '\n';
    } else {
      remediate::render_run_summary(*summary, std::cout);
    }
    return remediate::run_exit_code(*summary);
  };
}

}  // namespace rolecall::cli

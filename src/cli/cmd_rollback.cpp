// rolecall rollback: the spec's backout plan for one journaled run, optionally restarting the
// instances so applications pick up the restored credentials.
#include <iostream>

#include "cli/command_options.h"
#include "cli/commands.h"
#include "cli/terminal.h"
#include "rolecall/remediate.h"

namespace rolecall::cli {
namespace {

struct RollbackArgs {
  std::string run_id;
  std::vector<std::string> instances;
  std::string journal;
  bool restart = false;
  bool force = false;
  bool yes = false;
  bool allow_failing_targets = false;
  inventory::ScopeOptions scope;
};

}  // namespace

Action register_rollback(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "rollback",
      "Undo a journaled run: disassociate where an instance had no profile before, replace back to the previous "
      "profile where it had one; instances changed by someone else since are left alone and listed. The rollback "
      "is a journaled run too (and can itself be rolled back). Exit status: 0 all restored, 1 some failed, 2 usage, "
      "3 permissions, 4 some instances left alone. Restoring a profile that fails a target rule (admin-level, ...) "
      "is refused (exit 2) unless --allow-failing-targets.");
  auto args = std::make_shared<RollbackArgs>();
  sub->add_option("run_id", args->run_id, "The run to undo (see `rolecall runs`)")->required();
  add_list_option(*sub, "--instances", args->instances,
                  "Comma-separated instance ids to restore (default: all the run touched)");
  sub->add_flag("--restart", args->restart,
                "Stop and start the restored instances (asks first; refuses instance-store roots and Auto Scaling "
                "members unless --force) and wait for them to run again");
  sub->add_flag("--force", args->force, "With --restart: also restart instance-store-root and Auto Scaling instances");
  sub->add_flag("--yes", args->yes, "Do not ask for confirmation (required without a terminal)");
  sub->add_flag("--allow-failing-targets", args->allow_failing_targets,
                "Restore profiles that fail a target rule (admin-level, wrong trust, no role, not approved); "
                "without it such a rollback is refused (exit 2) and they are listed");
  add_journal_option(*sub, args->journal);
  add_scope_options(*sub, args->scope, "File of account ids to reach by assuming --assume-role",
                    "Reach every active account of the organization (sts:AssumeRole)");
  return [&global, args]() -> ExitCode {
    if (auto writable = global.check_output_file(); !writable) return report_error(writable.error());
    RollbackRequest request;
    set_change_request(request, args->journal, args->scope, args->yes, global);
    request.run_id = args->run_id;
    request.instances = args->instances;
    request.restart = args->restart;
    request.restart_options.force = args->force;
    request.allow_failing_targets = args->allow_failing_targets;
    auto outcome = rollback(request);
    if (!outcome) return report_error(outcome.error());
    if (!outcome->run) return ExitCode::kOk;  // not confirmed: nothing rolled back
    const remediate::RunSummary& summary = *outcome->run;
    std::cout << "run id: " << summary.run.run_id << '\n';
    print_run_summary(summary, global);
    return remediate::run_exit_code(summary);
  };
}

}  // namespace rolecall::cli

// The deactivate phase's entry point: callers, the gate (journal + live state), what it will do
// shown and confirmed, then the journaled run.
#include "remediate/workflow_deactivate.h"

#include <fmt/format.h>

#include "remediate/account_callers.h"
#include "remediate/key_retire.h"

namespace rolecall::remediate {
namespace {

KeyRunInfo run_info(const ApplyRequest& request, const std::string& caller, const std::string& ticket,
                    const std::string& approved_by) {
  KeyRunInfo info;
  info.plan_source = request.plan_file;
  info.caller = caller;
  info.ticket = ticket;
  info.approved_by = approved_by;
  info.on_run_started = [&request](const std::string& id) { say(request.run_started, "run id: " + id + "\n"); };
  return info;
}

}  // namespace

Result<RunOutcome> apply_deactivate_phase(const ApplyRequest& request, Journal& journal, const Plan& plan,
                                          const std::string& ticket, const std::string& approved_by) {
  if (request.dry_run)
    return fail(Error::invalid_argument("--phase deactivate has no --dry-run: it asks before it changes anything"));
  auto session = aws::Session::create(request.session);
  if (!session) return fail(session.error());
  auto callers = resolve_callers(**session, request.scope);
  if (!callers) return fail(callers.error());
  auto& loop = (*session)->loop();
  GateOptions gate_options;
  gate_options.soak = request.soak;
  gate_options.now = request.session.env->clock().now();
  gate_options.trail_check = request.trail_check;
  auto gate = check_deactivate_gate(loop, journal, callers->callers, plan, gate_options);
  if (!gate) return fail(gate.error());
  std::string shown = fmt::format("Deactivate phase of {} (migration run {}, finished {}):\n", plan_digest(plan),
                                  gate->migration.run_id, gate->migration.finished_at);
  std::size_t retiring = 0;
  for (const auto& k : plan.retire_keys) {
    auto block = gate->key_block.find(k.key_sha256);
    const std::string what = fmt::format("{} of user {} in account {}", k.key_id_redacted, k.user, k.account_id);
    if (gate->already_inactive.contains(k.key_sha256)) {
      shown += "  = Inactive     " + what + " already\n";
    } else if (block == gate->key_block.end()) {
      ++retiring;
      shown += "  - set Inactive " + what + "\n";
    } else {
      shown += "  ! kept         " + what + ": " + block->second + "\n";
    }
  }
  say(request.show, shown);
  if (retiring == 0) {
    return fail(Error::invalid_argument("--phase deactivate: every key of the plan is kept or already Inactive (see "
                                        "above): nothing was deactivated")
                    .with_code(kNothingToRetireCode));
  }
  if (!request.yes) {
    const Confirmation answer =
        request.confirm(fmt::format("Set {} access key{} Inactive?", retiring, retiring == 1 ? "" : "s"));
    if (answer == Confirmation::kNoTerminal) {
      return fail(Error::invalid_argument("not a terminal: pass --yes to deactivate without confirmation"));
    }
    if (answer == Confirmation::kNo) {
      say(request.show, "nothing deactivated\n");
      return RunOutcome{};
    }
  }
  auto summary = deactivate_keys(loop, journal, callers->callers, plan, *gate,
                                 run_info(request, callers->caller_label, ticket, approved_by));
  if (!summary) return fail(summary.error());
  return RunOutcome{std::move(*summary)};
}

Result<RunOutcome> resume_deactivate_phase(const ApplyRequest& request, Journal& journal, const std::string& run_id) {
  auto run = journal.run(run_id);
  if (!run) return fail(run.error());
  auto session = aws::Session::create(request.session);
  if (!session) return fail(session.error());
  auto callers = resolve_callers(**session, request.scope);
  if (!callers) return fail(callers.error());
  auto summary = resume_deactivate((*session)->loop(), journal, callers->callers, run_id,
                                   run_info(request, callers->caller_label, run->ticket, run->approved_by));
  if (!summary) return fail(summary.error());
  return RunOutcome{std::move(*summary)};
}

}  // namespace rolecall::remediate

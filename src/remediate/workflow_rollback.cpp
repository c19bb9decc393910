// The rollback entry point: the backout plan of a journaled run, shown and confirmed, executed as
// a new run, then (--restart) the restored instances stopped and started in that same run.
#include <algorithm>

#include "remediate/account_callers.h"
#include "remediate/rejudge.h"
#include "remediate/restart.h"
#include "remediate/rollback.h"
#include "remediate/template_apply.h"
#include "rolecall/remediate.h"

namespace rolecall {
namespace {

std::string or_none(const std::string& arn) { return arn.empty() ? "(none)" : arn; }

// --restart after the restores: only instances whose restore verified are restarted, into the
// rollback's run, which is then re-read and finished failed when a restart failed.
Result<remediate::RunSummary> restart_restored(aws::EventLoop& loop, remediate::Journal& journal,
                                               const remediate::Callers& callers, remediate::RunSummary summary,
                                               std::vector<remediate::RestartTarget> targets,
                                               const remediate::RestartOptions& options) {
  std::erase_if(targets, [&](const remediate::RestartTarget& t) {
    for (const auto& i : summary.instances) {
      if (i.instance_id == t.instance_id) return i.status != remediate::StepStatus::kVerified;
    }
    return true;
  });
  if (auto r = remediate::restart_instances(loop, journal, callers, summary.run.run_id, targets, options); !r) {
    return fail(r.error());
  }
  auto again = remediate::load_run_summary(journal, summary.run.run_id);
  if (!again) return fail(again.error());
  const bool failed = remediate::run_exit_code(*again) == ExitCode::kFindings;
  const auto status = failed ? remediate::RunStatus::kFailed : remediate::RunStatus::kCompleted;
  if (auto r = journal.finish_run(again->run.run_id, status); !r) return fail(r.error());
  again->run.status = status;
  return again;
}

// The approved list of the plan run `run_id` applied (a rollback's parent, or none).
std::vector<std::string> approved_of(remediate::Journal& journal, const std::string& run_id) {
  auto run = journal.run(run_id);
  if (!run || run->plan_json.empty()) return {};
  auto plan = plan_from_json(run->plan_json, "journal plan of " + run_id);
  return plan ? plan->approved : std::vector<std::string>{};
}

}  // namespace

Result<RunOutcome> rollback(const RollbackRequest& request) {
  const base::Env& env = *request.session.env;
  auto journal = remediate::Journal::open(request.journal_path, env.clock());
  if (!journal) return fail(journal.error());
  if (auto run = (*journal)->run(request.run_id); !run) {
    if (run.error().kind == ErrorKind::kNotFound) return fail(Error::invalid_argument(run.error().message));
    return fail(run.error());
  }
  // The run being undone, held to the end: not applied, resumed or rolled back by anyone else meanwhile.
  if (auto claimed = (*journal)->claim_run(request.run_id, "rollback"); !claimed) return fail(claimed.error());
  auto session = aws::Session::create(request.session);
  if (!session) return fail(session.error());
  auto callers = remediate::resolve_callers(**session, request.scope);
  if (!callers) return fail(callers.error());
  auto& loop = (*session)->loop();
  auto plan = remediate::plan_rollback(loop, **journal, callers->callers, request.run_id, request.instances);
  if (!plan) return fail(plan.error());

  // The profiles to restore, judged as plan judges a target (against the applied plan's approved list).
  std::vector<remediate::TargetJudgement> judgements;
  for (const auto& c : plan->changes) {
    if (!c.target_profile_arn.empty())
      judgements.push_back({c.instance_id, c.account_id, c.target_profile_arn, {}, "", {}});
  }
  // A template's version the run replaced goes back to being launched: its profile is judged too.
  for (const auto& s : plan->template_steps) {
    if (s.operation != remediate::kTemplateVersionOp || s.before_profile_arn.empty()) continue;
    const std::string arn = s.before_profile_arn.starts_with("arn:")
                                ? s.before_profile_arn
                                : "arn:aws:iam::" + s.account_id + ":instance-profile/" + s.before_profile_arn;
    judgements.push_back({"launch template " + s.instance_id, s.account_id, arn, {}, "", {}});
  }
  remediate::judge_targets(loop, callers->callers, approved_of(**journal, request.run_id), judgements);
  const auto failing = remediate::failing(judgements);
  std::string shown;
  for (const auto& c : plan->changes) {
    shown += "  " + c.instance_id + ": " + c.operation + " " + or_none(c.before_profile_arn) + " -> " +
             or_none(c.target_profile_arn) + "\n";
    for (const auto& f : failing) {
      if (f.instance_id == c.instance_id)
        shown += "    restores a profile that fails a target rule: " + f.failure + "\n";
    }
  }
  for (const auto& s : plan->template_steps) {
    shown += "  " + s.instance_id + ": " +
             (s.operation == remediate::kTemplateVersionOp
                  ? "delete version " + s.result_association_id + " (made by the run)"
                  : s.operation + " back to " + or_none(s.before_association_id)) +
             "\n";
    for (const auto& f : failing) {
      if (s.operation == remediate::kTemplateVersionOp && f.instance_id == "launch template " + s.instance_id)
        shown += "    restores a profile that fails a target rule: " + f.failure + "\n";
    }
  }
  for (const auto& s : plan->key_steps) {
    shown += "  " + s.instance_id + " (account " + s.account_id + "): back to " + or_none(s.before_profile_arn) +
             " unless its status changed since\n";
  }
  for (const auto& r : plan->roles) {
    shown += "  role " + r.role_name + " (account " + r.account_id + "): delete" +
             (r.profile_created ? " it and its instance profile" : "") + ", made by the run, unless it changed since\n";
  }
  if (!failing.empty() && !request.allow_failing_targets) {
    say(request.show, shown);
    return fail(
        Error::invalid_argument("rollback refused: " + std::to_string(failing.size()) +
                                " instance(s) would get back a profile that fails a target rule (see above); pass "
                                "--allow-failing-targets to restore them anyway, or --instances to leave them out")
            .with_code(kFailingRestoreCode));
  }
  for (const auto& s : plan->settled) shown += "  " + s.step.instance_id + ": left alone: " + s.why + "\n";
  std::vector<remediate::RestartTarget> restart;
  if (request.restart) {
    for (const auto& c : plan->changes) {
      remediate::RestartTarget t{c.instance_id, c.account_id, c.region, plan->live[c.instance_id]};
      const std::string why = request.restart_options.force ? "" : remediate::restart_refusal(t);
      shown += "  " + c.instance_id + ": " +
               (why.empty() ? "will be stopped and started" : "will not be restarted: " + why) + "\n";
      restart.push_back(std::move(t));
    }
  }
  if (!shown.empty()) say(request.show, shown);
  if (!request.yes &&
      (!plan->changes.empty() || !plan->template_steps.empty() || !plan->key_steps.empty() || !plan->roles.empty())) {
    const std::string question =
        "Roll back " + std::to_string(plan->changes.size()) + " instances" +
        (plan->template_steps.empty()
             ? ""
             : " and " + std::to_string(plan->template_steps.size()) + " launch template steps") +
        (plan->key_steps.empty() ? "" : " and " + std::to_string(plan->key_steps.size()) + " access key steps") +
        (plan->roles.empty() ? "" : " and delete " + std::to_string(plan->roles.size()) + " created roles") +
        (request.restart ? " and stop/start them" : "") + "?";
    const Confirmation answer = request.confirm(question);
    if (answer == Confirmation::kNoTerminal) {
      return fail(Error::invalid_argument("not a terminal: pass --yes to roll back without confirmation"));
    }
    if (answer == Confirmation::kNo) {
      say(request.show, "nothing rolled back\n");
      return RunOutcome{};
    }
  }
  auto summary =
      remediate::execute_rollback(loop, **journal, callers->callers, *plan, callers->caller_label, request.executor);
  if (!summary) return fail(summary.error());
  if (!request.restart) return RunOutcome{std::move(*summary)};
  auto restarted = restart_restored(loop, **journal, callers->callers, std::move(*summary), std::move(restart),
                                    request.restart_options);
  if (!restarted) return fail(restarted.error());
  return RunOutcome{std::move(*restarted)};
}

}  // namespace rolecall

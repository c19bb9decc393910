// The apply entry point: journal, plan (from its file or the journal when resuming), confirmation,
// the accounts' callers, the permission preflight, then apply_plan or resume_run.
#include <sstream>

#include "remediate/account_callers.h"
#include "remediate/apply.h"
#include "remediate/key_retire.h"
#include "remediate/managed_source.h"
#include "remediate/plan_render.h"
#include "remediate/workflow_deactivate.h"
#include "rolecall/remediate.h"

namespace rolecall {
namespace {

// The request's value where the plan has none; the plan's (covered by its digest) otherwise, and a
// request contradicting it is refused rather than silently overriding what was reviewed.
Result<std::string> reconcile(const std::string& option, const std::string& requested, const std::string& planned) {
  if (requested.empty() || requested == planned) return planned;
  if (planned.empty()) return requested;
  return fail(Error::invalid_argument(option + " " + requested + " does not match the plan's " + planned +
                                      " (recorded when planning, covered by its digest); nothing was applied")
                  .with_code(kReviewMismatchCode));
}

Result<void> check_approver(const std::string& approver, const std::string& planner, const char* whose) {
  if (approver.empty()) {
    return fail(Error::invalid_argument(std::string("--require-approver-different: ") + whose +
                                        " is not known (sts:GetCallerIdentity failed): pass --approved-by")
                    .with_code(kApproverIsPlannerCode));
  }
  if (planner.empty()) {
    return fail(Error::invalid_argument("--require-approver-different: the plan does not record who planned it")
                    .with_code(kApproverIsPlannerCode));
  }
  if (approver_is_planner(approver, planner)) {
    return fail(Error::invalid_argument(std::string("--require-approver-different: ") + whose + " " + approver +
                                        " is who planned it (" + planner + "); nothing was applied")
                    .with_code(kApproverIsPlannerCode));
  }
  return {};
}

}  // namespace

bool approver_is_planner(const std::string& approver, const std::string& planner_arn) {
  if (approver.empty() || planner_arn.empty()) return false;
  if (approver == planner_arn) return true;
  const auto slash = planner_arn.rfind('/');
  return slash != std::string::npos && planner_arn.substr(slash + 1) == approver;
}

Result<RunOutcome> apply(const ApplyRequest& request) {
  if (request.plan_file.empty() && request.resume_run_id.empty()) {
    return fail(Error::invalid_argument("apply needs a plan file or --resume RUN_ID"));
  }
  const base::Env& env = *request.session.env;
  auto journal = remediate::Journal::open(request.journal_path, env.clock());
  if (!journal) return fail(journal.error());

  Plan plan;
  std::string ticket;
  std::string approved_by;
  if (request.resume_run_id.empty()) {
    auto parsed = read_plan_file(env, request.plan_file);
    if (!parsed) return fail(parsed.error());
    plan = std::move(*parsed);
    // Checked before anything is shown or called: the file must be what `plan` wrote.
    if (auto signed_ = check_plan_digest(plan, request.plan_file, request.allow_unsigned_plan); !signed_)
      return fail(signed_.error());
    if (auto managed = remediate::check_managed_allowed(plan); !managed) return fail(managed.error());
    // A warning, shown even with --quiet: the change drifts from code someone else deploys.
    for (const auto& line : remediate::managed_drift_notes(plan)) say(request.show, "rolecall: " + line + "\n");
    auto ticket_ = reconcile("--ticket", request.ticket, plan.ticket);
    if (!ticket_) return fail(ticket_.error());
    ticket = std::move(*ticket_);
    auto approver_ = reconcile("--approved-by", request.approved_by, plan.approved_by);
    if (!approver_) return fail(approver_.error());
    approved_by = std::move(*approver_);
    if (request.require_approver_different && !approved_by.empty()) {
      if (auto ok = check_approver(approved_by, plan.created_by, "the approver"); !ok) return fail(ok.error());
    }
    if (request.phase == "deactivate") {
      return remediate::apply_deactivate_phase(request, **journal, plan, ticket, approved_by);
    }
    if (!request.phase.empty() && request.phase != "migrate") {
      return fail(Error::invalid_argument("--phase " + request.phase + ": expected migrate or deactivate"));
    }
    const std::size_t n = remediate::change_count(plan);
    const bool asking = !request.dry_run && !request.yes && n > 0;
    // Whoever confirms sees what they confirm: the diff (its first screenful), not only a count.
    say(request.show,
        asking ? remediate::plan_preview(plan, request.preview_lines) : remediate::plan_summary(plan) + "\n");
    if (asking) {
      const Confirmation answer = request.confirm(remediate::apply_question(plan));
      if (answer == Confirmation::kNoTerminal) {
        return fail(Error::invalid_argument("not a terminal: pass --yes to apply without confirmation"));
      }
      if (answer == Confirmation::kNo) {
        say(request.show, "nothing applied\n");
        return RunOutcome{};
      }
    }
  } else {
    auto run = (*journal)->run(request.resume_run_id);
    if (!run && run.error().kind == ErrorKind::kNotFound) return fail(Error::invalid_argument(run.error().message));
    if (!run) return fail(run.error());
    // Before anything else: a run another process still works on is not interrupted.
    if (auto claimed = (*journal)->claim_run(request.resume_run_id, "apply --resume"); !claimed)
      return fail(claimed.error());
    if (run->kind == remediate::kDeactivateRunKind) {
      return remediate::resume_deactivate_phase(request, **journal, request.resume_run_id);
    }
    auto parsed = plan_from_json(run->plan_json, "journal plan of " + request.resume_run_id);
    if (!parsed) return fail(parsed.error());
    plan = std::move(*parsed);
  }

  auto session = aws::Session::create(request.session);
  if (!session) return fail(session.error());
  auto callers = remediate::resolve_callers(**session, request.scope);
  if (!callers) return fail(callers.error());

  remediate::ApplyOptions options;
  options.dry_run = request.dry_run;
  options.refresh = request.refresh;
  options.make_template_default = request.make_template_default;
  options.plan_source = request.plan_file;
  // Without an approver, whoever applies approves: they must not be who planned it either.
  if (request.require_approver_different && approved_by.empty() && request.resume_run_id.empty()) {
    if (auto ok = check_approver(callers->caller_arn, plan.created_by, "the caller"); !ok) return fail(ok.error());
  }
  options.caller = callers->caller_label;
  options.ticket = ticket;
  options.approved_by = approved_by;
  options.executor = request.executor;
  options.on_run_started = [&request](const std::string& id) { say(request.run_started, "run id: " + id + "\n"); };
  options.note = [&request](const std::string& line) { say(request.note, line + "\n"); };
  const std::string region = (*session)->region().region;
  if (request.preflight) {
    options.preflight = [&, region](const Plan& p) -> Result<void> {
      auto report =
          remediate::run_preflight((*session)->loop(), remediate::preflight_targets(p, callers->callers, region));
      if (!report) return fail(report.error());
      if (report->any_denied()) {
        std::ostringstream text;
        remediate::render_preflight(*report, text, false);
        say(request.show, text.str());
        return fail(Error::access_denied("preflight: a permission apply needs is denied (see above)")
                        .with_code(remediate::kPreflightDeniedCode));
      }
      if (!report->all_granted()) say(request.note, "preflight: some permissions could not be checked\n");
      return {};
    };
  }
  auto& loop = (*session)->loop();
  Result<remediate::RunSummary> summary;
  if (request.resume_run_id.empty()) {
    summary = remediate::apply_plan(loop, **journal, callers->callers, plan, options);
  } else {
    say(request.run_started, "run id: " + request.resume_run_id + "\n");
    summary = remediate::resume_run(loop, **journal, callers->callers, request.resume_run_id, options);
  }
  if (!summary) return fail(summary.error());
  return RunOutcome{std::move(*summary)};
}

}  // namespace rolecall

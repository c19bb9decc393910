// The apply entry point: journal, plan (from its file or the journal when resuming), confirmation,
// the accounts' callers, the permission preflight, then apply_plan or resume_run.
#include <sstream>

#include "remediate/account_callers.h"
#include "remediate/apply.h"
#include "remediate/plan_render.h"
#include "rolecall/remediate.h"

namespace rolecall {
namespace {

std::size_t change_count(const Plan& plan) {
  return plan.count(ActionKind::kAssociate) + plan.count(ActionKind::kReplace);
}

void say(const TextSink& sink, const std::string& text) {
  if (sink) sink(text);
}

}  // namespace

Result<RunOutcome> apply(const ApplyRequest& request) {
  if (request.plan_file.empty() && request.resume_run_id.empty()) {
    return fail(Error::invalid_argument("apply needs a plan file or --resume RUN_ID"));
  }
  const base::Env& env = *request.session.env;
  auto journal = remediate::Journal::open(request.journal_path, env.clock());
  if (!journal) return fail(journal.error());

  Plan plan;
  if (request.resume_run_id.empty()) {
    auto parsed = read_plan_file(env, request.plan_file);
    if (!parsed) return fail(parsed.error());
    plan = std::move(*parsed);
    // Checked before anything is shown or called: the file must be what `plan` wrote.
    if (auto signed_ = check_plan_digest(plan, request.plan_file, request.allow_unsigned_plan); !signed_)
      return fail(signed_.error());
    say(request.show, remediate::plan_summary(plan) + "\n");
    const std::size_t n = change_count(plan);
    if (!request.dry_run && !request.yes && n > 0) {
      const Confirmation answer = request.confirm("Apply " + std::to_string(n) + " changes?");
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
  options.plan_source = request.plan_file;
  options.caller = callers->caller_label;
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

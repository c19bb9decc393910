// Rollback: journal + live state -> restoring changes, run through the same executor as apply.
#include "remediate/rollback.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "aws/ops/iam_instance_profiles.h"
#include "remediate/key_retire.h"
#include "remediate/template_rollback.h"

namespace rolecall::remediate {
namespace {

bool is_association_op(const std::string& op) { return op == "associate" || op == "replace" || op == "disassociate"; }

std::string shown(const std::string& arn) { return arn.empty() ? "no profile" : arn; }

// What a run did to one instance: where it started and what it left (or meant to leave).
struct Touched {
  const StepRecord* first = nullptr;
  const StepRecord* last = nullptr;  // the last step that may have changed something
};

// Moves restores whose earlier profile no longer exists into `plan.settled`: AWS cannot associate
// a deleted instance profile again (InvalidParameterValue), so the instance is left on the working
// profile the run gave it and the reason is journaled, instead of a call that can only fail.
// Profiles that cannot be looked up (access denied, throttled) are tried as planned.
void settle_deleted_profiles(aws::EventLoop& loop, const Callers& callers, RollbackPlan& plan) {
  std::map<std::pair<std::string, std::string>, bool> exists;  // (account, profile ARN) -> exists
  for (const auto& c : plan.changes) {
    if (!c.target_profile_arn.empty()) exists.emplace(std::make_pair(c.account_id, c.target_profile_arn), true);
  }
  for (auto& [key, found] : exists) {
    aws::AwsCaller* caller = caller_for(callers, key.first);
    if (caller == nullptr) continue;
    std::string name = key.second.substr(key.second.rfind('/') + 1);
    aws::iam::get_instance_profile(*caller, {name}, [&found](Result<aws::iam::GetInstanceProfileResponse> r) {
      found = r.has_value() || r.error().kind != ErrorKind::kNotFound;
    });
  }
  loop.run();
  std::vector<Change> kept;
  for (auto& c : plan.changes) {
    if (c.target_profile_arn.empty() || exists.at({c.account_id, c.target_profile_arn})) {
      kept.push_back(std::move(c));
      continue;
    }
    Settled skip;
    skip.step.instance_id = c.instance_id;
    skip.step.account_id = c.account_id;
    skip.step.region = c.region;
    skip.step.operation = "none";
    skip.step.target_profile_arn = c.target_profile_arn;
    skip.step.before_profile_arn = c.before_profile_arn;
    skip.step.before_association_id = c.before_association_id;
    skip.reason = StepReason::kProfileDeleted;
    skip.why = fmt::format(
        "cannot restore: the profile it had before the run, {}, no longer exists (deleted); "
        "left on {}",
        c.target_profile_arn, shown(c.before_profile_arn));
    plan.settled.push_back(std::move(skip));
  }
  plan.changes = std::move(kept);
}

}  // namespace

Result<RollbackPlan> plan_rollback(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                                   const std::string& run_id, const std::vector<std::string>& instances) {
  auto run = journal.run(run_id);
  if (!run) return fail(run.error());
  if (run->dry_run) return fail(ErrorKind::kInvalidArgument, "run " + run_id + " was a dry run: it changed nothing");
  auto steps = journal.steps(run_id);
  if (!steps) return fail(steps.error());
  std::map<std::string, Touched> touched;  // instance id -> steps (instance ids are globally unique)
  std::vector<std::string> order;
  for (const auto& s : *steps) {
    if (!is_association_op(s.operation)) continue;
    // A refused call changed nothing; an intent without outcome may have (live state decides).
    bool may_have_changed = s.status != StepStatus::kFailed && s.status != StepStatus::kSkipped;
    auto& t = touched[s.instance_id];
    if (t.first == nullptr) {
      t.first = &s;
      order.push_back(s.instance_id);
    }
    if (may_have_changed) t.last = &s;
  }
  std::set<std::string> wanted(instances.begin(), instances.end());
  for (const auto& id : wanted) {
    if (!touched.contains(id) || touched[id].last == nullptr) {
      return fail(ErrorKind::kInvalidArgument, fmt::format("run {} did not change instance {}", run_id, id));
    }
  }
  RollbackPlan plan;
  plan.parent_run_id = run_id;
  LiveReader reader(loop, [&callers](const std::string& a) { return caller_for(callers, a); });
  std::map<std::string, Result<LiveInstance>> live;
  for (const auto& id : order) {
    const auto& t = touched[id];
    if (t.last == nullptr || (!wanted.empty() && !wanted.contains(id))) continue;
    reader.read(t.last->account_id, t.last->region, id,
                [&live, id](Result<LiveInstance> r) { live.insert_or_assign(id, std::move(r)); });
  }
  loop.run();
  for (const auto& id : order) {
    const auto& t = touched[id];
    if (t.last == nullptr || (!wanted.empty() && !wanted.contains(id))) continue;
    const StepRecord& first = *t.first;
    const StepRecord& last = *t.last;
    Settled skip;
    skip.step.instance_id = id;
    skip.step.account_id = last.account_id;
    skip.step.region = last.region;
    skip.step.operation = "none";
    skip.step.target_profile_arn = first.before_profile_arn;
    const auto& r = live.at(id);
    if (!r) return fail(r.error().with_context("reading the live state of " + id));
    skip.step.before_profile_arn = r->profile();
    skip.step.before_association_id = r->association_id;
    if (!r->found) {
      skip.reason = StepReason::kInstanceNotFound;
      skip.why = "instance not found (terminated?)";
      plan.settled.push_back(std::move(skip));
      continue;
    }
    plan.live[id] = *r;
    const std::string& restore = first.before_profile_arn;
    if (r->profile() == restore) {
      skip.reason = StepReason::kAlreadyRestored;
      skip.why = "already as before the run (" + shown(restore) + ")";
      plan.settled.push_back(std::move(skip));
      continue;
    }
    if (r->profile() != last.target_profile_arn) {
      skip.reason = StepReason::kChangedElsewhere;
      skip.why = fmt::format("changed by someone else since the run: now {}, the run left {}", shown(r->profile()),
                             shown(last.target_profile_arn));
      plan.settled.push_back(std::move(skip));
      continue;
    }
    Change c;
    c.instance_id = id;
    c.account_id = last.account_id;
    c.region = last.region;
    c.before_profile_arn = r->profile();
    c.before_association_id = r->association_id;
    c.target_profile_arn = restore;
    c.operation = restore.empty() ? "disassociate" : r->profile().empty() ? "associate" : "replace";
    plan.changes.push_back(std::move(c));
  }
  settle_deleted_profiles(loop, callers, plan);
  // Launch templates are the run's as a whole: undone when no instances were picked.
  if (wanted.empty()) plan.template_steps = template_steps_to_undo(*steps);
  // So are the keys a deactivate phase retired.
  if (wanted.empty()) plan.key_steps = key_steps_to_undo(*steps);
  // And the roles it created, deleted once their instances are back (execute_rollback).
  if (wanted.empty()) plan.roles = created_roles(*steps);
  return plan;
}

Result<RunSummary> execute_rollback(aws::EventLoop& loop, Journal& journal, const Callers& callers, RollbackPlan plan,
                                    const std::string& caller, const ExecutorOptions& options) {
  RunRecord run;
  run.kind = "rollback";
  run.parent_run_id = plan.parent_run_id;
  run.caller = caller;
  auto run_id = journal.begin_run(run);
  if (!run_id) return fail(run_id.error());
  if (auto claimed = journal.claim_run(*run_id, claim_purpose("rollback", caller)); !claimed)
    return fail(claimed.error());
  for (auto& s : plan.settled) s.step.run_id = *run_id;
  if (auto r = journal_settled(journal, plan.settled); !r) return fail(r.error());
  auto lookup = [&callers](const std::string& a) { return caller_for(callers, a); };
  LiveReader reader(loop, lookup);
  ChangeExecutor executor(loop, journal, reader, lookup, *run_id, options);
  std::optional<Result<std::vector<ChangeResult>>> results;
  executor.run(std::move(plan.changes),
               [&results](Result<std::vector<ChangeResult>> r) { results.emplace(std::move(r)); });
  loop.run();
  if (!results) return fail(ErrorKind::kInternal, "rollback: the event loop finished before every change did");
  if (!*results) return fail(results->error());
  if (auto r = rollback_templates(loop, journal, callers, *run_id, plan.template_steps); !r) return fail(r.error());
  if (auto r = undo_key_steps(loop, journal, callers, plan.key_steps, *run_id); !r) return fail(r.error());
  if (!plan.roles.empty()) {
    // A created profile an instance is still on (not restored) stays, and so does its role.
    auto restored = load_run_summary(journal, *run_id);
    if (!restored) return fail(restored.error());
    std::set<std::string> in_use;
    for (const auto& i : restored->instances) {
      if (i.status != StepStatus::kVerified && !i.before_profile_arn.empty()) in_use.insert(i.before_profile_arn);
    }
    if (auto r = undo_created_roles(loop, journal, callers, plan.parent_run_id, *run_id, plan.roles, in_use); !r)
      return fail(r.error());
  }
  auto summary = load_run_summary(journal, *run_id);
  if (!summary) return summary;
  bool failed = summary->count(StepStatus::kFailed) + summary->count(StepStatus::kIntent) > 0;
  if (auto r = journal.finish_run(*run_id, failed ? RunStatus::kFailed : RunStatus::kCompleted); !r)
    return fail(r.error());
  return load_run_summary(journal, *run_id);
}

}  // namespace rolecall::remediate

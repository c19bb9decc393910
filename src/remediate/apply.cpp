// apply and apply --resume: phases run one after another on the loop, each concurrent inside.
#include "remediate/apply.h"

#include <algorithm>

#include <fmt/format.h>

#include "remediate/create_profiles.h"
#include "remediate/create_roles.h"
#include "remediate/live_state.h"
#include "remediate/rejudge.h"
#include "remediate/settled.h"
#include "remediate/template_apply.h"
#include "remediate/template_live.h"

namespace rolecall::remediate {
namespace {

std::string key_of(const std::string& account, const std::string& region, const std::string& instance) {
  return account + "/" + region + "/" + instance;
}

// Reads every instance's live state (runs the loop).
std::map<std::string, Result<LiveInstance>> read_live(aws::EventLoop& loop, const Callers& callers,
                                                      const std::vector<const InstanceState*>& instances) {
  std::map<std::string, Result<LiveInstance>> out;
  LiveReader reader(loop, [&callers](const std::string& a) { return caller_for(callers, a); });
  for (const auto* in : instances) {
    std::string key = key_of(in->account_id, in->region, in->instance_id);
    reader.read(in->account_id, in->region, in->instance_id,
                [&out, key](Result<LiveInstance> r) { out.insert_or_assign(key, std::move(r)); });
  }
  loop.run();
  return out;
}

StepRecord step_of(const PlannedAction& a, const std::string& operation, const std::string& run_id) {
  StepRecord s;
  s.run_id = run_id;
  s.instance_id = a.before.instance_id;
  s.account_id = a.before.account_id;
  s.region = a.before.region;
  s.operation = operation;
  s.before_profile_arn = a.before.profile_arn;
  s.before_association_id = a.before.association_id;
  s.target_profile_arn = a.target.arn;
  return s;
}

// What to do with the plan's actions: changes to make, and steps settled without a call.
struct Prepared {
  std::vector<Change> changes;
  std::vector<Settled> settled;  // run_id filled in once the run exists
};

// Stale check (or refresh) of `actions` against live state.
Result<Prepared> prepare(aws::EventLoop& loop, const Callers& callers, const std::vector<const PlannedAction*>& actions,
                         const std::map<std::string, std::string>& new_profiles, const ApplyOptions& options) {
  Prepared out;
  std::vector<const InstanceState*> to_read;
  for (const auto* a : actions) {
    if (a->kind == ActionKind::kAssociate || a->kind == ActionKind::kReplace) to_read.push_back(&a->before);
  }
  auto live = read_live(loop, callers, to_read);
  std::vector<std::string> stale;
  for (const auto* a : actions) {
    if (a->kind == ActionKind::kSkip || a->kind == ActionKind::kBlocked) {
      bool skip = a->kind == ActionKind::kSkip;
      out.settled.push_back({step_of(*a, "none", ""), StepStatus::kSkipped,
                             skip ? StepReason::kPlannedSkip : StepReason::kBlocked,
                             skip ? "planned skip: " + a->reason : "blocked: " + a->reason});
      continue;
    }
    const auto& b = a->before;
    const auto& r = live.at(key_of(b.account_id, b.region, b.instance_id));
    if (!r) return fail(r.error().with_context("reading the live state of " + b.instance_id));
    bool differs = !r->found || r->profile() != b.profile_arn ||
                   (!b.association_id.empty() && r->association_id != b.association_id);
    if (differs && !options.refresh) {
      // The same profile under another association (disassociated and associated again since
      // planning) names the associations, or the message would read "from X, now X".
      const bool same_profile = r->found && r->profile() == b.profile_arn;
      stale.push_back(same_profile ? fmt::format("{} (planned from {} as association {}, now association {})",
                                                 b.instance_id, b.profile_arn, b.association_id,
                                                 r->association_id.empty() ? "none" : r->association_id)
                                   : fmt::format("{} (planned from {}, now {})", b.instance_id,
                                                 b.profile_arn.empty() ? "no profile" : b.profile_arn,
                                                 !r->found              ? "not found"
                                                 : r->profile().empty() ? "no profile"
                                                                        : r->profile()));
      continue;
    }
    Change c;
    c.instance_id = b.instance_id;
    c.account_id = b.account_id;
    c.region = b.region;
    c.target_profile_arn = a->target.arn;
    c.target_is_new = new_profiles.contains(a->target.arn);
    c.before_profile_arn = r->found ? r->profile() : b.profile_arn;
    c.before_association_id = r->found ? r->association_id : b.association_id;
    c.operation = c.before_profile_arn.empty() ? "associate" : "replace";
    if (differs) {
      StepRecord s = step_of(*a, c.operation, "");
      s.before_profile_arn = c.before_profile_arn;
      s.before_association_id = c.before_association_id;
      if (!r->found) {
        out.settled.push_back({s, StepStatus::kSkipped, StepReason::kInstanceNotFound, "refresh: instance not found"});
        continue;
      }
      if (r->profile() == a->target.arn) {
        out.settled.push_back(
            {s, StepStatus::kSkipped, StepReason::kAlreadyOnTarget, "refresh: already on the target profile"});
        continue;
      }
      if (options.note) options.note(fmt::format("refresh: {} replanned as {}", b.instance_id, c.operation));
    }
    out.changes.push_back(std::move(c));
  }
  if (!stale.empty()) {
    std::string names;
    for (std::size_t i = 0; i < stale.size() && i < 20; ++i) names += (i ? "; " : "") + stale[i];
    if (stale.size() > 20) names += fmt::format("; and {} more", stale.size() - 20);
    return fail(
        Error::invalid_argument(
            fmt::format("plan is stale: {} instance(s) changed since planning: {} (re-plan, or apply --refresh)",
                        stale.size(), names))
            .with_code(kStalePlanCode));
  }
  return out;
}

// Closes the run, failed when any of its steps failed or never finished, and reads it back.
Result<RunSummary> finish_and_load(Journal& journal, const std::string& run_id) {
  auto summary = load_run_summary(journal, run_id);
  if (!summary) return summary;
  bool failed = summary->count(StepStatus::kFailed) + summary->count(StepStatus::kIntent) > 0;
  if (auto r = journal.finish_run(run_id, failed ? RunStatus::kFailed : RunStatus::kCompleted); !r)
    return fail(r.error());
  return load_run_summary(journal, run_id);
}

// Runs the changes through the executor, then closes the run and reads it back.
Result<RunSummary> execute(aws::EventLoop& loop, Journal& journal, const Callers& callers, const std::string& run_id,
                           std::vector<Change> changes, const ApplyOptions& options) {
  LiveReader reader(loop, [&callers](const std::string& a) { return caller_for(callers, a); });
  ChangeExecutor executor(
      loop, journal, reader, [&callers](const std::string& a) { return caller_for(callers, a); }, run_id,
      options.executor);
  std::optional<Result<std::vector<ChangeResult>>> results;
  executor.run(std::move(changes), [&results](Result<std::vector<ChangeResult>> r) { results.emplace(std::move(r)); });
  loop.run();
  if (!results) return fail(ErrorKind::kInternal, "apply: the event loop finished before every change did");
  if (!*results) return fail(results->error());  // journal failure: the run stays "running" for --resume
  return finish_and_load(journal, run_id);
}

// Creates the plan's roles (`earlier`: the run's steps before a resume); changes whose role did not
// come to be are settled (blocked by a role of that name this run did not make, or failed). Returns
// the profiles to create: the plan's own and those of the roles that are ready.
Result<std::vector<ProfileToCreate>> create_needed_roles(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                                                         const std::string& run_id, const Plan& plan,
                                                         const std::vector<StepRecord>& earlier,
                                                         std::vector<Change>& changes) {
  std::vector<ProfileToCreate> profiles = plan.create_profiles;
  // Only the roles a change still to make targets (on resume, the others' instances are done).
  std::vector<RoleToCreate> needed;
  for (const auto& r : plan.create_roles) {
    const std::string arn = profile_arn_of(profile_of(r));
    if (std::any_of(changes.begin(), changes.end(), [&](const Change& c) { return c.target_profile_arn == arn; }))
      needed.push_back(r);
  }
  if (needed.empty()) return profiles;
  auto ready = create_roles(loop, journal, run_id, callers, needed, earlier);
  if (!ready) return fail(ready.error());
  for (const auto& r : needed) {
    if (ready->at(profile_arn_of(profile_of(r))).why.empty()) profiles.push_back(profile_of(r));
  }
  std::vector<Settled> refused;
  std::erase_if(changes, [&](const Change& c) {
    auto it = ready->find(c.target_profile_arn);
    if (it == ready->end() || it->second.why.empty()) return false;
    if (it->second.blocked) {
      refused.push_back(
          {intent_step(run_id, c), StepStatus::kSkipped, StepReason::kRoleInTheWay, "blocked: " + it->second.why});
    } else {
      refused.push_back({intent_step(run_id, c), StepStatus::kFailed, StepReason::kRoleNotCreated,
                         "role not created: " + it->second.why});
    }
    return true;
  });
  if (auto r = journal_settled(journal, refused); !r) return fail(r.error());
  return profiles;
}

// Creates `profiles`; changes whose new profile failed are settled as failed.
Result<void> create_needed_profiles(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                                    const std::string& run_id, const std::vector<ProfileToCreate>& profiles,
                                    std::vector<Change>& changes) {
  if (profiles.empty() || changes.empty()) return {};
  auto ready = create_profiles(loop, journal, run_id, callers, profiles);
  if (!ready) return fail(ready.error());
  std::vector<Settled> refused;
  std::erase_if(changes, [&](const Change& c) {
    auto it = ready->find(c.target_profile_arn);
    if (it == ready->end() || it->second.empty()) return false;
    refused.push_back({intent_step(run_id, c), StepStatus::kFailed, StepReason::kProfileNotCreated,
                       "instance profile not created: " + it->second});
    return true;
  });
  return journal_settled(journal, refused);
}

// The template actions apply does not make (blocked, or already right), journaled as skipped.
std::vector<Settled> settled_templates(const Plan& plan) {
  std::vector<Settled> out;
  for (const auto& t : plan.templates) {
    if (t.kind == TemplateActionKind::kUpdate) continue;
    StepRecord s;
    s.instance_id = t.template_id.empty() ? t.template_name : t.template_id;
    s.account_id = t.account_id;
    s.region = t.region;
    s.operation = "none";
    s.before_profile_arn = t.source_profile_arn;
    s.target_profile_arn = t.target.arn;
    const bool skip = t.kind == TemplateActionKind::kSkip;
    out.push_back({s, StepStatus::kSkipped, skip ? StepReason::kPlannedSkip : StepReason::kBlocked,
                   (skip ? "planned skip: " : "blocked: ") + t.reason});
  }
  return out;
}

// Refuses a plan whose launch templates or groups moved since planning (no --refresh for them:
// a new version must start from the version in use, so the plan is made again).
Result<void> check_templates(aws::EventLoop& loop, const Callers& callers,
                             const std::vector<const TemplateAction*>& updates) {
  if (updates.empty()) return {};
  auto stale = stale_templates(loop, callers, updates);
  if (stale.empty()) return {};
  std::string names;
  for (std::size_t i = 0; i < stale.size() && i < 20; ++i) names += (i ? "; " : "") + stale[i];
  if (stale.size() > 20) names += fmt::format("; and {} more", stale.size() - 20);
  return fail(Error::invalid_argument(fmt::format("plan is stale: {} launch template(s) or group(s) changed since "
                                                  "planning: {} (plan again)",
                                                  stale.size(), names))
                  .with_code(kStalePlanCode));
}

// Tells the operator which versions await approval to become the default, and the command.
void note_awaiting_default(Journal& journal, const std::string& run_id,
                           const std::vector<const TemplateAction*>& updates, const ApplyOptions& options) {
  if (!options.note || options.make_template_default) return;
  auto steps = journal.steps(run_id);
  if (!steps || !awaits_template_default(updates, *steps)) return;
  for (const auto& s : *steps) {
    if (s.operation == kTemplateDefaultOp && s.reason == StepReason::kAwaitingApproval) {
      options.note("launch template " + s.instance_id + ": " + s.error);
    }
  }
}

// A finished run's scrubbed versions made the default (apply --resume RUN --make-template-default):
// the run is reopened, the template steps continue from the journal, and it is finished again.
Result<RunSummary> approve_template_defaults(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                                             const std::string& run_id, const Plan& plan,
                                             const std::vector<StepRecord>& steps) {
  // Each awaiting version must still be there and the default still the one the run found: a
  // rolled back run, or a template changed by hand since, is refused before anything changes.
  std::vector<std::string> moved;
  for (const auto* u : template_updates(plan)) {
    if (!awaits_template_default({u}, steps)) continue;
    long long made = 0;
    for (const auto& s : steps) {
      if (s.operation == kTemplateVersionOp && s.instance_id == u->template_id && s.account_id == u->account_id &&
          s.status == StepStatus::kVerified)
        made = version_number(s.result_association_id);
    }
    auto live = read_template(loop, callers, {u->account_id, u->region, u->template_id}, made);
    if (!live) {
      moved.push_back(u->template_id + " (cannot be read: " + live.error().describe() + ")");
    } else if (made < 1 || !live->profiles.contains(made)) {
      moved.push_back(fmt::format("{} (version {} the run made no longer exists)", u->template_id, made));
    } else if (live->default_version != u->default_version) {
      moved.push_back(fmt::format("{} (the default is {}, the run found {})", u->template_id, live->default_version,
                                  u->default_version));
    }
  }
  if (!moved.empty()) {
    std::string names;
    for (const auto& m : moved) names += (names.empty() ? "" : "; ") + m;
    return fail(Error::invalid_argument("--make-template-default: launch template(s) changed since run " + run_id +
                                        ": " + names + "; nothing was made the default")
                    .with_code(kStalePlanCode));
  }
  if (auto r = journal.reopen_run(run_id); !r) return fail(r.error());
  if (auto r = fix_templates(loop, journal, callers, run_id, template_updates(plan), steps, true); !r)
    return fail(r.error());
  // A failed step of the run before (an instance) still counts; the approval adds its own.
  return finish_and_load(journal, run_id);
}

std::map<std::string, std::string> new_profile_arns(const Plan& plan) {
  std::map<std::string, std::string> out;
  for (const auto& p : plan.create_profiles) out[profile_arn_of(p)] = p.profile_name;
  for (const auto& r : plan.create_roles) out[profile_arn_of(profile_of(r))] = r.role_name;
  return out;
}

}  // namespace

aws::AwsCaller* caller_for(const Callers& callers, const std::string& account) {
  auto it = callers.find(account);
  return it == callers.end() ? nullptr : it->second;
}

std::vector<std::string> plan_accounts(const Plan& plan) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& a) {
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  };
  for (const auto& a : plan.actions) {
    if (a.kind == ActionKind::kAssociate || a.kind == ActionKind::kReplace) add(a.before.account_id);
  }
  for (const auto& p : plan.create_profiles) add(p.account_id);
  for (const auto& r : plan.create_roles) add(r.account_id);
  for (const auto* t : template_updates(plan)) add(t->account_id);
  return out;
}

Result<RunSummary> apply_plan(aws::EventLoop& loop, Journal& journal, const Callers& callers, const Plan& plan,
                              const ApplyOptions& options) {
  // Every target judged again on live IAM first: a plan edited by hand, or a role changed since
  // planning, is refused whole before anything else is read or called.
  auto judgements = plan_judgements(plan);
  judge_targets(loop, callers, plan.approved, judgements);
  if (auto bad = failing(judgements); !bad.empty()) return fail(target_refusal("plan refused", bad));
  std::vector<const PlannedAction*> actions;
  for (const auto& a : plan.actions) actions.push_back(&a);
  auto prepared = prepare(loop, callers, actions, new_profile_arns(plan), options);
  if (!prepared) return fail(prepared.error());
  const auto updates = template_updates(plan);
  if (auto r = check_templates(loop, callers, updates); !r) return fail(r.error());
  for (auto& s : settled_templates(plan)) prepared->settled.push_back(std::move(s));
  if (options.preflight && (!prepared->changes.empty() || !updates.empty())) {
    if (auto r = options.preflight(plan); !r) return fail(r.error());
  }
  RunRecord run;
  run.kind = "apply";
  run.plan_json = plan_to_json(plan);
  run.plan_digest = plan_digest(plan);
  run.plan_source = options.plan_source;
  run.caller = options.caller;
  run.ticket = options.ticket;
  run.approved_by = options.approved_by;
  run.dry_run = options.dry_run;
  auto run_id = journal.begin_run(run);
  if (!run_id) return fail(run_id.error());
  // Held until the process ends: no other operator resumes or rolls back the run meanwhile.
  if (auto claimed = journal.claim_run(*run_id, claim_purpose("apply", options.caller)); !claimed)
    return fail(claimed.error());
  if (options.on_run_started) options.on_run_started(*run_id);
  for (auto& s : prepared->settled) s.step.run_id = *run_id;
  if (options.dry_run) {
    for (const auto& c : prepared->changes) {
      prepared->settled.push_back({intent_step(*run_id, c), StepStatus::kSkipped, StepReason::kDryRun,
                                   "dry run: would " + c.operation + " " + c.target_profile_arn});
    }
    for (const auto* t : updates) {
      StepRecord s;
      s.run_id = *run_id;
      s.instance_id = t->template_id;
      s.account_id = t->account_id;
      s.region = t->region;
      s.operation = kTemplateVersionOp;
      s.before_profile_arn = t->source_profile_arn;
      s.before_association_id = std::to_string(t->source_version);
      s.target_profile_arn = t->target.arn;
      const std::string made =
          t->scrub.version == 0
              ? fmt::format("with {} the default", t->target.arn)
              : fmt::format(
                    "{}without the key{}", t->target.arn.empty() ? "" : "with " + t->target.arn + " and ",
                    options.make_template_default ? ", the default" : " (awaiting approval to become the default)");
      prepared->settled.push_back({s, StepStatus::kSkipped, StepReason::kDryRun,
                                   fmt::format("dry run: would make a version from {} {}", t->source_version, made)});
    }
    if (auto r = journal_settled(journal, prepared->settled); !r) return fail(r.error());
    if (auto r = journal.finish_run(*run_id, RunStatus::kCompleted); !r) return fail(r.error());
    return load_run_summary(journal, *run_id);
  }
  if (auto r = journal_settled(journal, prepared->settled); !r) return fail(r.error());
  auto profiles = create_needed_roles(loop, journal, callers, *run_id, plan, {}, prepared->changes);
  if (!profiles) return fail(profiles.error());
  if (auto r = create_needed_profiles(loop, journal, callers, *run_id, *profiles, prepared->changes); !r)
    return fail(r.error());
  // The source first: an instance Auto Scaling launches while the run goes on is already right.
  if (auto r = fix_templates(loop, journal, callers, *run_id, updates, {}, options.make_template_default); !r)
    return fail(r.error());
  note_awaiting_default(journal, *run_id, updates, options);
  return execute(loop, journal, callers, *run_id, std::move(prepared->changes), options);
}

Result<RunSummary> resume_run(aws::EventLoop& loop, Journal& journal, const Callers& callers, const std::string& run_id,
                              const ApplyOptions& options) {
  auto run = journal.run(run_id);
  if (!run) return fail(run.error());
  if (run->kind != "apply")
    return fail(ErrorKind::kInvalidArgument, "run " + run_id + " is a " + run->kind + ", not an apply run");
  if (run->dry_run) return fail(ErrorKind::kInvalidArgument, "run " + run_id + " was a dry run: nothing to resume");
  auto plan = plan_from_json(run->plan_json, run->plan_source.empty() ? "journal plan of " + run_id : run->plan_source);
  if (!plan) return fail(plan.error());
  auto steps = journal.steps(run_id);
  if (!steps) return fail(steps.error());
  if (run->status != RunStatus::kRunning) {
    if (options.make_template_default && awaits_template_default(template_updates(*plan), *steps)) {
      return approve_template_defaults(loop, journal, callers, run_id, *plan, *steps);
    }
    if (options.note)
      options.note("run " + run_id + " already finished (" + to_string(run->status) + "): nothing to resume");
    return load_run_summary(journal, run_id);
  }

  std::map<std::string, const StepRecord*> last;  // instance key -> last association step
  std::size_t profiles_done = 0;
  for (const auto& s : *steps) {
    if (is_template_op(s.operation)) continue;  // fix_templates continues from them
    if (s.operation == "create-profile" || s.operation == "add-role" || is_role_op(s.operation)) {
      if (s.operation == "add-role" && (s.status == StepStatus::kDone || s.status == StepStatus::kVerified))
        ++profiles_done;
      if (s.status == StepStatus::kIntent) {
        if (auto r = journal.record_outcome(run_id, s.seq, StepStatus::kFailed, "", "interrupted; done again on resume",
                                            "", StepReason::kInterrupted);
            !r) {
          return fail(r.error());
        }
      }
      continue;
    }
    last[key_of(s.account_id, s.region, s.instance_id)] = &s;
  }
  std::vector<Change> changes;
  std::vector<const PlannedAction*> untouched;
  for (const auto& a : plan->actions) {
    auto it = last.find(key_of(a.before.account_id, a.before.region, a.before.instance_id));
    if (it == last.end()) {
      untouched.push_back(&a);
      continue;
    }
    const StepRecord& s = *it->second;
    if (s.status != StepStatus::kIntent && s.status != StepStatus::kDone) continue;  // final already
    Change c;
    c.instance_id = s.instance_id;
    c.account_id = s.account_id;
    c.region = s.region;
    c.operation = s.operation;
    c.before_profile_arn = s.before_profile_arn;
    c.before_association_id = s.before_association_id;
    c.target_profile_arn = s.target_profile_arn;
    c.seq = s.seq;
    c.reconcile_first = s.status == StepStatus::kIntent;
    c.verify_only = s.status == StepStatus::kDone;
    c.result_association_id = s.result_association_id;
    changes.push_back(std::move(c));
  }
  auto prepared = prepare(loop, callers, untouched, new_profile_arns(*plan), options);
  if (!prepared) return fail(prepared.error());
  // Templates the run had not started are checked as apply checks them; started ones continue.
  const auto updates = template_updates(*plan);
  std::vector<const TemplateAction*> unstarted;
  for (const auto* t : updates) {
    bool started = std::any_of(steps->begin(), steps->end(), [t](const StepRecord& s) {
      return is_template_op(s.operation) && s.account_id == t->account_id && s.region == t->region &&
             s.instance_id == t->template_id;
    });
    if (!started) unstarted.push_back(t);
  }
  if (auto r = check_templates(loop, callers, unstarted); !r) return fail(r.error());
  if (auto r = journal.reopen_run(run_id); !r) return fail(r.error());
  for (auto& s : prepared->settled) s.step.run_id = run_id;
  if (auto r = journal_settled(journal, prepared->settled); !r) return fail(r.error());
  // Roles continue from their journaled steps; profiles are idempotent (an existing profile that
  // holds the role counts as created).
  auto profiles = create_needed_roles(loop, journal, callers, run_id, *plan, *steps, prepared->changes);
  if (!profiles) return fail(profiles.error());
  if (profiles_done < profiles->size()) {
    if (auto r = create_needed_profiles(loop, journal, callers, run_id, *profiles, prepared->changes); !r)
      return fail(r.error());
  }
  for (auto& c : prepared->changes) changes.push_back(std::move(c));
  if (auto r = fix_templates(loop, journal, callers, run_id, updates, *steps, options.make_template_default); !r)
    return fail(r.error());
  note_awaiting_default(journal, run_id, updates, options);
  return execute(loop, journal, callers, run_id, std::move(changes), options);
}

}  // namespace rolecall::remediate

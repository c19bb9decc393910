// The deactivate phase of a key migration and its backout (key_retire.h).
#include "remediate/key_retire.h"

#include <optional>
#include <set>

#include <fmt/format.h>

#include "aws/ops/iam_access_keys.h"
#include "base/iso8601.h"
#include "base/sha256.h"
#include "base/sync.h"
#include "remediate/key_confirm.h"
#include "remediate/live_state.h"
#include "remediate/settled.h"

namespace rolecall::remediate {
namespace {

constexpr std::string_view kUserPrefix = "user/";
constexpr std::string_view kKeyInfix = "/key/";
constexpr std::string_view kShaPrefix = "sha256:";

// The user's key whose id hashes to `sha256`, read live; nullopt when the user (or the key) is gone.
Result<std::optional<aws::iam::AccessKeyMetadata>> find_user_key(aws::EventLoop& loop, aws::AwsCaller& caller,
                                                                 const std::string& user, const std::string& sha256) {
  auto listed = base::run_sync<aws::iam::ListAccessKeysResponse>(loop, [&](auto done) {
    aws::iam::list_access_keys_all(caller, {user, std::nullopt, ""}, std::move(done));
  });
  if (!listed) {
    if (listed.error().kind == ErrorKind::kNotFound) return std::optional<aws::iam::AccessKeyMetadata>();
    return fail(listed.error().with_context("iam:ListAccessKeys of user " + user));
  }
  for (auto& k : listed->keys) {
    if (base::sha256_hex(k.access_key_id) == sha256) return std::optional(std::move(k));
  }
  return std::optional<aws::iam::AccessKeyMetadata>();
}

// Sets one key's status and verifies it, journaled as step `seq` (intent already recorded).
Result<void> set_key_status(aws::EventLoop& loop, Journal& journal, aws::AwsCaller& caller, const std::string& run_id,
                            std::int64_t seq, const std::string& user, const std::string& key_id,
                            const std::string& sha256, const std::string& status) {
  auto updated = base::run_sync<aws::iam::UpdateAccessKeyResponse>(loop, [&](auto done) {
    aws::iam::update_access_key(caller, {user, key_id, status}, std::move(done));
  });
  if (!updated) {
    return journal.record_outcome(run_id, seq, StepStatus::kFailed, "", updated.error().describe(),
                                  updated.error().request_id);
  }
  if (auto r = journal.record_outcome(run_id, seq, StepStatus::kDone, "", "", updated->request_id); !r) return r;
  auto now = find_user_key(loop, caller, user, sha256);
  if (!now)
    return journal.record_outcome(run_id, seq, StepStatus::kFailed, "", "not verified: " + now.error().describe(), "");
  if (!*now) {
    return journal.record_outcome(run_id, seq, StepStatus::kFailed, "", "not verified: the key is gone", "",
                                  StepReason::kKeyNotFound);
  }
  if ((*now)->status != status) {
    return journal.record_outcome(run_id, seq, StepStatus::kFailed, "",
                                  "not verified: the key reads " + (*now)->status + " after the call", "");
  }
  return journal.record_outcome(run_id, seq, StepStatus::kVerified, "", "", "");
}

StepRecord key_step(const std::string& run_id, const std::string& account, const KeyStepFields& key,
                    const char* operation, const std::string& before, const std::string& target) {
  StepRecord s;
  s.run_id = run_id;
  s.instance_id = key_step_resource(key.user, key.key_id_redacted);
  s.account_id = account;
  s.operation = operation;
  s.before_association_id = std::string(kShaPrefix) + key.key_sha256;
  s.before_profile_arn = before;
  s.target_profile_arn = target;
  return s;
}

// Moves one key to `target` status ("Inactive" when deactivating, the status before when undoing).
// `seq` > 0: the step's intent is journaled already (resume): look before acting.
Result<void> change_key(aws::EventLoop& loop, Journal& journal, const Callers& callers, const std::string& run_id,
                        const std::string& account, const KeyStepFields& key, const char* operation,
                        const std::string& expected, const std::string& target, std::int64_t seq) {
  aws::AwsCaller* caller = caller_for(callers, account);
  StepRecord s = key_step(run_id, account, key, operation, expected, target);
  // Ends the step without a call: the outcome of its journaled intent (resume), or a settled step.
  auto end = [&](StepStatus status, StepReason reason, const std::string& why) -> Result<void> {
    if (seq != 0) return journal.record_outcome(run_id, seq, status, "", why, "", reason);
    return journal_settled(journal, {Settled{std::move(s), status, reason, why}});
  };
  if (caller == nullptr) return end(StepStatus::kFailed, StepReason::kNone, "no credentials reach account " + account);
  auto live = find_user_key(loop, *caller, key.user, key.key_sha256);
  if (!live) return end(StepStatus::kFailed, StepReason::kNone, live.error().describe());
  if (!*live) {
    return end(StepStatus::kSkipped, StepReason::kKeyNotFound,
               "user " + key.user + " no longer holds " + key.key_id_redacted + " (deleted since)");
  }
  s.before_profile_arn = (*live)->status;
  if ((*live)->status == target) {
    // Resumed: the cut-off call took effect. Else nothing to do.
    if (seq != 0) return end(StepStatus::kVerified, StepReason::kNone, "");
    const bool undoing = std::string_view(operation) == kReactivateKeyOp;
    return end(StepStatus::kSkipped, undoing ? StepReason::kAlreadyRestored : StepReason::kAlreadyOnTarget,
               "already " + target);
  }
  if (!expected.empty() && (*live)->status != expected) {
    return end(StepStatus::kSkipped, StepReason::kChangedElsewhere,
               fmt::format("its status changed since the run: {} now, the run left it {}; left alone", (*live)->status,
                           expected));
  }
  if (seq == 0) {
    auto recorded = journal.record_intent(s);
    if (!recorded) return fail(recorded.error());
    seq = *recorded;
  }
  return set_key_status(loop, journal, *caller, run_id, seq, key.user, (*live)->access_key_id, key.key_sha256, target);
}

// Every key of the plan, in order: retired, or journaled as kept with why.
Result<void> run_keys(aws::EventLoop& loop, Journal& journal, const Callers& callers, const Plan& plan,
                      const std::map<std::string, std::string>& key_block, const std::string& run_id,
                      const std::map<std::string, StepRecord>& done_before) {
  for (const auto& k : plan.retire_keys) {
    const KeyStepFields key{k.user, k.key_id_redacted, k.key_sha256};
    std::int64_t seq = 0;
    if (auto it = done_before.find(k.key_sha256); it != done_before.end()) {
      if (it->second.status != StepStatus::kIntent && it->second.status != StepStatus::kDone) continue;  // final
      seq = it->second.seq;
    }
    if (seq == 0) {
      auto block = key_block.find(k.key_sha256);
      if (block != key_block.end()) {
        StepRecord s = key_step(run_id, k.account_id, key, kDeactivateKeyOp, k.status, "Inactive");
        if (auto r = journal_settled(
                journal, {Settled{std::move(s), StepStatus::kSkipped, StepReason::kBlocked, "kept: " + block->second}});
            !r)
          return r;
        continue;
      }
    }
    if (auto r = change_key(loop, journal, callers, run_id, k.account_id, key, kDeactivateKeyOp, "", "Inactive", seq);
        !r)
      return r;
  }
  return {};
}

Result<RunSummary> finish(Journal& journal, const std::string& run_id) {
  auto summary = load_run_summary(journal, run_id);
  if (!summary) return summary;
  const bool failed = summary->count(StepStatus::kFailed) + summary->unfinished() > 0;
  if (auto r = journal.finish_run(run_id, failed ? RunStatus::kFailed : RunStatus::kCompleted); !r)
    return fail(r.error());
  return load_run_summary(journal, run_id);
}

}  // namespace

std::string key_step_resource(const std::string& user, const std::string& key_id_redacted) {
  return std::string(kUserPrefix) + user + std::string(kKeyInfix) + key_id_redacted;
}

bool parse_key_step(const StepRecord& step, KeyStepFields& out) {
  if (step.operation != kDeactivateKeyOp && step.operation != kReactivateKeyOp) return false;
  const std::string& r = step.instance_id;
  const auto infix = r.find(kKeyInfix);
  if (!r.starts_with(kUserPrefix) || infix == std::string::npos || !step.before_association_id.starts_with(kShaPrefix))
    return false;
  out.user = r.substr(kUserPrefix.size(), infix - kUserPrefix.size());
  out.key_id_redacted = r.substr(infix + kKeyInfix.size());
  out.key_sha256 = step.before_association_id.substr(kShaPrefix.size());
  return !out.user.empty() && !out.key_sha256.empty();
}

Result<DeactivateGate> check_deactivate_gate(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                                             const Plan& plan, const GateOptions& options) {
  if (!plan.migrate_keys) {
    return fail(
        Error::invalid_argument("--phase deactivate: the plan is not a key migration (plan it with "
                                "`rolecall plan --migrate-keys`)"));
  }
  const std::string digest = plan_digest(plan);
  auto runs = journal.runs();
  if (!runs) return fail(runs.error());
  const RunRecord* migration = nullptr;
  for (const auto& r : *runs) {  // newest first
    if (r.kind == "apply" && r.plan_digest == digest && !r.dry_run && r.status != RunStatus::kRunning) {
      migration = &r;
      break;
    }
  }
  if (migration == nullptr) {
    return fail(Error::invalid_argument(fmt::format("--phase deactivate: the plan ({}) has not been applied: no "
                                                    "finished run of it in journal {} (`rolecall apply PLAN` first)",
                                                    digest, journal.path()))
                    .with_code(kNotMigratedCode));
  }
  for (const auto& r : *runs) {
    if (r.kind == "rollback" && r.parent_run_id == migration->run_id) {
      return fail(Error::invalid_argument(fmt::format("--phase deactivate: the migration run {} was rolled back by "
                                                      "run {}: apply the plan again first",
                                                      migration->run_id, r.run_id))
                      .with_code(kNotMigratedCode));
    }
  }
  auto finished = base::parse_iso8601(migration->finished_at);
  if (!finished) {
    return fail(Error::invalid_argument("--phase deactivate: run " + migration->run_id + " has no finish time")
                    .with_code(kNotMigratedCode));
  }
  const auto soak_ends = *finished + options.soak;
  const bool soaked = soak_ends <= options.now;
  DeactivateGate gate;
  gate.migration = *migration;
  auto steps = journal.steps(migration->run_id);
  if (!steps) return fail(steps.error());
  std::map<std::string, const StepRecord*> last;  // instance -> its last association step in the run
  for (const auto& s : *steps) {
    if (s.operation == "associate" || s.operation == "replace" || s.operation == "none") last[s.instance_id] = &s;
  }
  std::map<std::string, const PlannedAction*> actions;
  for (const auto& a : plan.actions) actions[a.before.instance_id] = &a;
  // Which instances the run moved (or found on the target already).
  std::map<std::string, std::string> not_moved;  // instance -> why
  std::set<std::string> to_read;
  for (const auto& k : plan.retire_keys) {
    for (const auto& id : k.instance_ids) {
      auto a = actions.find(id);
      auto s = last.find(id);
      if (a == actions.end()) {
        not_moved[id] = id + " is not in the plan";
      } else if (a->second->kind == ActionKind::kSkip && !a->second->target.arn.empty() &&
                 a->second->target.arn == a->second->before.profile_arn) {
        to_read.insert(id);
      } else if (s == last.end() ||
                 (s->second->status != StepStatus::kVerified && s->second->reason != StepReason::kAlreadyOnTarget)) {
        not_moved[id] =
            fmt::format("{} was not verified on its role by run {}{}", id, migration->run_id,
                        s == last.end() ? ""
                                        : " (" + std::string(to_string(s->second->status)) +
                                              (s->second->error.empty() ? "" : ": " + s->second->error) + ")");
      } else {
        to_read.insert(id);
      }
    }
  }
  // Still on the target now: someone may have changed an instance since the run.
  LiveReader reader(loop, [&callers](const std::string& a) { return caller_for(callers, a); });
  std::map<std::string, Result<LiveInstance>> live;
  for (const auto& id : to_read) {
    const auto& before = actions.at(id)->before;
    reader.read(before.account_id, before.region, id,
                [&live, id](Result<LiveInstance> r) { live.insert_or_assign(id, std::move(r)); });
  }
  loop.run();
  for (const auto& id : to_read) {
    auto it = live.find(id);
    const std::string& target = actions.at(id)->target.arn;
    if (it == live.end() || !it->second) {
      not_moved[id] = id + " could not be read now" + (it == live.end() ? "" : ": " + it->second.error().describe());
    } else if (!it->second->found) {
      not_moved[id] = id + " no longer exists";
    } else if (it->second->profile() != target) {
      not_moved[id] = fmt::format("{} is on {} now, not its target {}", id,
                                  it->second->profile().empty() ? "no profile" : it->second->profile(), target);
    }
  }
  std::map<std::string, InstancePlace> places;
  for (const auto& a : plan.actions) places[a.before.instance_id] = {a.before.account_id, a.before.region};
  std::size_t waiting = 0;  // keys kept only because the soak has not passed
  for (const auto& k : plan.retire_keys) {
    if (!k.blocked_reason.empty()) {
      gate.key_block[k.key_sha256] = k.blocked_reason;
      continue;
    }
    for (const auto& id : k.instance_ids) {
      if (auto it = not_moved.find(id); it != not_moved.end()) {
        gate.key_block[k.key_sha256] = it->second;
        break;
      }
    }
    if (gate.key_block.contains(k.key_sha256)) continue;
    bool confirmed = false;
    std::string silent;
    if (options.trail_check) {
      aws::AwsCaller* owner = caller_for(callers, k.account_id);
      auto held = owner == nullptr ? Result<std::optional<aws::iam::AccessKeyMetadata>>(
                                         fail(Error::credentials("no credentials reach account " + k.account_id)))
                                   : find_user_key(loop, *owner, k.user, k.key_sha256);
      if (!held) {
        gate.key_block[k.key_sha256] = "could not read the key: " + held.error().describe();
        continue;
      }
      if (!*held) continue;  // gone: the deactivate step says so
      if ((*held)->status == "Inactive") {
        gate.already_inactive.insert(k.key_sha256);  // nothing to change, nothing to wait for
        continue;
      }
      std::set<std::string> regions{"us-east-1"};
      for (const auto& id : k.instance_ids) {
        if (auto p = places.find(id); p != places.end()) regions.insert(p->second.region);
      }
      auto said = confirm_key_moved(loop, callers, k, (*held)->access_key_id, places, {regions.begin(), regions.end()},
                                    *finished);
      if (!said.error.empty()) {
        gate.key_block[k.key_sha256] = "CloudTrail could not confirm the move: " + said.error;
        continue;
      }
      if (!said.still_used.empty()) {
        gate.key_block[k.key_sha256] = "still used: " + said.still_used;
        continue;
      }
      confirmed = said.moved();
      silent = fmt::format("{}", fmt::join(said.silent_instances, ", "));
    }
    if (!soaked && !confirmed) {
      ++waiting;
      gate.key_block[k.key_sha256] = fmt::format(
          "the soak ends at {}{}", base::format_iso8601(soak_ends),
          silent.empty() ? std::string() : " (CloudTrail shows no call through the role yet from " + silent + ")");
    }
  }
  if (waiting > 0 && gate.key_block.size() == plan.retire_keys.size()) {
    return fail(Error::invalid_argument(
                    fmt::format("--phase deactivate: the migration run {} finished at {}; the soak ends at {} and "
                                "CloudTrail does not yet show every instance calling through its role: nothing was "
                                "deactivated (run it then, or pass a shorter --soak)",
                                migration->run_id, migration->finished_at, base::format_iso8601(soak_ends)))
                    .with_code(kSoakPendingCode));
  }
  return gate;
}

Result<RunSummary> deactivate_keys(aws::EventLoop& loop, Journal& journal, const Callers& callers, const Plan& plan,
                                   const DeactivateGate& gate, const KeyRunInfo& info) {
  RunRecord run;
  run.kind = kDeactivateRunKind;
  run.parent_run_id = gate.migration.run_id;
  run.plan_json = plan_to_json(plan);
  run.plan_digest = plan_digest(plan);
  run.plan_source = info.plan_source;
  run.caller = info.caller;
  run.ticket = info.ticket;
  run.approved_by = info.approved_by;
  // The migration run first: no second deactivate phase, rollback or resume of it meanwhile.
  if (auto claimed = journal.claim_run(gate.migration.run_id, claim_purpose("apply --phase deactivate", info.caller));
      !claimed)
    return fail(claimed.error());
  auto run_id = journal.begin_run(run);
  if (!run_id) return fail(run_id.error());
  if (auto claimed = journal.claim_run(*run_id, claim_purpose("apply --phase deactivate", info.caller)); !claimed)
    return fail(claimed.error());
  if (info.on_run_started) info.on_run_started(*run_id);
  if (auto r = run_keys(loop, journal, callers, plan, gate.key_block, *run_id, {}); !r) return fail(r.error());
  return finish(journal, *run_id);
}

Result<RunSummary> resume_deactivate(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                                     const std::string& run_id, const KeyRunInfo& info) {
  auto run = journal.run(run_id);
  if (!run) return fail(run.error());
  auto plan = plan_from_json(run->plan_json, "journal plan of " + run_id);
  if (!plan) return fail(plan.error());
  auto steps = journal.steps(run_id);
  if (!steps) return fail(steps.error());
  std::map<std::string, StepRecord> done_before;  // key sha256 -> its step
  for (const auto& s : *steps) {
    KeyStepFields key;
    if (parse_key_step(s, key)) done_before[key.key_sha256] = s;
  }
  if (auto r = journal.reopen_run(run_id); !r) return fail(r.error());
  if (info.on_run_started) info.on_run_started(run_id);
  // A key with no step yet was not judged by the gate: keep it (a new deactivate run judges it).
  std::map<std::string, std::string> block;
  for (const auto& k : plan->retire_keys) {
    if (!done_before.contains(k.key_sha256))
      block[k.key_sha256] =
          "not reached before the interruption: run the "
          "deactivate phase again";
  }
  if (auto r = run_keys(loop, journal, callers, *plan, block, run_id, done_before); !r) return fail(r.error());
  return finish(journal, run_id);
}

std::vector<StepRecord> key_steps_to_undo(const std::vector<StepRecord>& steps) {
  std::vector<StepRecord> out;
  for (const auto& s : steps) {
    KeyStepFields key;
    // A refused or skipped call changed nothing; an intent without outcome may have (live state decides).
    const bool may_have_changed = s.status != StepStatus::kFailed && s.status != StepStatus::kSkipped &&
                                  !s.before_profile_arn.empty() && s.before_profile_arn != s.target_profile_arn;
    if (parse_key_step(s, key) && may_have_changed) out.push_back(s);
  }
  return out;
}

Result<void> undo_key_steps(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                            const std::vector<StepRecord>& parent_steps, const std::string& rollback_run_id) {
  for (const auto& s : parent_steps) {
    KeyStepFields key;
    if (!parse_key_step(s, key)) continue;
    if (auto r = change_key(loop, journal, callers, rollback_run_id, s.account_id, key, kReactivateKeyOp,
                            s.target_profile_arn, s.before_profile_arn, 0);
        !r)
      return r;
  }
  return {};
}

}  // namespace rolecall::remediate

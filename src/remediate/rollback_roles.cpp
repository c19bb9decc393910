// Undoing the roles a key migration created, one role at a time (a short chain of calls each).
#include "remediate/rollback_roles.h"

#include <algorithm>
#include <map>

#include "aws/ops/iam_instance_profiles.h"
#include "aws/ops/iam_role_deletes.h"
#include "aws/ops/iam_roles.h"
#include "base/sync.h"
#include "remediate/create_roles.h"
#include "remediate/user_roles.h"

namespace rolecall::remediate {
namespace {

bool is_no_such_entity(const Error& e) { return e.kind == ErrorKind::kNotFound; }  // IAM's NoSuchEntity

// One role's undo, journaled into the rollback run.
class RoleUndoer {
 public:
  RoleUndoer(aws::EventLoop& loop, Journal& journal, const std::string& parent, const std::string& run_id,
             aws::AwsCaller& caller, const CreatedRole& role)
      : loop_(loop), journal_(journal), parent_(parent), run_id_(run_id), caller_(caller), role_(role) {}

  // Undoes the role (an error only when the journal fails).
  Result<void> run(bool profile_in_use) {
    const std::string role_resource = role_step_resource(role_.role_name);
    auto got = base::run_sync<aws::iam::GetRoleResponse>(
        loop_, [&](auto done) { aws::iam::get_role(caller_, {role_.role_name}, std::move(done)); });
    if (!got && is_no_such_entity(got.error())) {
      if (auto r = settle(role_resource, StepStatus::kSkipped, StepReason::kNotFound,
                          "role " + role_.role_name + " is already gone");
          !r)
        return r;
      return undo_profile();  // a profile left without its role is still the run's to delete
    }
    if (!got) return settle(role_resource, StepStatus::kFailed, StepReason::kNone, got.error().describe());
    auto changed = changed_since(got->role);
    if (!changed) return settle(role_resource, StepStatus::kFailed, StepReason::kNone, changed.error().describe());
    if (changed->empty() && profile_in_use) *changed = "instances still use its instance profile";
    if (!changed->empty()) {
      return settle(role_resource, StepStatus::kSkipped, StepReason::kChangedElsewhere,
                    "role " + role_.role_name + " left alone: " + *changed);
    }
    if (auto r = undo_profile(); !r) return r;
    for (const auto& name : live_inline_) {
      auto ok = change(role_resource, kDeleteRolePolicyOp, name, [&](auto done) {
        aws::iam::delete_role_policy(caller_, {role_.role_name, name}, std::move(done));
      });
      if (!ok) return fail(ok.error());
      if (!*ok) return {};
    }
    for (const auto& arn : live_attached_) {
      auto ok = change(role_resource, kDetachRolePolicyOp, arn, [&](auto done) {
        aws::iam::detach_role_policy(caller_, {role_.role_name, arn}, std::move(done));
      });
      if (!ok) return fail(ok.error());
      if (!*ok) return {};
    }
    auto seq = intent(role_resource, kDeleteRoleOp, role_.role_name);
    if (!seq) return fail(seq.error());
    auto deleted = base::run_sync<aws::iam::RoleChangeResponse>(
        loop_, [&](auto done) { aws::iam::delete_role(caller_, {role_.role_name}, std::move(done)); });
    if (!deleted && !is_no_such_entity(deleted.error())) {
      return outcome(*seq, StepStatus::kFailed, deleted.error().describe(), deleted.error().request_id);
    }
    // Verified: the role is gone.
    auto after = base::run_sync<aws::iam::GetRoleResponse>(
        loop_, [&](auto done) { aws::iam::get_role(caller_, {role_.role_name}, std::move(done)); });
    const bool gone = !after && is_no_such_entity(after.error());
    return outcome(*seq, gone ? StepStatus::kVerified : StepStatus::kFailed,
                   gone ? "" : "role " + role_.role_name + " still exists after DeleteRole",
                   deleted ? deleted->request_id : "");
  }

 private:
  // Why the role is no longer only what the run made ("" when it is), reading its policies.
  Result<std::string> changed_since(const Role& role) {
    if (!made_by_run(role, parent_)) return std::string("it no longer carries run " + parent_ + "'s tags");
    if (!same_policy_document(role.trust_policy, user_role_trust_policy()))
      return std::string("its trust policy changed since the run");
    auto attached = base::run_sync<aws::iam::ListAttachedRolePoliciesResponse>(loop_, [&](auto done) {
      aws::iam::list_attached_role_policies_all(caller_, {role_.role_name, {}, {}}, std::move(done));
    });
    if (!attached) return fail(attached.error());
    auto names = base::run_sync<aws::iam::ListRolePoliciesResponse>(loop_, [&](auto done) {
      aws::iam::list_role_policies_all(caller_, {role_.role_name, {}, {}}, std::move(done));
    });
    if (!names) return fail(names.error());
    for (const auto& p : attached->policies) {
      if (!role_.managed_policies.contains(p.arn)) return "policy " + p.arn + " was attached since the run";
      live_attached_.push_back(p.arn);
    }
    for (const auto& n : names->policy_names) {
      if (!role_.inline_policies.contains(n)) return "inline policy " + n + " was added since the run";
      live_inline_.push_back(n);
    }
    return std::string();
  }

  // The profile of the role, when the run made it: role removed, profile deleted.
  Result<void> undo_profile() {
    if (!role_.profile_created) return {};
    const std::string& name = role_.role_name;
    auto got = base::run_sync<aws::iam::GetInstanceProfileResponse>(
        loop_, [&](auto done) { aws::iam::get_instance_profile(caller_, {name}, std::move(done)); });
    if (!got && is_no_such_entity(got.error())) {
      return settle(name, StepStatus::kSkipped, StepReason::kNotFound, "instance profile " + name + " is already gone");
    }
    if (!got) return settle(name, StepStatus::kFailed, StepReason::kNone, got.error().describe());
    for (const auto& r : got->profile.roles) {
      if (r.name != role_.role_name) {
        return settle(name, StepStatus::kSkipped, StepReason::kChangedElsewhere,
                      "instance profile " + name + " left alone: it holds role " + r.name + " since the run");
      }
    }
    if (!got->profile.roles.empty()) {
      auto ok = change(name, kRemoveRoleFromProfileOp, role_.role_name, [&](auto done) {
        aws::iam::remove_role_from_instance_profile(caller_, {name, role_.role_name}, std::move(done));
      });
      if (!ok) return fail(ok.error());
      if (!*ok) return {};
    }
    auto seq = intent(name, kDeleteProfileOp, name);
    if (!seq) return fail(seq.error());
    auto deleted = base::run_sync<aws::iam::RoleChangeResponse>(
        loop_, [&](auto done) { aws::iam::delete_instance_profile(caller_, {name}, std::move(done)); });
    if (!deleted && !is_no_such_entity(deleted.error())) {
      return outcome(*seq, StepStatus::kFailed, deleted.error().describe(), deleted.error().request_id);
    }
    return outcome(*seq, StepStatus::kVerified, "", deleted ? deleted->request_id : "");
  }

  Result<std::int64_t> intent(const std::string& resource, const std::string& operation, const std::string& what) {
    StepRecord s;
    s.run_id = run_id_;
    s.instance_id = resource;
    s.account_id = role_.account_id;
    s.operation = operation;
    s.before_profile_arn = what;
    return journal_.record_intent(s);
  }

  Result<void> outcome(std::int64_t seq, StepStatus status, const std::string& error, const std::string& request_id,
                       StepReason reason = StepReason::kNone) {
    return journal_.record_outcome(run_id_, seq, status, "", error, request_id, reason);
  }

  // A step decided without a call.
  Result<void> settle(const std::string& resource, StepStatus status, StepReason reason, const std::string& why) {
    auto seq = intent(resource, "none", "");
    if (!seq) return fail(seq.error());
    return outcome(*seq, status, why, "", reason);
  }

  // One journaled deletion; true when done (or already undone: NoSuchEntity).
  template <typename Start>
  Result<bool> change(const std::string& resource, const std::string& operation, const std::string& what,
                      Start&& start) {
    auto seq = intent(resource, operation, what);
    if (!seq) return fail(seq.error());
    auto r = base::run_sync<aws::iam::RoleChangeResponse>(loop_, std::forward<Start>(start));
    const bool ok = r || is_no_such_entity(r.error());
    if (auto out = outcome(*seq, ok ? StepStatus::kDone : StepStatus::kFailed, r ? "" : r.error().describe(),
                           r ? r->request_id : r.error().request_id);
        !out)
      return fail(out.error());
    return ok;
  }

  aws::EventLoop& loop_;
  Journal& journal_;
  const std::string& parent_;
  const std::string& run_id_;
  aws::AwsCaller& caller_;
  const CreatedRole& role_;
  std::vector<std::string> live_inline_;
  std::vector<std::string> live_attached_;
};

}  // namespace

bool is_role_undo_op(const std::string& operation) {
  return operation == kRemoveRoleFromProfileOp || operation == kDeleteProfileOp || operation == kDeleteRolePolicyOp ||
         operation == kDetachRolePolicyOp || operation == kDeleteRoleOp;
}

std::vector<CreatedRole> created_roles(const std::vector<StepRecord>& steps) {
  std::map<std::pair<std::string, std::string>, CreatedRole> by_role;  // (account, role name)
  const std::string prefix = role_step_resource("");
  for (const auto& s : steps) {
    if (s.operation != kCreateRoleOp || s.status == StepStatus::kSkipped) continue;
    const std::string name = s.instance_id.substr(prefix.size());
    by_role.try_emplace({s.account_id, name}, CreatedRole{s.account_id, name, {}, {}, false});
  }
  for (const auto& s : steps) {
    const bool role_step = s.instance_id.starts_with(prefix);
    const std::string name = role_step ? s.instance_id.substr(prefix.size()) : s.instance_id;
    auto it = by_role.find({s.account_id, name});
    if (it == by_role.end()) continue;
    if (role_step && s.operation == kPutRolePolicyOp) it->second.inline_policies.insert(s.target_profile_arn);
    if (role_step && s.operation == kAttachRolePolicyOp) it->second.managed_policies.insert(s.target_profile_arn);
    if (!role_step && (s.operation == "create-profile" || s.operation == "add-role") &&
        (s.status == StepStatus::kDone || s.status == StepStatus::kVerified)) {
      it->second.profile_created = true;
    }
  }
  std::vector<CreatedRole> out;
  for (auto& [key, role] : by_role) out.push_back(std::move(role));
  return out;
}

std::string created_role_profile_arn(const CreatedRole& role) {
  return "arn:aws:iam::" + role.account_id + ":instance-profile/" + role.role_name;
}

Result<void> undo_created_roles(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                                const std::string& parent_run_id, const std::string& rollback_run_id,
                                const std::vector<CreatedRole>& roles, const std::set<std::string>& in_use) {
  for (const auto& role : roles) {
    aws::AwsCaller* caller = caller_for(callers, role.account_id);
    if (caller == nullptr) {
      StepRecord s;
      s.run_id = rollback_run_id;
      s.instance_id = role_step_resource(role.role_name);
      s.account_id = role.account_id;
      s.operation = "none";
      auto seq = journal.record_intent(s);
      if (!seq) return fail(seq.error());
      if (auto r = journal.record_outcome(rollback_run_id, *seq, StepStatus::kFailed, "",
                                          "no credentials reach account " + role.account_id, "");
          !r)
        return r;
      continue;
    }
    RoleUndoer undo(loop, journal, parent_run_id, rollback_run_id, *caller, role);
    if (auto r = undo.run(in_use.contains(created_role_profile_arn(role))); !r) return r;
  }
  return {};
}

}  // namespace rolecall::remediate

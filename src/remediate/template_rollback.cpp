#include "remediate/template_rollback.h"

#include <algorithm>

#include <fmt/format.h>

#include "aws/ops/ec2_launch_template_writes.h"
#include "remediate/settled.h"
#include "remediate/template_apply.h"
#include "remediate/template_live.h"

namespace rolecall::remediate {
namespace {

using RollbackCallers = std::map<std::string, aws::AwsCaller*>;

class Undo {
 public:
  Undo(aws::EventLoop& loop, Journal& journal, const RollbackCallers& callers, const std::string& run_id)
      : loop_(loop), journal_(journal), callers_(callers), run_id_(run_id) {}

  // One parent step: `s.before_association_id` is what it replaced, `s.result_association_id` what it left.
  Result<void> undo(const StepRecord& s) {
    auto it = callers_.find(s.account_id);
    caller_ = it == callers_.end() ? nullptr : it->second;
    if (s.operation == kGroupVersionOp) return undo_group(s);
    if (s.operation == kTemplateDefaultOp) return undo_default(s);
    return undo_version(s);
  }

 private:
  StepRecord step(const StepRecord& parent, const char* operation, const std::string& now) const {
    StepRecord s;
    s.run_id = run_id_;
    s.instance_id = parent.instance_id;
    s.account_id = parent.account_id;
    s.region = parent.region;
    s.operation = operation;
    s.before_association_id = now;
    s.target_profile_arn = parent.target_profile_arn;
    return s;
  }

  Result<void> settle(StepRecord s, StepReason reason, std::string why) {
    return journal_settled(journal_, {Settled{std::move(s), StepStatus::kSkipped, reason, std::move(why)}});
  }

  // Journals the intent, runs `call` (returns "" or why it failed, and the request id), records it.
  template <typename Call>
  Result<void> change(const StepRecord& s, const std::string& result, Call call) {
    auto seq = journal_.record_intent(s);
    if (!seq) return fail(seq.error());
    if (caller_ == nullptr) {
      return journal_.record_outcome(run_id_, *seq, StepStatus::kFailed, "",
                                     "no credentials reach account " + s.account_id, "");
    }
    auto [why, request_id] = call();
    return journal_.record_outcome(run_id_, *seq, why.empty() ? StepStatus::kVerified : StepStatus::kFailed, result,
                                   why, request_id);
  }

  Result<void> undo_group(const StepRecord& p) {
    auto g = read_group(loop_, callers_, {p.account_id, p.region, p.instance_id});
    StepRecord s = step(p, kGroupVersionOp, g && g->has_value() ? (*g)->launch_template_version : "");
    if (!g) return settle(s, StepReason::kNone, "cannot read the group: " + g.error().describe());
    if (!g->has_value()) return settle(s, StepReason::kInstanceNotFound, "the group no longer exists");
    const auto& group = **g;
    if (group.launch_template_version == p.before_association_id) {
      return settle(s, StepReason::kAlreadyRestored, "already launches " + p.before_association_id);
    }
    if (group.launch_template_version != p.result_association_id) {
      return settle(s, StepReason::kChangedElsewhere,
                    fmt::format("changed by someone else since the run: launches {} {}, the run left version {}",
                                group.launch_template_id, group.launch_template_version, p.result_association_id));
    }
    return change(s, p.before_association_id, [&]() -> std::pair<std::string, std::string> {
      aws::autoscaling::UpdateAutoScalingGroupRequest request{group.name, group.launch_template_id,
                                                              p.before_association_id, group.mixed_instances_policy};
      auto r = call_and_wait<aws::autoscaling::UpdateAutoScalingGroupResponse>(loop_, [&](auto done) {
        aws::autoscaling::update_auto_scaling_group(*caller_, p.region, request, std::move(done));
      });
      if (!r) return {r.error().describe(), r.error().request_id};
      auto now = read_group(loop_, callers_, {p.account_id, p.region, p.instance_id});
      bool ok = now && now->has_value() && (*now)->launch_template_version == p.before_association_id;
      return {ok ? "" : "the group does not launch " + p.before_association_id + " when read back", r->request_id};
    });
  }

  Result<LiveTemplate> read_live(const StepRecord& p, long long version) {
    return read_template(loop_, callers_, {p.account_id, p.region, p.instance_id}, version);
  }

  Result<void> undo_default(const StepRecord& p) {
    const long long before = version_number(p.before_association_id);
    const long long made = version_number(p.result_association_id);
    auto t = read_live(p, 0);
    StepRecord s = step(p, kTemplateDefaultOp, t ? std::to_string(t->default_version) : "");
    if (!t) return settle(s, StepReason::kNone, "cannot read the template: " + t.error().describe());
    if (t->default_version == before)
      return settle(s, StepReason::kAlreadyRestored, "default already " + p.before_association_id);
    if (before < 1 || t->default_version != made) {
      return settle(s, StepReason::kChangedElsewhere,
                    fmt::format("changed by someone else since the run: the default is {}, the run left {}",
                                t->default_version, p.result_association_id));
    }
    return change(s, p.before_association_id, [&]() -> std::pair<std::string, std::string> {
      aws::ec2::ModifyLaunchTemplateRequest request{p.instance_id, before};
      auto r = call_and_wait<aws::ec2::ModifyLaunchTemplateResponse>(
          loop_, [&](auto done) { aws::ec2::modify_launch_template(*caller_, p.region, request, std::move(done)); });
      if (!r) return {r.error().describe(), r.error().request_id};
      return {r->default_version == before ? "" : fmt::format("the default is {} after the call", r->default_version),
              r->request_id};
    });
  }

  Result<void> undo_version(const StepRecord& p) {
    const long long made = version_number(p.result_association_id);
    auto t = read_live(p, made);
    StepRecord s = step(p, kTemplateVersionDeleteOp, p.result_association_id);
    if (!t) return settle(s, StepReason::kNone, "cannot read the template: " + t.error().describe());
    if (made < 1 || !t->profiles.contains(made)) {
      return settle(s, StepReason::kAlreadyRestored, "the version the run made no longer exists");
    }
    if (t->default_version == made) {
      return settle(s, StepReason::kChangedElsewhere,
                    fmt::format("version {} is the default again (changed since the run): not deleted", made));
    }
    return change(s, "", [&]() -> std::pair<std::string, std::string> {
      aws::ec2::DeleteLaunchTemplateVersionRequest request{p.instance_id, made};
      auto r = call_and_wait<aws::ec2::DeleteLaunchTemplateVersionResponse>(loop_, [&](auto done) {
        aws::ec2::delete_launch_template_version(*caller_, p.region, request, std::move(done));
      });
      if (!r) return {r.error().describe(), r.error().request_id};
      return {r->deleted ? "" : r->error_code + ": " + r->error_message, r->request_id};
    });
  }

  aws::EventLoop& loop_;
  Journal& journal_;
  const RollbackCallers& callers_;
  const std::string& run_id_;
  aws::AwsCaller* caller_ = nullptr;
};

}  // namespace

std::vector<StepRecord> template_steps_to_undo(const std::vector<StepRecord>& steps) {
  std::vector<StepRecord> out;
  for (const auto& s : steps) {
    // A deleted version cannot be made again; a refused or skipped call changed nothing.
    if (!is_template_op(s.operation) || s.operation == kTemplateVersionDeleteOp) continue;
    if (s.status == StepStatus::kFailed || s.status == StepStatus::kSkipped) continue;
    if (s.result_association_id.empty()) continue;  // cut off before AWS answered: nothing known to undo
    // A resumed run journals a step again: keep the last of each.
    std::erase_if(out, [&](const StepRecord& o) {
      return o.operation == s.operation && o.account_id == s.account_id && o.region == s.region &&
             o.instance_id == s.instance_id;
    });
    out.push_back(s);
  }
  return out;
}

Result<void> rollback_templates(aws::EventLoop& loop, Journal& journal, const RollbackCallers& callers,
                                const std::string& run_id, const std::vector<StepRecord>& steps) {
  Undo undo(loop, journal, callers, run_id);
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    if (auto r = undo.undo(*it); !r) return fail(r.error());
  }
  return {};
}

}  // namespace rolecall::remediate

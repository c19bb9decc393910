#include "remediate/template_apply.h"

#include <algorithm>

#include <fmt/format.h>

#include "aws/ops/ec2_launch_template_writes.h"
#include "base/sha256.h"
#include "checks/key_scrub.h"
#include "remediate/settled.h"
#include "remediate/template_live.h"
#include "remediate/template_plan.h"

namespace rolecall::remediate {
namespace {

using TemplateCallers = std::map<std::string, aws::AwsCaller*>;

bool pinned(const GroupLaunch& g) { return !g.version.empty() && g.version[0] != '$'; }

// The last of `prior` with this operation on this resource, or nullptr.
const StepRecord* last_step(const std::vector<StepRecord>& prior, const char* operation, const std::string& account,
                            const std::string& region, const std::string& resource) {
  const StepRecord* out = nullptr;
  for (const auto& s : prior) {
    if (s.operation == operation && s.account_id == account && s.region == region && s.instance_id == resource)
      out = &s;
  }
  return out;
}

// Whether version `v` of `live` is the one `a` makes: it carries the target (when it sets one, else
// the source version's profile, unchanged) and, when it scrubs, exactly the scrubbed user data.
bool is_made_version(const LiveTemplate& live, long long v, const TemplateAction& a) {
  auto p = live.profiles.find(v);
  if (p == live.profiles.end()) return false;
  if (a.target.arn.empty() ? p->second != a.source_profile_arn : !carries_profile(p->second, a.target)) return false;
  if (a.scrub.version > 0) {
    auto u = live.user_data.find(v);
    if (u == live.user_data.end() || base::sha256_hex(u->second) != a.scrub.scrubbed_sha256) return false;
  }
  return true;
}

// One template's steps, in order; stops at the first failure (the rest depend on it).
class TemplateFix {
 public:
  TemplateFix(aws::EventLoop& loop, Journal& journal, const TemplateCallers& callers, const std::string& run_id,
              const TemplateAction& action, const std::vector<StepRecord>& prior, bool approved)
      : loop_(loop),
        journal_(journal),
        callers_(callers),
        run_id_(run_id),
        a_(action),
        prior_(prior),
        approved_(approved) {}

  Result<void> run() {
    auto it = callers_.find(a_.account_id);
    caller_ = it == callers_.end() ? nullptr : it->second;
    if (caller_ == nullptr) {
      StepRecord s = step(kTemplateVersionOp, a_.template_id, std::to_string(a_.source_version));
      auto seq = journal_.record_intent(s);
      if (!seq) return fail(seq.error());
      return outcome(*seq, StepStatus::kFailed, "", "no credentials reach account " + a_.account_id, "");
    }
    auto made = make_version();
    if (!made) return fail(made.error());
    if (*made == 0) return {};
    if (a_.scrub.version > 0 && !approved_) return await_approval(*made);
    auto defaulted = make_default(*made);
    if (!defaulted) return fail(defaulted.error());
    if (!*defaulted) return {};
    for (const auto& g : a_.groups) {
      if (!pinned(g)) continue;  // $Default and $Latest launch the new version already
      if (auto r = move_group(g, *made); !r) return fail(r.error());
    }
    return {};
  }

 private:
  StepRecord step(const char* operation, const std::string& resource, const std::string& before) const {
    StepRecord s;
    s.run_id = run_id_;
    s.instance_id = resource;
    s.account_id = a_.account_id;
    s.region = a_.region;
    s.operation = operation;
    s.before_association_id = before;
    s.target_profile_arn = a_.target.arn;
    return s;
  }

  // The seq of `prior` (a step to finish) or of a new intent.
  Result<std::int64_t> intent(const StepRecord* prior, const StepRecord& fresh) {
    if (prior != nullptr && prior->status == StepStatus::kIntent) return prior->seq;
    return journal_.record_intent(fresh);
  }

  Result<void> outcome(std::int64_t seq, StepStatus status, const std::string& result, const std::string& error,
                       const std::string& request_id, StepReason reason = StepReason::kNone) {
    return journal_.record_outcome(run_id_, seq, status, result, error, request_id, reason);
  }

  Result<LiveTemplate> read_live(long long version) {
    return read_template(loop_, callers_, {a_.account_id, a_.region, a_.template_id}, version);
  }

  // The scrubbed user data, derived again from the source version as it is now; "" and `why` when
  // it cannot be (the version changed since planning, or the scrub no longer gives what was planned).
  std::string derive_scrub(std::string& why) {
    const long long v = a_.source_version;
    auto live = read_live(v);
    if (!live) {
      why = fmt::format("cannot read version {}: {}", v, live.error().describe());
      return {};
    }
    auto data = live->user_data.find(v);
    if (data == live->user_data.end()) {
      why = fmt::format("version {} no longer exists", v);
      return {};
    }
    if (base::sha256_hex(data->second) != a_.scrub.user_data_sha256) {
      why = fmt::format("the user data of version {} changed since planning: plan again", v);
      return {};
    }
    auto scrub = checks::scrub_keys(data->second, {a_.scrub.key_sha256.begin(), a_.scrub.key_sha256.end()});
    if (!scrub) {
      why = "cannot scrub the user data: " + scrub.error().describe();
    } else if (!scrub->blocked.empty()) {
      why = "the credential cannot be removed safely: " + scrub->blocked.front();
    } else if (base::sha256_hex(scrub->user_data) != a_.scrub.scrubbed_sha256) {
      why = "the scrubbed user data differs from the planned one (planned by another rolecall version?): plan again";
    }
    return why.empty() ? scrub->user_data : std::string();
  }

  // Without approval the new version is left for the operator to make the default: said, journaled.
  Result<void> await_approval(long long made) {
    StepRecord s = step(kTemplateDefaultOp, a_.template_id, std::to_string(a_.default_version));
    return journal_settled(
        journal_, {Settled{std::move(s), StepStatus::kSkipped, StepReason::kAwaitingApproval,
                           fmt::format("version {} (without the key) awaits approval to become the default: `rolecall "
                                       "apply --resume {} --make-template-default`",
                                       made, run_id_)}});
  }

  // The new version's number (made now, or by the run before an interruption); 0 when it failed.
  Result<long long> make_version() {
    const StepRecord* prior = last_step(prior_, kTemplateVersionOp, a_.account_id, a_.region, a_.template_id);
    if (prior != nullptr && prior->status == StepStatus::kVerified &&
        version_number(prior->result_association_id) > 0) {
      return version_number(prior->result_association_id);
    }
    long long made = 0;
    std::int64_t seq = 0;
    if (prior != nullptr && (prior->status == StepStatus::kDone || prior->status == StepStatus::kIntent)) {
      seq = prior->seq;
      if (prior->status == StepStatus::kDone) {
        made = version_number(prior->result_association_id);
      } else {
        // Cut off before AWS answered: a version newer than planned that carries the target is the
        // one that call made; otherwise nothing was made and it is made now.
        auto live = read_live(0);
        if (live && live->latest_version > a_.latest_version && is_made_version(*live, live->latest_version, a_)) {
          made = live->latest_version;
          if (auto r = outcome(seq, StepStatus::kDone, std::to_string(made), "", ""); !r) return fail(r.error());
        }
      }
    }
    if (made == 0) {
      StepRecord fresh = step(kTemplateVersionOp, a_.template_id, std::to_string(a_.source_version));
      fresh.before_profile_arn = a_.source_profile_arn;
      auto s = intent(prior, fresh);
      if (!s) return fail(s.error());
      seq = *s;
      aws::ec2::CreateLaunchTemplateVersionRequest request;
      request.template_id = a_.template_id;
      request.source_version = std::to_string(a_.source_version);
      request.profile_arn = a_.target.arn;
      request.description = fmt::format("rolecall run {}: version {}", run_id_, a_.source_version);
      if (!a_.target.arn.empty()) request.description += " with instance profile " + a_.target.name;
      if (a_.scrub.version > 0) {
        std::string why;
        request.user_data = derive_scrub(why);
        if (!why.empty()) {
          if (auto o = outcome(seq, StepStatus::kFailed, "", why, ""); !o) return fail(o.error());
          return 0LL;
        }
        request.description += (a_.target.arn.empty() ? " without " : ", without ") +
                               std::string("the credential lines of a migrated key");
      }
      auto r = call_and_wait<aws::ec2::CreateLaunchTemplateVersionResponse>(loop_, [&](auto done) {
        aws::ec2::create_launch_template_version(*caller_, a_.region, request, std::move(done));
      });
      if (!r) {
        if (auto o = outcome(seq, StepStatus::kFailed, "", r.error().describe(), r.error().request_id); !o)
          return fail(o.error());
        return 0LL;
      }
      made = r->version_number;
      if (auto o = outcome(seq, StepStatus::kDone, std::to_string(made), "", r->request_id); !o) return fail(o.error());
    }
    auto live = read_live(made);
    std::string why;
    if (!live) {
      why = "cannot read the new version back: " + live.error().describe();
    } else if (!is_made_version(*live, made, a_)) {
      why = a_.scrub.version > 0 ? fmt::format("version {} does not carry {} and the scrubbed user data when read back",
                                               made, a_.target.arn.empty() ? "the source's profile" : a_.target.arn)
                                 : fmt::format("version {} does not carry {} when read back", made, a_.target.arn);
    } else if (a_.scrub.version > 0) {
      // The read-back user data holds none of the keys (the digest matched what was derived).
      auto left = checks::scrub_keys(live->user_data[made], {a_.scrub.key_sha256.begin(), a_.scrub.key_sha256.end()});
      if (!left || !left->key_sha256.empty()) why = fmt::format("version {} still holds the key when read back", made);
    }
    if (auto o = outcome(seq, why.empty() ? StepStatus::kVerified : StepStatus::kFailed, std::to_string(made), why, "");
        !o) {
      return fail(o.error());
    }
    return why.empty() ? made : 0LL;
  }

  // ModifyLaunchTemplate to `made`; false when it failed.
  Result<bool> make_default(long long made) {
    const StepRecord* prior = last_step(prior_, kTemplateDefaultOp, a_.account_id, a_.region, a_.template_id);
    if (prior != nullptr && prior->status == StepStatus::kVerified) return true;
    auto seq = intent(prior, step(kTemplateDefaultOp, a_.template_id, std::to_string(a_.default_version)));
    if (!seq) return fail(seq.error());
    aws::ec2::ModifyLaunchTemplateRequest request{a_.template_id, made};
    auto r = call_and_wait<aws::ec2::ModifyLaunchTemplateResponse>(
        loop_, [&](auto done) { aws::ec2::modify_launch_template(*caller_, a_.region, request, std::move(done)); });
    std::string why = !r                           ? r.error().describe()
                      : r->default_version != made ? fmt::format("the default is {} after the call", r->default_version)
                                                   : "";
    if (auto o = outcome(*seq, why.empty() ? StepStatus::kVerified : StepStatus::kFailed, std::to_string(made), why,
                         r ? r->request_id : r.error().request_id);
        !o) {
      return fail(o.error());
    }
    return why.empty();
  }

  // UpdateAutoScalingGroup of a group that pins a version number, to `made`.
  Result<void> move_group(const GroupLaunch& g, long long made) {
    const StepRecord* prior = last_step(prior_, kGroupVersionOp, a_.account_id, a_.region, g.name);
    if (prior != nullptr && prior->status == StepStatus::kVerified) return {};
    auto seq = intent(prior, step(kGroupVersionOp, g.name, g.version));
    if (!seq) return fail(seq.error());
    aws::autoscaling::UpdateAutoScalingGroupRequest request{g.name, a_.template_id, std::to_string(made),
                                                            g.mixed_instances_policy};
    auto r = call_and_wait<aws::autoscaling::UpdateAutoScalingGroupResponse>(loop_, [&](auto done) {
      aws::autoscaling::update_auto_scaling_group(*caller_, a_.region, request, std::move(done));
    });
    std::string why;
    if (!r) {
      why = r.error().describe();
    } else {
      auto found = read_group(loop_, callers_, {a_.account_id, a_.region, g.name});
      if (!found) {
        why = "cannot read the group back: " + found.error().describe();
      } else if (!found->has_value() || (*found)->launch_template_version != std::to_string(made)) {
        why = "the group does not launch version " + std::to_string(made) + " when read back";
      }
    }
    return outcome(*seq, why.empty() ? StepStatus::kVerified : StepStatus::kFailed, std::to_string(made), why,
                   r ? r->request_id : r.error().request_id);
  }

  aws::EventLoop& loop_;
  Journal& journal_;
  const TemplateCallers& callers_;
  const std::string& run_id_;
  const TemplateAction& a_;
  const std::vector<StepRecord>& prior_;
  bool approved_;
  aws::AwsCaller* caller_ = nullptr;
};

}  // namespace

bool is_template_op(const std::string& operation) {
  return operation == kTemplateVersionOp || operation == kTemplateDefaultOp || operation == kGroupVersionOp ||
         operation == kTemplateVersionDeleteOp;
}

std::vector<const TemplateAction*> template_updates(const Plan& plan) {
  std::vector<const TemplateAction*> out;
  for (const auto& t : plan.templates) {
    if (t.kind == TemplateActionKind::kUpdate) out.push_back(&t);
  }
  return out;
}

std::vector<std::string> stale_templates(aws::EventLoop& loop, const TemplateCallers& callers,
                                         const std::vector<const TemplateAction*>& updates) {
  std::set<SourceKey> group_keys;
  std::map<SourceKey, std::set<long long>> template_keys;
  for (const auto* u : updates) {
    template_keys[{u->account_id, u->region, u->template_id}].insert(u->source_version);
    for (const auto& g : u->groups) group_keys.insert({u->account_id, u->region, g.name});
  }
  auto groups = read_groups(loop, callers, group_keys);
  auto templates = read_templates(loop, callers, template_keys);
  std::vector<std::string> out;
  for (const auto* u : updates) {
    const auto& t = templates.at({u->account_id, u->region, u->template_id});
    const std::string name = "launch template " + u->template_id;
    if (!t) {
      out.push_back(name + " (cannot be read: " + t.error().describe() + ")");
      continue;
    }
    if (t->default_version != u->default_version || t->latest_version != u->latest_version) {
      out.push_back(fmt::format("{} (planned with default {} and latest {}, now {} and {})", name, u->default_version,
                                u->latest_version, t->default_version, t->latest_version));
      continue;
    }
    if (u->scrub.version > 0) {
      auto data = t->user_data.find(u->source_version);
      if (data == t->user_data.end() || base::sha256_hex(data->second) != u->scrub.user_data_sha256) {
        out.push_back(fmt::format("{} (the user data of version {} changed since planning)", name, u->source_version));
        continue;
      }
    }
    auto p = t->profiles.find(u->source_version);
    if (p == t->profiles.end() || p->second != u->source_profile_arn) {
      out.push_back(fmt::format("{} (version {} planned with {}, now {})", name, u->source_version,
                                u->source_profile_arn.empty() ? "no profile" : u->source_profile_arn,
                                p == t->profiles.end() ? "missing"
                                : p->second.empty()    ? "no profile"
                                                       : p->second));
      continue;
    }
    for (const auto& g : u->groups) {
      const auto& live = groups.at({u->account_id, u->region, g.name});
      if (!live) {
        out.push_back("Auto Scaling group " + g.name + " (cannot be read: " + live.error().describe() + ")");
      } else if (!live->has_value()) {
        out.push_back("Auto Scaling group " + g.name + " (no longer exists)");
      } else if ((*live)->launch_template_id != u->template_id || (*live)->launch_template_version != g.version) {
        out.push_back(fmt::format(
            "Auto Scaling group {} (planned launching {} {}, now {} {})", g.name, u->template_id, g.version,
            (*live)->launch_template_id.empty() ? (*live)->launch_configuration : (*live)->launch_template_id,
            (*live)->launch_template_version));
      }
    }
  }
  return out;
}

Result<void> fix_templates(aws::EventLoop& loop, Journal& journal, const TemplateCallers& callers,
                           const std::string& run_id, const std::vector<const TemplateAction*>& updates,
                           const std::vector<StepRecord>& prior, bool make_default_approved) {
  for (const auto* u : updates) {
    if (auto r = TemplateFix(loop, journal, callers, run_id, *u, prior, make_default_approved).run(); !r)
      return fail(r.error());
  }
  return {};
}

bool awaits_template_default(const std::vector<const TemplateAction*>& updates, const std::vector<StepRecord>& steps) {
  for (const auto* u : updates) {
    if (u->scrub.version == 0) continue;
    const StepRecord* last = last_step(steps, kTemplateDefaultOp, u->account_id, u->region, u->template_id);
    if (last != nullptr && last->reason == StepReason::kAwaitingApproval) return true;
  }
  return false;
}

}  // namespace rolecall::remediate

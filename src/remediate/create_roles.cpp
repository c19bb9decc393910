// Creating the `rolecall-<user>` roles of a key migration, one after another (each role is a short
// chain of calls; accounts rarely need more than a few).
#include "remediate/create_roles.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "aws/ops/iam_role_changes.h"
#include "aws/ops/iam_roles.h"
#include "base/sync.h"
#include "inventory/iam_reads.h"
#include "remediate/create_profiles.h"
#include "remediate/user_roles.h"

namespace rolecall::remediate {
namespace {

// IAM is eventually consistent: a role just made may read as missing or partial for a few seconds.
constexpr int kRoleVerifyAttempts = 4;
constexpr std::chrono::milliseconds kRoleVerifyInterval{1000};

// One role's creation: journal and calls.
class RoleCreator {
 public:
  RoleCreator(aws::EventLoop& loop, Journal& journal, const std::string& run_id, aws::AwsCaller& caller,
              const RoleToCreate& role, const std::vector<StepRecord>& earlier)
      : loop_(loop), journal_(journal), run_id_(run_id), caller_(caller), role_(role), earlier_(earlier) {}

  // The role's readiness; an error only when the journal fails.
  Result<RoleReadiness> run() {
    if (earlier_done(kVerifyRoleOp, "", StepStatus::kVerified)) return RoleReadiness{};
    auto made = make_role();
    if (!made) return fail(made.error());
    if (!made->why.empty()) return *made;
    for (const auto& p : role_.inline_policies) {
      if (earlier_done(kPutRolePolicyOp, p.name, StepStatus::kDone)) continue;
      auto put = change(kPutRolePolicyOp, p.name, [&](auto done) {
        aws::iam::put_role_policy(caller_, {role_.role_name, p.name, p.document}, std::move(done));
      });
      if (!put) return fail(put.error());
      if (!put->empty()) return RoleReadiness{"inline policy " + p.name + " not put: " + *put, false};
    }
    for (const auto& arn : role_.managed_policy_arns) {
      if (earlier_done(kAttachRolePolicyOp, arn, StepStatus::kDone)) continue;
      auto attached = change(kAttachRolePolicyOp, arn, [&](auto done) {
        aws::iam::attach_role_policy(caller_, {role_.role_name, arn}, std::move(done));
      });
      if (!attached) return fail(attached.error());
      if (!attached->empty()) return RoleReadiness{"policy " + arn + " not attached: " + *attached, false};
    }
    auto seq = intent(kVerifyRoleOp, role_arn_of(role_));
    if (!seq) return fail(seq.error());
    std::string difference = verify();
    for (int attempt = 1; attempt < kRoleVerifyAttempts && !difference.empty(); ++attempt) {
      (void)base::run_sync<bool>(loop_, [&](auto done) {
        loop_.schedule_after(kRoleVerifyInterval, [done = std::move(done)]() mutable { done(true); });
      });
      difference = verify();
    }
    auto r = journal_.record_outcome(run_id_, *seq, difference.empty() ? StepStatus::kVerified : StepStatus::kFailed,
                                     "", difference, "");
    if (!r) return fail(r.error());
    if (!difference.empty()) return RoleReadiness{"role " + role_.role_name + " not as planned: " + difference, false};
    return RoleReadiness{};
  }

 private:
  // Whether this run's journal already has `operation` on `what` ("" any) with `status` or better.
  bool earlier_done(const std::string& operation, const std::string& what, StepStatus status) const {
    return std::any_of(earlier_.begin(), earlier_.end(), [&](const StepRecord& s) {
      return s.account_id == role_.account_id && s.instance_id == role_step_resource(role_.role_name) &&
             s.operation == operation && (what.empty() || s.target_profile_arn == what) &&
             (s.status == status || s.status == StepStatus::kVerified);
    });
  }

  Result<std::int64_t> intent(const std::string& operation, const std::string& what) {
    StepRecord s;
    s.run_id = run_id_;
    s.instance_id = role_step_resource(role_.role_name);
    s.account_id = role_.account_id;
    s.operation = operation;
    s.target_profile_arn = what;
    return journal_.record_intent(s);
  }

  // One journaled mutation; returns "" when done, else why not.
  template <typename Start>
  Result<std::string> change(const std::string& operation, const std::string& what, Start&& start) {
    auto seq = intent(operation, what);
    if (!seq) return fail(seq.error());
    auto r = base::run_sync<aws::iam::RoleChangeResponse>(loop_, std::forward<Start>(start));
    auto out = journal_.record_outcome(run_id_, *seq, r ? StepStatus::kDone : StepStatus::kFailed, "",
                                       r ? "" : r.error().describe(), r ? r->request_id : r.error().request_id);
    if (!out) return fail(out.error());
    return r ? std::string() : r.error().describe();
  }

  // Why an existing role of the name is not this run's ("" when it is: made by this run, EC2-only trust).
  static std::string foreign(const Role& role, const std::string& run_id) {
    if (!made_by_run(role, run_id)) return "it was not made by this run (no rolecall:run-id tag " + run_id + ")";
    if (!same_policy_document(role.trust_policy, user_role_trust_policy())) return "its trust policy was changed";
    return {};
  }

  // CreateRole, or the existing role recognised as this run's. why empty: the role is there.
  Result<RoleReadiness> make_role() {
    const bool maybe_made = std::any_of(earlier_.begin(), earlier_.end(), [&](const StepRecord& s) {
      return s.account_id == role_.account_id && s.instance_id == role_step_resource(role_.role_name) &&
             s.operation == kCreateRoleOp;
    });
    if (maybe_made) {
      // A resume: the call may have gone out before the cut. Look before creating again.
      auto got = base::run_sync<aws::iam::GetRoleResponse>(
          loop_, [&](auto done) { aws::iam::get_role(caller_, {role_.role_name}, std::move(done)); });
      if (got) {
        if (auto why = foreign(got->role, run_id_); !why.empty()) {
          return RoleReadiness{"role " + role_.role_name + " exists and " + why, true};
        }
        return RoleReadiness{};
      }
      if (got.error().kind != ErrorKind::kNotFound) return RoleReadiness{got.error().describe(), false};
    }
    auto seq = intent(kCreateRoleOp, role_arn_of(role_));
    if (!seq) return fail(seq.error());
    aws::iam::CreateRoleRequest request;
    request.role_name = role_.role_name;
    request.assume_role_policy_document = user_role_trust_policy();
    request.description = "rolecall: IAM user " + role_.user + "'s permissions for its instances (key migration)";
    request.permissions_boundary = role_.permissions_boundary_arn;
    request.tags = {{kCreatedByTag, kCreatedByValue}, {kRunIdTag, run_id_}};
    auto created = base::run_sync<aws::iam::CreateRoleResponse>(
        loop_, [&](auto done) { aws::iam::create_role(caller_, request, std::move(done)); });
    if (created) {
      if (auto r = journal_.record_outcome(run_id_, *seq, StepStatus::kDone, "", "", created->request_id); !r)
        return fail(r.error());
      return RoleReadiness{};
    }
    const Error& e = created.error();
    const bool unsure = e.kind == ErrorKind::kNetwork || e.http_status >= 500;
    if (e.code != "EntityAlreadyExists" && !unsure) {
      if (auto r = journal_.record_outcome(run_id_, *seq, StepStatus::kFailed, "", e.describe(), e.request_id); !r)
        return fail(r.error());
      return RoleReadiness{e.describe(), false};
    }
    // It exists (or may): this run's only if it carries this run's tag and the planned trust.
    auto got = base::run_sync<aws::iam::GetRoleResponse>(
        loop_, [&](auto done) { aws::iam::get_role(caller_, {role_.role_name}, std::move(done)); });
    RoleReadiness out;
    if (!got) {
      out.why = got.error().describe();
    } else if (auto why = foreign(got->role, run_id_); !why.empty()) {
      out.why = "role " + role_.role_name + " exists and " + why + ": left alone, not adopted";
      out.blocked = true;
    }
    auto r = journal_.record_outcome(run_id_, *seq,
                                     out.why.empty() ? StepStatus::kDone
                                     : out.blocked   ? StepStatus::kSkipped
                                                     : StepStatus::kFailed,
                                     "", out.why.empty() ? "already existed, made by this run" : out.why, "",
                                     out.blocked ? StepReason::kBlocked : StepReason::kNone);
    if (!r) return fail(r.error());
    return out;
  }

  // The role read back against the plan: "" when equal, else the first difference.
  std::string verify() {
    auto got = inventory::read_role(loop_, caller_, role_.role_name);
    if (!got) return "reading it back: " + got.error().describe();
    if (!*got) return "reading it back: it does not exist";
    const Role& role = **got;
    if (auto why = foreign(role, run_id_); !why.empty()) return why;
    if (role.permissions_boundary_arn != role_.permissions_boundary_arn) {
      return "its permissions boundary (" +
             (role.permissions_boundary_arn.empty() ? "none" : role.permissions_boundary_arn) +
             ") is not the plan's (" + role_.permissions_boundary_arn + ")";
    }
    if (std::set<std::string>(role.attached_policy_arns.begin(), role.attached_policy_arns.end()) !=
        std::set<std::string>(role_.managed_policy_arns.begin(), role_.managed_policy_arns.end())) {
      return "its attached policies differ from the plan's";
    }
    std::map<std::string, const std::string*> have;  // inline policy name -> document
    for (const auto& p : role.inline_policies) have.emplace(p.name, &p.document);
    std::set<std::string> planned;
    for (const auto& p : role_.inline_policies) planned.insert(p.name);
    const bool same_names =
        have.size() == planned.size() &&
        std::all_of(planned.begin(), planned.end(), [&](const auto& n) { return have.contains(n); });
    if (!same_names) return "its inline policies differ from the plan's";
    for (const auto& p : role_.inline_policies) {
      if (!same_policy_document(*have.at(p.name), p.document)) return "its inline policy " + p.name + " differs";
    }
    return {};
  }

  aws::EventLoop& loop_;
  Journal& journal_;
  const std::string& run_id_;
  aws::AwsCaller& caller_;
  const RoleToCreate& role_;
  const std::vector<StepRecord>& earlier_;
};

}  // namespace

std::string role_step_resource(const std::string& role_name) { return "role/" + role_name; }

bool is_role_op(const std::string& operation) {
  return operation == kCreateRoleOp || operation == kPutRolePolicyOp || operation == kAttachRolePolicyOp ||
         operation == kVerifyRoleOp;
}

std::string role_arn_of(const RoleToCreate& role) {
  return "arn:aws:iam::" + role.account_id + ":role/" + role.role_name;
}

ProfileToCreate profile_of(const RoleToCreate& role) {
  return ProfileToCreate{role.account_id, role.role_name, role.role_name, "/"};
}

bool made_by_run(const Role& role, const std::string& run_id) {
  bool ours = false;
  bool run = false;
  for (const auto& t : role.tags) {
    ours |= t.key == kCreatedByTag && t.value == kCreatedByValue;
    run |= t.key == kRunIdTag && t.value == run_id;
  }
  return ours && run;
}

Result<std::map<std::string, RoleReadiness>> create_roles(aws::EventLoop& loop, Journal& journal,
                                                          const std::string& run_id,
                                                          const std::map<std::string, aws::AwsCaller*>& callers,
                                                          const std::vector<RoleToCreate>& roles,
                                                          const std::vector<StepRecord>& earlier) {
  std::map<std::string, RoleReadiness> out;
  for (const auto& role : roles) {
    const std::string key = profile_arn_of(profile_of(role));
    auto it = callers.find(role.account_id);
    if (it == callers.end() || it->second == nullptr) {
      out[key] = {"no credentials reach account " + role.account_id, false};
      continue;
    }
    auto ready = RoleCreator(loop, journal, run_id, *it->second, role, earlier).run();
    if (!ready) return fail(ready.error());
    out[key] = std::move(*ready);
  }
  return out;
}

}  // namespace rolecall::remediate

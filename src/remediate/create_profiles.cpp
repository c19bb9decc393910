// Instance profile creation for `--role NAME --create-profile` plans.
#include "remediate/create_profiles.h"

#include <algorithm>
#include <memory>

#include "aws/ops/iam_instance_profiles.h"
#include "remediate/executor.h"

namespace rolecall::remediate {
namespace {

struct Job {
  ProfileToCreate profile;
  std::string arn;
  aws::AwsCaller* caller = nullptr;
  std::int64_t seq = 0;
};

using Ready = std::map<std::string, std::string>;

struct Context {
  Journal& journal;
  std::string run_id;
  Ready ready;
  std::optional<Error> journal_error;
  void outcome(std::int64_t seq, StepStatus status, const std::string& error, const std::string& request_id) {
    if (auto r = journal.record_outcome(run_id, seq, status, "", error, request_id); !r && !journal_error)
      journal_error = r.error();
  }
  std::optional<std::int64_t> intent(const Job& job, const std::string& operation) {
    StepRecord s;
    s.run_id = run_id;
    s.instance_id = job.profile.profile_name;
    s.account_id = job.profile.account_id;
    s.operation = operation;
    s.target_profile_arn = job.arn;
    auto seq = journal.record_intent(s);
    if (!seq) {
      if (!journal_error) journal_error = seq.error();
      return std::nullopt;
    }
    return *seq;
  }
};

// Whether the profile exists and holds the role (after EntityAlreadyExists / LimitExceeded).
void check_existing(std::shared_ptr<Context> ctx, Job job, std::int64_t seq) {
  aws::iam::get_instance_profile(
      *job.caller, {job.profile.profile_name}, [ctx, job, seq](Result<aws::iam::GetInstanceProfileResponse> r) {
        bool holds = false;
        if (r) {
          for (const auto& role : r->profile.roles) holds |= role.name == job.profile.role_name;
        }
        std::string why = r ? (holds ? "" : "profile exists and holds another role") : r.error().describe();
        ctx->outcome(seq, holds ? StepStatus::kVerified : StepStatus::kFailed, why, "");
        ctx->ready[job.arn] = why;
      });
}

void add_role(std::shared_ptr<Context> ctx, Job job) {
  auto seq = ctx->intent(job, "add-role");
  if (!seq) {
    ctx->ready[job.arn] = "journal error";
    return;
  }
  aws::iam::add_role_to_instance_profile(
      *job.caller, {job.profile.profile_name, job.profile.role_name},
      [ctx, job, s = *seq](Result<aws::iam::AddRoleToInstanceProfileResponse> r) {
        if (r) {
          ctx->outcome(s, StepStatus::kDone, "", r->request_id);
          ctx->ready[job.arn] = "";
        } else if (r.error().code == "LimitExceeded" || r.error().code == "EntityAlreadyExists" ||
                   r.error().kind == ErrorKind::kNetwork || r.error().http_status >= 500) {
          check_existing(ctx, job, s);
        } else {
          ctx->outcome(s, StepStatus::kFailed, r.error().describe(), r.error().request_id);
          ctx->ready[job.arn] = r.error().describe();
        }
      });
}

void create(std::shared_ptr<Context> ctx, Job job) {
  auto seq = ctx->intent(job, "create-profile");
  if (!seq) {
    ctx->ready[job.arn] = "journal error";
    return;
  }
  aws::iam::create_instance_profile(*job.caller, {job.profile.profile_name, job.profile.path},
                                    [ctx, job, s = *seq](Result<aws::iam::CreateInstanceProfileResponse> r) {
                                      if (r || r.error().code == "EntityAlreadyExists") {
                                        ctx->outcome(s, StepStatus::kDone, r ? "" : "already existed", "");
                                        add_role(ctx, job);
                                      } else {
                                        ctx->outcome(s, StepStatus::kFailed, r.error().describe(),
                                                     r.error().request_id);
                                        ctx->ready[job.arn] = r.error().describe();
                                      }
                                    });
}

}  // namespace

std::string profile_arn_of(const ProfileToCreate& profile) {
  std::string path = profile.path.empty() ? "/" : profile.path;
  return "arn:aws:iam::" + profile.account_id + ":instance-profile" + path + profile.profile_name;
}

Result<std::map<std::string, std::string>> create_profiles(aws::EventLoop& loop, Journal& journal,
                                                           const std::string& run_id,
                                                           const std::map<std::string, aws::AwsCaller*>& callers,
                                                           const std::vector<ProfileToCreate>& profiles) {
  auto ctx = std::make_shared<Context>(Context{journal, run_id, {}, std::nullopt});
  for (const auto& p : profiles) {
    Job job{p, profile_arn_of(p), nullptr, 0};
    auto it = callers.find(p.account_id);
    if (it == callers.end() || it->second == nullptr) {
      ctx->ready[job.arn] = "no credentials reach account " + p.account_id;
      continue;
    }
    job.caller = it->second;
    create(ctx, job);
  }
  loop.run();
  if (ctx->journal_error) return fail(*ctx->journal_error);
  for (const auto& p : profiles) {
    if (!ctx->ready.contains(profile_arn_of(p))) ctx->ready[profile_arn_of(p)] = "creation did not complete";
  }
  return ctx->ready;
}

}  // namespace rolecall::remediate

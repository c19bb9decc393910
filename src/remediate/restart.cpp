// Stop/start with state waits, one asynchronous chain per instance.
#include "remediate/restart.h"

#include <memory>

#include <fmt/format.h>

#include "aws/ops/ec2_start_stop.h"
#include "remediate/executor.h"
#include "remediate/settled.h"

namespace rolecall::remediate {
namespace {

struct Shared {
  aws::EventLoop& loop;
  Journal& journal;
  const Callers& callers;
  std::string run_id;
  RestartOptions options;
  LiveReader reader;
  std::optional<Error> journal_error;

  aws::AwsCaller* caller(const std::string& account) const { return caller_for(callers, account); }
  std::int64_t intent(const RestartTarget& t, const std::string& op) {
    StepRecord s;
    s.run_id = run_id;
    s.instance_id = t.instance_id;
    s.account_id = t.account_id;
    s.region = t.region;
    s.operation = op;
    auto seq = journal.record_intent(s);
    if (!seq) {
      if (!journal_error) journal_error = seq.error();
      return 0;
    }
    return *seq;
  }
  void outcome(std::int64_t seq, StepStatus status, const std::string& error, const std::string& request_id) {
    if (seq == 0) return;
    if (auto r = journal.record_outcome(run_id, seq, status, "", error, request_id); !r && !journal_error)
      journal_error = r.error();
  }
};

void transition(std::shared_ptr<Shared> sh, RestartTarget t, bool stopping);

void wait_for(std::shared_ptr<Shared> sh, RestartTarget t, bool stopping, std::int64_t seq, int attempt) {
  sh->reader.read(t.account_id, t.region, t.instance_id, [sh, t, stopping, seq, attempt](Result<LiveInstance> r) {
    const char* want = stopping ? "stopped" : "running";
    if (r && r->state == want) {
      sh->outcome(seq, StepStatus::kVerified, "", "");
      if (stopping) transition(sh, t, false);
      return;
    }
    if (attempt + 1 >= sh->options.wait_attempts) {
      sh->outcome(seq, StepStatus::kFailed,
                  fmt::format("instance did not reach {} (last seen: {})", want, r ? r->state : r.error().describe()),
                  "");
      return;
    }
    sh->loop.schedule_after(sh->options.wait_interval,
                            [sh, t, stopping, seq, attempt] { wait_for(sh, t, stopping, seq, attempt + 1); });
  });
}

void transition(std::shared_ptr<Shared> sh, RestartTarget t, bool stopping) {
  std::int64_t seq = sh->intent(t, stopping ? "stop" : "start");
  if (seq == 0) return;
  aws::AwsCaller* caller = sh->caller(t.account_id);
  if (caller == nullptr) {
    sh->outcome(seq, StepStatus::kFailed, "no credentials reach account " + t.account_id, "");
    return;
  }
  aws::ec2::StartStopRequest req;
  req.instance_ids = {t.instance_id};
  auto done = [sh, t, stopping, seq](Result<aws::ec2::StartStopResponse> r) {
    if (!r) {
      sh->outcome(seq, StepStatus::kFailed, r.error().describe(), r.error().request_id);
      return;
    }
    sh->outcome(seq, StepStatus::kDone, "", r->request_id);
    wait_for(sh, t, stopping, seq, 0);
  };
  if (stopping) {
    aws::ec2::stop_instances(*caller, t.region, req, std::move(done));
  } else {
    aws::ec2::start_instances(*caller, t.region, req, std::move(done));
  }
}

}  // namespace

std::string restart_refusal(const RestartTarget& target) {
  if (target.live.root_device_type == "instance-store") return "instance-store root volume: stopping it loses its data";
  if (!target.live.auto_scaling_group.empty()) {
    return "member of Auto Scaling group " + target.live.auto_scaling_group +
           ": the group may replace a stopped instance";
  }
  return "";
}

Result<void> restart_instances(aws::EventLoop& loop, Journal& journal, const Callers& callers,
                               const std::string& run_id, const std::vector<RestartTarget>& targets,
                               const RestartOptions& options) {
  auto lookup = [&callers](const std::string& a) -> aws::AwsCaller* {
    auto it = callers.find(a);
    return it == callers.end() ? nullptr : it->second;
  };
  auto sh =
      std::make_shared<Shared>(Shared{loop, journal, callers, run_id, options, LiveReader(loop, lookup), std::nullopt});
  std::vector<Settled> refused;
  for (const auto& t : targets) {
    std::string why = options.force ? "" : restart_refusal(t);
    StepReason reason = StepReason::kRestartRefused;
    if (!why.empty()) why += " (--force overrides)";
    if (why.empty() && t.live.state != "running") {
      reason = StepReason::kNotRunning;
      why = "not running (" + t.live.state + "): nothing to restart";
    }
    if (!why.empty()) {
      Settled s;
      s.step.run_id = run_id;
      s.step.instance_id = t.instance_id;
      s.step.account_id = t.account_id;
      s.step.region = t.region;
      s.step.operation = "stop";
      s.reason = reason;
      s.why = "not restarted: " + why;
      refused.push_back(std::move(s));
      continue;
    }
    transition(sh, t, true);
  }
  if (auto r = journal_settled(journal, refused); !r) return r;
  loop.run();
  if (sh->journal_error) return fail(*sh->journal_error);
  return {};
}

}  // namespace rolecall::remediate

// LiveReader: coalesces single-instance reads into filtered describe calls.
#include "remediate/live_state.h"

#include "aws/ops/ec2_instances.h"
#include "aws/ops/ec2_profile_associations.h"

namespace rolecall::remediate {
namespace {

constexpr int kReadAttempts = 4;  // batches re-read after a transient failure, on top of the client's retries

bool transient(const Error& e) {
  return e.kind == ErrorKind::kNetwork || e.kind == ErrorKind::kHttp || e.kind == ErrorKind::kThrottled ||
         (e.kind == ErrorKind::kAws && e.http_status >= 500);
}

// State shared by the two describes of one batch.
struct Batch {
  std::map<std::string, LiveInstance> live;
  std::map<std::string, std::vector<LiveCallback>> callbacks;
  std::optional<Error> error;
  int outstanding = 2;
  std::function<void(std::map<std::string, std::vector<LiveCallback>>)> retry;  // set while retries remain
  void finish_one() {
    if (--outstanding > 0) return;
    if (error && retry && transient(*error)) {
      retry(std::move(callbacks));
      return;
    }
    for (auto& [id, cbs] : callbacks) {
      for (auto& cb : cbs) {
        if (error) {
          cb(fail(*error));
        } else {
          auto it = live.find(id);
          cb(it == live.end() ? LiveInstance{} : it->second);
        }
      }
    }
  }
};

bool active(const std::string& state) { return state == "associating" || state == "associated"; }

void describe_associations(aws::AwsCaller& caller, const std::string& region, std::vector<std::string> ids,
                           std::shared_ptr<Batch> batch) {
  aws::ec2::DescribeProfileAssociationsRequest req;
  if (ids.size() > 5) req.max_results = 1000;
  req.instance_ids = std::move(ids);
  aws::ec2::describe_all_profile_associations(
      caller, region, std::move(req),
      [batch](aws::ec2::DescribeProfileAssociationsResponse&& page) {
        for (auto& a : page.associations) {
          auto& l = batch->live[a.instance_id];
          if (!active(a.state)) continue;  // keep the active one
          l.association_id = a.association_id;
          l.association_state = a.state;
          l.association_profile_arn = a.profile_arn;
        }
      },
      [batch](Result<void> outcome) {
        if (!outcome) batch->error = outcome.error();
        batch->finish_one();
      });
}

}  // namespace

LiveReader::LiveReader(aws::EventLoop& loop, std::function<aws::AwsCaller*(const std::string&)> caller_for)
    : loop_(loop), caller_for_(std::move(caller_for)) {}

void LiveReader::read(const std::string& account, const std::string& region, const std::string& instance_id,
                      LiveCallback done) {
  std::string key = account + "\n" + region;
  auto& p = pending_[key];
  p.waiting[instance_id].push_back(std::move(done));
  if (!p.flush_posted) {
    p.flush_posted = true;
    // A short wait gathers the reads that follow (verifications come back one response at a
    // time) into one batch: a call per 200 instances instead of one per instance, which keeps
    // the read buckets free for the reads that matter.
    loop_.schedule_after(kCoalesce, [this, key] { flush(key); });
  }
}

void LiveReader::flush(const std::string& key) {
  auto node = pending_.extract(key);
  if (node.empty()) return;
  auto newline = key.find('\n');
  std::string account = key.substr(0, newline), region = key.substr(newline + 1);
  auto& waiting = node.mapped().waiting;
  while (!waiting.empty()) {
    std::vector<std::string> ids;
    std::map<std::string, std::vector<LiveCallback>> cbs;
    while (!waiting.empty() && ids.size() < kBatch) {
      auto n = waiting.extract(waiting.begin());
      ids.push_back(n.key());
      cbs.emplace(n.key(), std::move(n.mapped()));
    }
    fetch(account, region, std::move(ids), std::move(cbs), 1);
  }
}

void LiveReader::fetch(const std::string& account, const std::string& region, std::vector<std::string> ids,
                       std::map<std::string, std::vector<LiveCallback>> callbacks, int attempt) {
  aws::AwsCaller* caller = caller_for_(account);
  if (caller == nullptr) {
    for (auto& [id, cbs] : callbacks) {
      for (auto& cb : cbs) cb(fail(ErrorKind::kCredentials, "no credentials reach account " + account));
    }
    return;
  }
  auto batch = std::make_shared<Batch>();
  batch->callbacks = std::move(callbacks);
  if (attempt < kReadAttempts) {
    batch->retry = [this, account, region, ids, attempt](std::map<std::string, std::vector<LiveCallback>> cbs) {
      loop_.schedule_after(std::chrono::milliseconds(100 * attempt),
                           [this, account, region, ids, attempt, cbs = std::move(cbs)]() mutable {
                             fetch(account, region, ids, std::move(cbs), attempt + 1);
                           });
    };
  }
  describe_associations(*caller, region, ids, batch);
  aws::ec2::DescribeInstancesRequest req;
  req.filters.push_back({"instance-id", ids});
  req.max_results = 1000;
  aws::ec2::describe_all_instances(
      *caller, region, req,
      [batch](aws::ec2::DescribeInstancesResponse&& page) {
        for (auto& in : page.instances) {
          if (in.state == "terminated" || in.state == "shutting-down") continue;
          auto& l = batch->live[in.id];
          l.found = true;
          l.state = in.state;
          l.instance_profile_arn = in.profile_arn;
          l.root_device_type = in.root_device_type;
          l.auto_scaling_group = in.tag("aws:autoscaling:groupName");
        }
      },
      [batch](Result<void> r) {
        if (!r) batch->error = r.error();
        batch->finish_one();
      });
}

}  // namespace rolecall::remediate

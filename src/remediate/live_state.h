#pragma once
// Batched reads of instances' live profile state: many callers ask about single instances, and
// one DescribeIamInstanceProfileAssociations + DescribeInstances pair answers up to 200 at a time.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "rolecall/error.h"

namespace rolecall::remediate {

// What AWS says about one instance's profile right now.
struct LiveInstance {
  bool found = false;                // DescribeInstances returned it (not terminated)
  std::string state;                 // instance state name
  std::string instance_profile_arn;  // DescribeInstances IamInstanceProfile.Arn ("" = none)
  std::string association_id;        // the associating/associated association ("" = none)
  std::string association_state;
  std::string association_profile_arn;
  std::string root_device_type;
  std::string auto_scaling_group;  // aws:autoscaling:groupName tag

  // The profile the instance has according to its association ("" when none).
  const std::string& profile() const { return association_profile_arn; }
};

// Completion of one instance read.
using LiveCallback = std::function<void(Result<LiveInstance>)>;

// Reads instances' live state in batches per account+region. Use on the loop thread.
class LiveReader {
 public:
  // `caller_for(account)` returns the caller for an account (nullptr: unreachable account).
  LiveReader(aws::EventLoop& loop, std::function<aws::AwsCaller*(const std::string&)> caller_for);

  // Reads `instance_id` in `account`/`region`; `done` runs on the loop once its batch answers.
  void read(const std::string& account, const std::string& region, const std::string& instance_id, LiveCallback done);

  // Instances per batch (the EC2 filter value limit is 200).
  static constexpr std::size_t kBatch = 200;
  // How long a read waits for others to join its batch.
  static constexpr std::chrono::milliseconds kCoalesce{25};

 private:
  struct Pending {
    std::map<std::string, std::vector<LiveCallback>> waiting;  // instance id -> callers
    bool flush_posted = false;
  };
  void flush(const std::string& key);
  void fetch(const std::string& account, const std::string& region, std::vector<std::string> ids,
             std::map<std::string, std::vector<LiveCallback>> callbacks, int attempt);

  aws::EventLoop& loop_;
  std::function<aws::AwsCaller*(const std::string&)> caller_for_;
  std::map<std::string, Pending> pending_;  // "account\nregion" -> instances waiting
};

}  // namespace rolecall::remediate

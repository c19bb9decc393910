#pragma once
// Executes association changes (associate / replace / disassociate) concurrently on the event
// loop: journal intent (batched, committed) → AWS call → outcome → verify. Calls whose effect is
// unknown (lost response, 5xx, throttled past the retry budget, interrupted run) are reconciled by
// reading the instance: the change is never made twice and never silently lost.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "remediate/journal.h"
#include "remediate/live_state.h"

namespace rolecall::remediate {

// One association change to make.
struct Change {
  std::string instance_id;
  std::string account_id;
  std::string region;
  std::string operation;           // "associate", "replace" or "disassociate"
  std::string before_profile_arn;  // the live association being changed ("" = none)
  std::string before_association_id;
  std::string target_profile_arn;     // "" for disassociate
  bool target_is_new = false;         // the profile was just created: retry InvalidParameterValue a while
  std::int64_t seq = 0;               // journal step when already recorded (resume); 0: record an intent
  bool reconcile_first = false;       // resume: the step has an intent and no outcome: look before acting
  bool verify_only = false;           // resume: AWS accepted it already; only verify
  std::string result_association_id;  // verify_only: the association the call created
};

// The journal step recording `change` in run `run_id` (no outcome yet).
StepRecord intent_step(const std::string& run_id, const Change& change);

// The end of one change.
struct ChangeResult {
  Change change;
  StepStatus status = StepStatus::kFailed;  // kVerified, kFailed or kSkipped
  std::string error;                        // why, when not verified
  std::string association_id;               // the association now in place ("" for disassociate)
};

// Tuning.
struct ExecutorOptions {
  std::size_t max_in_flight = 512;            // mutating calls outstanding at once
  std::size_t max_in_flight_per_bucket = 32;  // ... per EC2 bucket (account, region, operation)
  int verify_attempts = 30;                   // polls before a change is failed as unverified
  std::chrono::milliseconds verify_interval{1000};
  int new_profile_attempts = 20;  // associate retries while a new profile propagates
  std::chrono::milliseconds new_profile_interval{1000};
  int reconcile_attempts = 5;                          // unknown outcomes re-checked then re-sent at most this often
  int throttle_attempts = 40;                          // re-sends after the client's retries gave up on throttling
  std::chrono::milliseconds throttle_backoff{1000};    // first wait before such a re-send (doubles, max 20 s)
  std::function<void(const ChangeResult&)> on_result;  // progress, optional
};

// Runs changes for one journaled run. Use on the loop thread; the object must outlive run().
class ChangeExecutor {
 public:
  ChangeExecutor(aws::EventLoop& loop, Journal& journal, LiveReader& reader,
                 std::function<aws::AwsCaller*(const std::string&)> caller_for, std::string run_id,
                 ExecutorOptions options);
  ~ChangeExecutor();
  ChangeExecutor(const ChangeExecutor&) = delete;
  ChangeExecutor& operator=(const ChangeExecutor&) = delete;

  // Starts `changes`; `done` gets every result (in input order) once all are final, or the first
  // journal error (changes then stop being sent; what was sent is reconciled by resume).
  void run(std::vector<Change> changes, std::function<void(Result<std::vector<ChangeResult>>)> done);

 private:
  struct Item;
  void pump();
  void send(std::size_t index);
  void on_call(std::size_t index, Result<std::string> association_id, const Error* error);
  void reconcile(std::size_t index);
  void verify(std::size_t index, int attempt);
  void finish(std::size_t index, StepStatus status, std::string error);
  void outcome(std::size_t index, StepStatus status, const std::string& error, const std::string& request_id);
  void flush_outcomes();
  void maybe_done();

  aws::EventLoop& loop_;
  Journal& journal_;
  LiveReader& reader_;
  std::function<aws::AwsCaller*(const std::string&)> caller_for_;
  std::string run_id_;
  ExecutorOptions options_;
  std::vector<Item> items_;
  // Items waiting to be sent, per EC2 token bucket (account, region, operation), each taken from
  // the back: a bucket that is being throttled must not hold up the others.
  struct Bucket {
    std::vector<std::size_t> queue;
    std::size_t in_flight = 0;
  };
  void enqueue(std::size_t index);
  Bucket& bucket_of(std::size_t index);
  std::map<std::string, Bucket> buckets_;
  std::size_t in_flight_ = 0;
  std::size_t finished_ = 0;
  std::vector<StepOutcome> outcomes_;
  bool flush_posted_ = false;
  std::optional<Error> journal_error_;
  bool reported_ = false;
  std::function<void(Result<std::vector<ChangeResult>>)> done_;
};

}  // namespace rolecall::remediate

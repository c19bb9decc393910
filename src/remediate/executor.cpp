// ChangeExecutor: the per-instance state machine of apply and rollback.
#include "remediate/executor.h"

#include <algorithm>

#include <fmt/format.h>

#include "aws/ops/ec2_profile_associations.h"

namespace rolecall::remediate {

struct ChangeExecutor::Item {
  Change change;
  ChangeResult result;
  int reconciles = 0;
  int new_profile_tries = 0;
  int throttles = 0;
  std::string last_error;  // the call's error, reported when reconciling shows nothing happened
  bool retryable = true;   // whether that error is worth sending again
  std::string request_id;
  bool final = false;
};

namespace {

// An error after which AWS may or may not have made the change: look before acting again.
bool outcome_unknown(const Error& e) {
  switch (e.kind) {
    case ErrorKind::kNetwork:
    case ErrorKind::kHttp:
    case ErrorKind::kThrottled:
    case ErrorKind::kInternal: return true;
    case ErrorKind::kAws:
      // IncorrectState / InvalidAssociationID.NotFound after a retried request: the first attempt
      // may have landed.
      return e.http_status >= 500 || e.code == "IncorrectState" || e.code == "InvalidAssociationID.NotFound" ||
             e.code == "MalformedRequest";
    default: return e.code == "InvalidAssociationID.NotFound";
  }
}

std::string describe_live(const LiveInstance& l) {
  if (!l.found) return "instance not found";
  return l.association_profile_arn.empty() ? std::string("no profile") : l.association_profile_arn;
}

}  // namespace

StepRecord intent_step(const std::string& run_id, const Change& change) {
  StepRecord s;
  s.run_id = run_id;
  s.instance_id = change.instance_id;
  s.account_id = change.account_id;
  s.region = change.region;
  s.operation = change.operation;
  s.before_profile_arn = change.before_profile_arn;
  s.before_association_id = change.before_association_id;
  s.target_profile_arn = change.target_profile_arn;
  return s;
}

ChangeExecutor::ChangeExecutor(aws::EventLoop& loop, Journal& journal, LiveReader& reader,
                               std::function<aws::AwsCaller*(const std::string&)> caller_for, std::string run_id,
                               ExecutorOptions options)
    : loop_(loop),
      journal_(journal),
      reader_(reader),
      caller_for_(std::move(caller_for)),
      run_id_(std::move(run_id)),
      options_(std::move(options)) {}

ChangeExecutor::~ChangeExecutor() = default;

void ChangeExecutor::run(std::vector<Change> changes, std::function<void(Result<std::vector<ChangeResult>>)> done) {
  done_ = std::move(done);
  items_.clear();
  items_.reserve(changes.size());
  for (auto& c : changes) {
    Item item;
    item.result.change = c;
    item.change = std::move(c);
    items_.push_back(std::move(item));
  }
  for (std::size_t i = items_.size(); i-- > 0;) {
    const auto& c = items_[i].change;
    if (c.verify_only) {
      items_[i].result.association_id = c.result_association_id;
      verify(i, 0);
    } else if (c.reconcile_first) {
      reconcile(i);
    } else {
      enqueue(i);  // taken from the back: input order
    }
  }
  pump();
  maybe_done();
}

ChangeExecutor::Bucket& ChangeExecutor::bucket_of(std::size_t index) {
  const Change& c = items_[index].change;
  return buckets_[c.account_id + '\n' + c.region + '\n' + c.operation];
}

void ChangeExecutor::enqueue(std::size_t index) { bucket_of(index).queue.push_back(index); }

void ChangeExecutor::pump() {
  if (journal_error_) return;
  std::size_t room = options_.max_in_flight > in_flight_ ? options_.max_in_flight - in_flight_ : 0;
  std::vector<std::size_t> batch;
  // One item per bucket per pass, so every bucket starts at once and spends its own burst.
  std::map<const Bucket*, std::size_t> taken;
  for (bool progress = true; progress && room > 0;) {
    progress = false;
    for (auto& [key, b] : buckets_) {
      if (room == 0) break;
      if (b.queue.empty() || b.in_flight + taken[&b] >= std::max<std::size_t>(1, options_.max_in_flight_per_bucket))
        continue;
      batch.push_back(b.queue.back());
      b.queue.pop_back();
      ++taken[&b];
      --room;
      progress = true;
    }
  }
  if (batch.empty()) return;
  std::vector<StepRecord> intents;
  std::vector<std::size_t> need;
  for (auto i : batch) {
    const auto& c = items_[i].change;
    if (c.seq != 0) continue;
    intents.push_back(intent_step(run_id_, c));
    need.push_back(i);
  }
  auto seqs = journal_.record_intents(intents);  // committed before any of these calls is sent
  if (!seqs) {
    journal_error_ = seqs.error();
    for (auto i : batch) finish(i, StepStatus::kFailed, "not sent: " + seqs.error().describe());
    for (auto& [key, b] : buckets_) {
      for (auto i : b.queue) finish(i, StepStatus::kFailed, "not sent: " + seqs.error().describe());
      b.queue.clear();
    }
    return;
  }
  for (std::size_t k = 0; k < need.size(); ++k) items_[need[k]].change.seq = (*seqs)[k];
  for (auto i : batch) send(i);
}

void ChangeExecutor::send(std::size_t index) {
  const Change& c = items_[index].change;
  aws::AwsCaller* caller = caller_for_(c.account_id);
  if (caller == nullptr) {
    finish(index, StepStatus::kFailed, "no credentials reach account " + c.account_id);
    return;
  }
  ++in_flight_;
  ++bucket_of(index).in_flight;
  auto on_done = [this, index](Result<aws::ec2::ProfileAssociationResponse> r) {
    --in_flight_;
    --bucket_of(index).in_flight;
    if (r) {
      items_[index].request_id = r->request_id;
      on_call(index, r->association.association_id, nullptr);
    } else {
      items_[index].request_id = r.error().request_id;
      on_call(index, std::string(), &r.error());
    }
    pump();
    maybe_done();
  };
  if (c.operation == "associate") {
    aws::ec2::AssociateProfileRequest req{c.instance_id, {c.target_profile_arn, {}}, false};
    aws::ec2::associate_profile(*caller, c.region, req, std::move(on_done));
  } else if (c.operation == "replace") {
    aws::ec2::ReplaceProfileRequest req{c.before_association_id, {c.target_profile_arn, {}}, false};
    aws::ec2::replace_profile(*caller, c.region, req, std::move(on_done));
  } else {
    aws::ec2::DisassociateProfileRequest req{c.before_association_id, false};
    aws::ec2::disassociate_profile(*caller, c.region, req, std::move(on_done));
  }
}

void ChangeExecutor::on_call(std::size_t index, Result<std::string> association_id, const Error* error) {
  Item& item = items_[index];
  if (error == nullptr) {
    item.result.association_id = item.change.operation == "disassociate" ? std::string() : *association_id;
    outcome(index, StepStatus::kDone, "", item.request_id);
    verify(index, 0);
    return;
  }
  if (error->code == "InvalidParameterValue" && item.change.target_is_new &&
      ++item.new_profile_tries < options_.new_profile_attempts) {
    // A new instance profile takes a few seconds to become usable by EC2.
    loop_.schedule_after(options_.new_profile_interval, [this, index] {
      enqueue(index);
      pump();
    });
    return;
  }
  if (error->kind == ErrorKind::kThrottled && ++item.throttles <= options_.throttle_attempts) {
    // Throttled requests were refused before EC2 acted: wait (the limiter has learned the rate) and resend.
    auto wait = options_.throttle_backoff * (1 << std::min(item.throttles - 1, 5));
    loop_.schedule_after(std::min<std::chrono::milliseconds>(wait, std::chrono::milliseconds(20000)), [this, index] {
      enqueue(index);
      pump();
    });
    return;
  }
  // Any other error: look first. A retried request can fail although an earlier attempt landed
  // (lost response, then InvalidAssociationID.NotFound / IncorrectState on the retry).
  item.last_error = error->describe();
  item.retryable = outcome_unknown(*error);
  reconcile(index);
}

void ChangeExecutor::reconcile(std::size_t index) {
  Item& item = items_[index];
  ++item.reconciles;
  reader_.read(item.change.account_id, item.change.region, item.change.instance_id,
               [this, index](Result<LiveInstance> r) {
                 Item& it = items_[index];
                 const Change& c = it.change;
                 if (!r) {
                   finish(index, StepStatus::kFailed,
                          "outcome unknown and the instance could not be read: " + r.error().describe());
                   return;
                 }
                 if (!r->found) {
                   finish(index, StepStatus::kFailed, "instance not found (terminated?)");
                   return;
                 }
                 if (r->profile() == c.target_profile_arn) {
                   it.result.association_id = r->association_id;
                   outcome(index, StepStatus::kDone, "", it.request_id);
                   verify(index, 0);
                 } else if (r->profile() == c.before_profile_arn && !it.retryable) {
                   finish(index, StepStatus::kFailed, it.last_error);
                 } else if (r->profile() == c.before_profile_arn && it.reconciles <= options_.reconcile_attempts) {
                   if (c.operation != "associate") it.change.before_association_id = r->association_id;
                   enqueue(index);  // the call did not take effect: send it again under the same intent
                   pump();
                 } else if (r->profile() == c.before_profile_arn) {
                   finish(index, StepStatus::kFailed,
                          fmt::format("not applied after {} attempts: {}", it.reconciles, it.last_error));
                 } else {
                   finish(index, StepStatus::kFailed,
                          fmt::format("changed by someone else: instance now has {}", describe_live(*r)));
                 }
                 maybe_done();
               });
}

void ChangeExecutor::verify(std::size_t index, int attempt) {
  const Change& c = items_[index].change;
  reader_.read(c.account_id, c.region, c.instance_id, [this, index, attempt](Result<LiveInstance> r) {
    const Change& ch = items_[index].change;
    bool ok = false;
    std::string why;
    if (!r) {
      why = "could not read the instance: " + r.error().describe();
    } else if (!r->found) {
      finish(index, StepStatus::kFailed, "instance not found while verifying");
      maybe_done();
      return;
    } else if (ch.target_profile_arn.empty()) {
      ok = r->association_id.empty() && r->instance_profile_arn.empty();
      why = fmt::format("association {} ({}) still present; instance reports {}", r->association_id,
                        r->association_state, r->instance_profile_arn.empty() ? "no profile" : r->instance_profile_arn);
    } else {
      ok = r->association_state == "associated" && r->association_profile_arn == ch.target_profile_arn &&
           r->instance_profile_arn == ch.target_profile_arn;
      why = fmt::format("association state '{}' for '{}'; instance reports '{}'", r->association_state,
                        r->association_profile_arn, r->instance_profile_arn);
    }
    if (ok) {
      if (r && !r->association_id.empty()) items_[index].result.association_id = r->association_id;
      finish(index, StepStatus::kVerified, "");
    } else if (attempt + 1 >= options_.verify_attempts) {
      finish(index, StepStatus::kFailed, fmt::format("did not verify after {} checks: {}", attempt + 1, why));
    } else {
      loop_.schedule_after(options_.verify_interval, [this, index, attempt] { verify(index, attempt + 1); });
    }
    maybe_done();
  });
}

void ChangeExecutor::finish(std::size_t index, StepStatus status, std::string error) {
  Item& item = items_[index];
  if (item.final) return;
  item.final = true;
  item.result.status = status;
  item.result.error = std::move(error);
  item.result.change = item.change;
  if (item.change.seq != 0) outcome(index, status, item.result.error, item.request_id);
  ++finished_;
  if (options_.on_result) options_.on_result(item.result);
}

void ChangeExecutor::outcome(std::size_t index, StepStatus status, const std::string& error,
                             const std::string& request_id) {
  const Item& item = items_[index];
  outcomes_.push_back(StepOutcome{run_id_, item.change.seq, status, item.result.association_id, error, request_id});
  if (!flush_posted_) {
    flush_posted_ = true;
    loop_.post([this] {
      flush_outcomes();
      maybe_done();
    });
  }
}

void ChangeExecutor::flush_outcomes() {
  flush_posted_ = false;
  if (outcomes_.empty()) return;
  auto r = journal_.record_outcomes(outcomes_);
  if (r) {
    outcomes_.clear();
  } else if (!journal_error_) {
    journal_error_ = r.error();  // kept, and written with the next flush: a change that landed is journaled
  }
}

void ChangeExecutor::maybe_done() {
  if (reported_ || finished_ < items_.size() || flush_posted_) return;
  flush_outcomes();
  reported_ = true;
  if (journal_error_) {
    done_(fail(*journal_error_));
    return;
  }
  std::vector<ChangeResult> results;
  results.reserve(items_.size());
  for (auto& item : items_) results.push_back(item.result);
  done_(std::move(results));
}

}  // namespace rolecall::remediate

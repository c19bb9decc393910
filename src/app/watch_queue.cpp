// `rolecall watch --queue`: changes read from an SQS queue fed by EventBridge (docs/watch.md).
#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "app/watch_sources.h"
#include "aws/ops/sqs_messages.h"
#include "aws/session.h"
#include "base/sync.h"
#include "inventory/queue_events.h"

namespace rolecall {
namespace {

// At most this many messages per poll, one audit: when changes arrive fast, an audit's fixed cost
// is spread over more of them. SQS hands out 10 a call; after the long poll, the rest are received
// kWatchQueueParallel calls at a time, and deleted as many batches at a time.
constexpr std::size_t kWatchQueueMessages = 500;
constexpr std::size_t kWatchQueueParallel = 10;

using ReceiveOutcome = Result<std::vector<aws::sqs::QueueMessage>>;

// Starts `count` calls at once (`start(i, done)` sends the i-th) and runs the session's loop until
// all have answered; their outcomes in order, kInternal for one the loop finished without.
template <typename T, typename Start>
std::vector<Result<T>> run_together(aws::Session& session, std::size_t count, Start start) {
  std::vector<std::optional<Result<T>>> outcomes(count);
  for (std::size_t i = 0; i < count; ++i) start(i, [&outcomes, i](Result<T> r) { outcomes[i].emplace(std::move(r)); });
  session.loop().run();
  std::vector<Result<T>> out;
  out.reserve(count);
  for (auto& o : outcomes) {
    out.push_back(o ? std::move(*o) : Result<T>(fail(ErrorKind::kInternal, "event loop finished without an answer")));
  }
  return out;
}

// Deletes the messages whose receipt handles are `receipts`, ten a call, all calls at once.
void delete_watch_messages(aws::Session& session, aws::AwsCaller& client, const std::string& url,
                           const std::string& region, const std::vector<std::string>& receipts,
                           const std::function<void(const std::string&)>& note) {
  using Outcome = Result<aws::sqs::DeleteMessageBatchResponse>;
  std::vector<aws::sqs::DeleteMessageBatchRequest> requests;
  for (std::size_t start = 0; start < receipts.size(); start += 10) {
    aws::sqs::DeleteMessageBatchRequest& request =
        requests.emplace_back(aws::sqs::DeleteMessageBatchRequest{region, url, {}});
    for (std::size_t i = start; i < std::min(receipts.size(), start + 10); ++i)
      request.entries.emplace_back(fmt::format("m{}", i), receipts[i]);
  }
  const std::vector<Outcome> outcomes = run_together<aws::sqs::DeleteMessageBatchResponse>(
      session, requests.size(),
      [&](std::size_t i, auto done) { aws::sqs::delete_message_batch(client, requests[i], std::move(done)); });
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const std::size_t n = requests[i].entries.size();
    if (!outcomes[i]) {
      note(fmt::format("cannot delete {} message(s) from {}: {} (they will be received again)", n, url,
                       outcomes[i].error().describe()));
    } else if (const auto& failed = outcomes[i]->failed; !failed.empty()) {
      note(fmt::format("{} message(s) not deleted from {}: {} {} (they will be received again)", failed.size(), url,
                       failed.front().code, failed.front().message));
    }
  }
}

}  // namespace

ChangePoller queue_change_poller(aws::Session& session, std::string queue_url, std::string region,
                                 std::chrono::seconds wait, std::chrono::seconds visibility,
                                 std::function<void(const std::string&)> note) {
  std::shared_ptr<aws::AwsCaller> client = session.client(session.credentials(), "queue");
  return [&session, client, url = std::move(queue_url), region = std::move(region), wait, visibility,
          note = std::move(note)](std::chrono::system_clock::time_point) {
    PolledChanges out;
    std::vector<aws::sqs::QueueMessage> messages;
    aws::sqs::ReceiveMessageRequest request;
    request.region = region;
    request.queue_url = url;
    request.wait_seconds = static_cast<int>(std::min<long long>(wait.count(), aws::sqs::kMaxWaitSeconds));
    request.visibility_timeout = static_cast<int>(visibility.count());
    // The long poll first; while every answer is full, more at once without waiting.
    std::size_t calls = 1;
    std::optional<Error> read_error;
    while (calls > 0) {
      std::vector<ReceiveOutcome> received = run_together<std::vector<aws::sqs::QueueMessage>>(
          session, calls,
          [&](std::size_t, auto done) { aws::sqs::receive_message(*client, request, std::move(done)); });
      request.wait_seconds = 0;
      bool all_full = true;
      for (auto& r : received) {
        if (!r) {
          if (!read_error) read_error = r.error();
          all_full = false;
          continue;
        }
        all_full = all_full && r->size() >= static_cast<std::size_t>(aws::sqs::kMaxReceiveMessages);
        for (auto& m : *r) messages.push_back(std::move(m));
      }
      const std::size_t room = kWatchQueueMessages > messages.size() ? kWatchQueueMessages - messages.size() : 0;
      calls =
          all_full ? std::min(kWatchQueueParallel, room / static_cast<std::size_t>(aws::sqs::kMaxReceiveMessages)) : 0;
    }
    if (read_error) {
      note(fmt::format("cannot read queue {}: {}", url, read_error->describe()));
      out.failed = messages.empty();
    }
    std::size_t invalid = 0;
    std::string first_problem;
    std::vector<std::string> receipts;
    for (const auto& m : messages) {
      receipts.push_back(m.receipt_handle);
      inventory::QueueEvent parsed = inventory::parse_queue_event(m.body);
      if (parsed.kind == inventory::QueueEventKind::kChange) out.events.push_back(std::move(parsed.event));
      if (parsed.kind == inventory::QueueEventKind::kInvalid && invalid++ == 0) first_problem = parsed.problem;
    }
    if (invalid > 0) {
      note(fmt::format(
          "ignored and deleted {} message(s) that are not EventBridge CloudTrail API call events (first: {})", invalid,
          first_problem));
    }
    std::stable_sort(out.events.begin(), out.events.end(),
                     [](const auto& a, const auto& b) { return a.event_time < b.event_time; });
    out.acknowledge = [&session, client, url, region, note, receipts = std::move(receipts)] {
      delete_watch_messages(session, *client, url, region, receipts, note);
    };
    return out;
  };
}

}  // namespace rolecall

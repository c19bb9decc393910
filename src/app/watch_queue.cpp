// `rolecall watch --queue`: changes read from an SQS queue fed by EventBridge (docs/watch.md).
#include <algorithm>

#include <fmt/format.h>

#include "app/watch_sources.h"
#include "aws/ops/sqs_messages.h"
#include "aws/session.h"
#include "base/sync.h"
#include "inventory/queue_events.h"

namespace rolecall {
namespace {

// At most this many ReceiveMessage pages per poll: one audit covers up to 100 messages.
constexpr int kWatchQueuePages = 10;

// Deletes the messages whose receipt handles are `receipts`, ten a call.
void delete_watch_messages(aws::Session& session, aws::AwsCaller& client, const std::string& url,
                           const std::string& region, const std::vector<std::string>& receipts,
                           const std::function<void(const std::string&)>& note) {
  for (std::size_t start = 0; start < receipts.size(); start += 10) {
    aws::sqs::DeleteMessageBatchRequest request{region, url, {}};
    for (std::size_t i = start; i < std::min(receipts.size(), start + 10); ++i)
      request.entries.emplace_back(fmt::format("m{}", i), receipts[i]);
    auto deleted = base::run_sync<aws::sqs::DeleteMessageBatchResponse>(
        session.loop(), [&](std::function<void(Result<aws::sqs::DeleteMessageBatchResponse>)> done) {
          aws::sqs::delete_message_batch(client, request, std::move(done));
        });
    if (!deleted) {
      note(fmt::format("cannot delete {} message(s) from {}: {} (they will be received again)", request.entries.size(),
                       url, deleted.error().describe()));
    } else if (!deleted->failed.empty()) {
      note(fmt::format("{} message(s) not deleted from {}: {} {} (they will be received again)", deleted->failed.size(),
                       url, deleted->failed.front().code, deleted->failed.front().message));
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
    for (int page = 0; page < kWatchQueuePages; ++page) {
      aws::sqs::ReceiveMessageRequest request;
      request.region = region;
      request.queue_url = url;
      request.wait_seconds = page == 0 ? static_cast<int>(std::min<long long>(wait.count(), 20)) : 0;
      request.visibility_timeout = static_cast<int>(visibility.count());
      auto received = base::run_sync<std::vector<aws::sqs::QueueMessage>>(
          session.loop(), [&](std::function<void(Result<std::vector<aws::sqs::QueueMessage>>)> done) {
            aws::sqs::receive_message(*client, request, std::move(done));
          });
      if (!received) {
        note(fmt::format("cannot read queue {}: {}", url, received.error().describe()));
        out.failed = messages.empty();
        break;
      }
      const bool full = received->size() >= aws::sqs::kMaxReceiveMessages;
      for (auto& m : *received) messages.push_back(std::move(m));
      if (!full) break;
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

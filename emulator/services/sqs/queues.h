#pragma once
// SQS queues' state, apart from the estate and its lock: a queue's own mutex and condition
// variable, so ReceiveMessage's long poll waits without holding Core::mutex and a SendMessage (or
// an EventBridge event, --event-queue) wakes it.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace rolecall::emulator::sqs {

using SqsTime = std::chrono::system_clock::time_point;

// One message: its body, and while in flight, the receipt handle of its last receive.
struct SqsMessage {
  std::string id;  // MessageId
  std::string body;
  std::string md5;      // MD5OfMessageBody, hex
  std::string receipt;  // the last ReceiveMessage's handle ("" never received)
  SqsTime visible_at;   // invisible until then (in flight, or DelaySeconds)
  SqsTime sent;
  int receive_count = 0;
};

// One queue, named by (region, account id, name).
struct SqsQueue {
  std::string region;
  std::string account_id;
  std::string name;
  int visibility_timeout = 30;  // VisibilityTimeout attribute, seconds
  SqsTime created;
  std::deque<SqsMessage> messages;
};

// A message ReceiveMessage hands out.
struct ReceivedMessage {
  std::string id;
  std::string receipt;
  std::string md5;
  std::string body;
};

// Every queue; each method takes the queues' own lock.
class SqsQueues {
 public:
  using Key = std::tuple<std::string, std::string, std::string>;  // region, account id, name

  // Creates the queue, or returns false when it exists already (CreateQueue is idempotent).
  bool create(const Key& key, int visibility_timeout, SqsTime now);
  bool exists(const Key& key) const;
  // Appends a message (MD5 of `body` computed here); false when there is no such queue.
  bool send(const Key& key, std::string id, std::string body, SqsTime now, std::chrono::seconds delay = {});
  // Up to `max` visible messages, made invisible for `visibility` (the queue's when nullopt), each
  // with a fresh receipt handle; waits up to `wait` (real time) for one to arrive, reading `now` for
  // visibility. nullopt when the queue does not exist (or was purged away while waiting).
  std::optional<std::vector<ReceivedMessage>> receive(const Key& key, int max, std::optional<int> visibility,
                                                      std::chrono::seconds wait, const std::function<SqsTime()>& now);
  // Deletes the message whose current receipt is `receipt`; true when the queue exists (a stale
  // receipt deletes nothing, as SQS answers it). nullopt: no such queue.
  std::optional<bool> remove(const Key& key, const std::string& receipt);
  // (visible, in flight, delayed) at `now`; nullopt when no such queue.
  std::optional<std::tuple<std::size_t, std::size_t, std::size_t>> counts(const Key& key, SqsTime now) const;
  std::optional<SqsQueue> describe(const Key& key) const;  // the queue without its messages
  bool purge(const Key& key);

 private:
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::map<Key, SqsQueue> queues_;
  std::mt19937_64 receipts_{std::random_device{}()};  // receipt handles, under mutex_
};

// MD5 of `text`, lowercase hex (SQS's MD5OfMessageBody, which the AWS SDKs verify).
std::string sqs_md5_hex(const std::string& text);

// Whether `receipt` has the shape of a receipt handle this emulator hands out.
bool sqs_receipt_shaped(const std::string& receipt);

}  // namespace rolecall::emulator::sqs

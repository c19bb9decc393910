#include "emulator/services/sqs/queues.h"

#include <algorithm>

#include <fmt/format.h>
#include <openssl/evp.h>

namespace rolecall::emulator::sqs {

std::string sqs_md5_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_md5(), nullptr);
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

bool sqs_receipt_shaped(const std::string& receipt) {
  return receipt.starts_with("rc-") && receipt.size() > 36 && receipt.size() < 1024;
}

bool SqsQueues::create(const Key& key, int visibility_timeout, SqsTime now) {
  std::lock_guard lock(mutex_);
  if (queues_.contains(key)) return false;
  SqsQueue q;
  std::tie(q.region, q.account_id, q.name) = key;
  q.visibility_timeout = visibility_timeout;
  q.created = now;
  queues_.emplace(key, std::move(q));
  return true;
}

bool SqsQueues::exists(const Key& key) const {
  std::lock_guard lock(mutex_);
  return queues_.contains(key);
}

bool SqsQueues::send(const Key& key, std::string id, std::string body, SqsTime now, std::chrono::seconds delay) {
  {
    std::lock_guard lock(mutex_);
    auto it = queues_.find(key);
    if (it == queues_.end()) return false;
    SqsMessage m;
    m.id = std::move(id);
    m.md5 = sqs_md5_hex(body);
    m.body = std::move(body);
    m.visible_at = now + delay;
    m.sent = now;
    it->second.messages.push_back(std::move(m));
  }
  arrived_.notify_all();
  return true;
}

std::optional<std::vector<ReceivedMessage>> SqsQueues::receive(const Key& key, int max, std::optional<int> visibility,
                                                               std::chrono::seconds wait,
                                                               const std::function<SqsTime()>& now) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  std::unique_lock lock(mutex_);
  for (;;) {
    auto it = queues_.find(key);
    if (it == queues_.end()) return std::nullopt;
    std::vector<ReceivedMessage> out;
    const SqsTime t = now();
    const auto hidden_for = std::chrono::seconds(visibility.value_or(it->second.visibility_timeout));
    for (auto& m : it->second.messages) {
      if (static_cast<int>(out.size()) >= max) break;
      if (m.visible_at > t) continue;
      m.receipt = "rc-" + m.id + "-" + fmt::format("{:016x}{:016x}", receipts_(), receipts_());
      m.visible_at = t + hidden_for;
      ++m.receive_count;
      out.push_back({m.id, m.receipt, m.md5, m.body});
    }
    if (!out.empty() || std::chrono::steady_clock::now() >= deadline) return out;
    // Woken by a send; a message whose visibility timeout runs out sends no signal, so look again
    // at least every 200 ms.
    arrived_.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(200)));
  }
}

std::optional<bool> SqsQueues::remove(const Key& key, const std::string& receipt) {
  std::lock_guard lock(mutex_);
  auto it = queues_.find(key);
  if (it == queues_.end()) return std::nullopt;
  auto& messages = it->second.messages;
  auto m = std::find_if(messages.begin(), messages.end(), [&](const SqsMessage& x) { return x.receipt == receipt; });
  if (m == messages.end()) return false;
  messages.erase(m);
  return true;
}

std::optional<std::tuple<std::size_t, std::size_t, std::size_t>> SqsQueues::counts(const Key& key, SqsTime now) const {
  std::lock_guard lock(mutex_);
  auto it = queues_.find(key);
  if (it == queues_.end()) return std::nullopt;
  std::size_t visible = 0, in_flight = 0, delayed = 0;
  for (const auto& m : it->second.messages) {
    if (m.visible_at <= now) {
      ++visible;
    } else if (m.receive_count > 0) {
      ++in_flight;
    } else {
      ++delayed;
    }
  }
  return std::tuple{visible, in_flight, delayed};
}

std::optional<SqsQueue> SqsQueues::describe(const Key& key) const {
  std::lock_guard lock(mutex_);
  auto it = queues_.find(key);
  if (it == queues_.end()) return std::nullopt;
  SqsQueue q = it->second;
  q.messages.clear();
  return q;
}

bool SqsQueues::purge(const Key& key) {
  std::lock_guard lock(mutex_);
  auto it = queues_.find(key);
  if (it == queues_.end()) return false;
  it->second.messages.clear();
  return true;
}

}  // namespace rolecall::emulator::sqs

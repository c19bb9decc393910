#include "aws/http/curl_loop.h"

#include <curl/curl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <stdexcept>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "aws/http/curl_easy_setup.h"
#include "base/thread_count.h"

namespace rolecall::aws {
namespace {

constexpr long kMaxPollMs = 1000;    // upper bound on one wait, so a lost wakeup costs at most this
constexpr unsigned kMaxWorkers = 4;  // parsing threads
constexpr int kMaxEvents = 256;      // socket events taken per wait

CURLM* as_multi(void* p) { return static_cast<CURLM*>(p); }
CURL* as_easy(void* p) { return static_cast<CURL*>(p); }

Error cancelled() { return Error::cancelled("HTTP request cancelled: event loop destroyed"); }

}  // namespace

struct CurlLoop::Transfer {
  curl_detail::Exchange exchange;
  HttpCallback done;
  std::string origin;
};

CurlLoop::CurlLoop(HttpOptions options) : options_(std::move(options)) {
  curl_detail::ensure_global_init();
  options_.max_per_host = std::max(1L, options_.max_per_host);
  options_.max_in_flight = std::max(1L, options_.max_in_flight);
  multi_ = curl_multi_init();
  if (multi_ == nullptr) throw std::runtime_error("curl_multi_init failed");  // out of memory: an invariant
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.fd = wake_fd_;
  if (epoll_fd_ < 0 || wake_fd_ < 0 || ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake) != 0) {
    // Out of descriptors while setting up: an invariant, like curl_multi_init failing.
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
    curl_multi_cleanup(as_multi(multi_));
    throw std::runtime_error("epoll_create1/eventfd failed");
  }
  // curl's socket interface: curl says which sockets to watch and when its timers are due, and is
  // driven only for the sockets that are ready. (curl_multi_perform visits, and polls, every
  // transfer on every wakeup: with hundreds in flight that was most of the client's CPU.)
  curl_multi_setopt(as_multi(multi_), CURLMOPT_SOCKETFUNCTION, &CurlLoop::on_socket);
  curl_multi_setopt(as_multi(multi_), CURLMOPT_SOCKETDATA, static_cast<void*>(this));
  curl_multi_setopt(as_multi(multi_), CURLMOPT_TIMERFUNCTION, &CurlLoop::on_timer);
  curl_multi_setopt(as_multi(multi_), CURLMOPT_TIMERDATA, static_cast<void*>(this));
  // The cap is rolecall's, per pool (HttpRequest::pool), enforced before a transfer reaches curl;
  // several pools may share one host, so curl's own per-host cap stays off.
  curl_multi_setopt(as_multi(multi_), CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
  curl_multi_setopt(as_multi(multi_), CURLMOPT_MAXCONNECTS,
                    std::max(options_.max_cached_connections, options_.max_per_host));
  curl_multi_setopt(as_multi(multi_), CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_NOTHING));
}

CurlLoop::~CurlLoop() {
  worker_.reset();  // first: a task still running posts back into this loop
  cancel_all();
  for (void* easy : idle_easy_) curl_easy_cleanup(as_easy(easy));
  curl_multi_cleanup(as_multi(multi_));  // may still call on_socket: the descriptors close after
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

int CurlLoop::on_socket(void* /*easy*/, int fd, int what, void* self, void* /*socket_data*/) {
  auto* loop = static_cast<CurlLoop*>(self);
  if (what == CURL_POLL_REMOVE) {
    auto it = loop->armed_.find(fd);
    if (it != loop->armed_.end()) it->second.parked = true;  // stays in the epoll set: see armed_
    return 0;
  }
  std::uint32_t events = 0;
  if ((what & CURL_POLL_IN) != 0) events |= EPOLLIN;
  if ((what & CURL_POLL_OUT) != 0) events |= EPOLLOUT;
  loop->watch(fd, events);
  return 0;
}

void CurlLoop::watch(int fd, std::uint32_t events) {
  epoll_event event{};
  event.events = events;
  event.data.fd = fd;
  auto [it, fresh] = armed_.try_emplace(fd, Armed{events, false});
  if (fresh) {
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0 && errno == EEXIST) {
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event);
    }
    return;
  }
  it->second.parked = false;
  if (it->second.events == events) return;  // a kept connection's next request: armed already
  it->second.events = events;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event) != 0 && errno == ENOENT) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
  }
}

bool CurlLoop::drop_parked(int fd) {
  auto it = armed_.find(fd);
  if (it == armed_.end() || !it->second.parked) return false;
  // An idle kept connection became readable (the server closed it): out of the set, so the wait
  // does not return for it again; curl finds the connection dead if it ever tries it.
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  armed_.erase(it);
  return true;
}

// curl's open and close callbacks, with the exact types curl calls them with.
struct CurlLoopSockets {
  static curl_socket_t open(void* self, curlsocktype /*purpose*/, curl_sockaddr* address) {
    const int fd = ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
    // A descriptor number seen before belonged to a socket since closed: forget what it was armed for.
    if (fd >= 0) static_cast<CurlLoop*>(self)->armed_.erase(fd);
    return fd >= 0 ? fd : CURL_SOCKET_BAD;
  }
  static int close(void* self, curl_socket_t fd) {
    static_cast<CurlLoop*>(self)->armed_.erase(fd);  // closing drops it from the epoll set too
    return ::close(fd);
  }
};

int CurlLoop::on_timer(void* /*multi*/, long timeout_ms, void* self) {
  auto* loop = static_cast<CurlLoop*>(self);
  if (timeout_ms < 0) {
    loop->curl_due_.reset();
  } else {
    loop->curl_due_ = loop->clock_.monotonic() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

void CurlLoop::wake() {
  const std::uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof(one));
}

void CurlLoop::drive_curl(int fd, int events) {
  int still_running = 0;
  curl_multi_socket_action(as_multi(multi_), fd, events, &still_running);
}

void CurlLoop::cancel_all() {
  closing_ = true;
  std::vector<HttpCallback> orphans;
  for (auto& [easy, transfer] : active_) {
    curl_multi_remove_handle(as_multi(multi_), as_easy(easy));
    curl_easy_cleanup(as_easy(easy));
    orphans.push_back(std::move(transfer->done));
  }
  active_.clear();
  for (auto& [origin, queue] : waiting_) {
    for (auto& transfer : queue) orphans.push_back(std::move(transfer->done));
  }
  waiting_.clear();
  per_host_.clear();
  in_flight_ = 0;
  for (auto& done : orphans) {
    if (done) done(fail(cancelled()));
  }
}

void CurlLoop::post(std::function<void()> fn) {
  bool waiting = false;
  {
    std::lock_guard lock(mu_);
    posted_.push_back(std::move(fn));
    waiting = std::exchange(waiting_on_epoll_, false);
  }
  // Only a wait under way needs interrupting: otherwise the loop sees posted_ before it waits.
  if (waiting) wake();
}

void CurlLoop::schedule_after(std::chrono::milliseconds delay, std::function<void()> fn) {
  bool waiting = false;
  {
    std::lock_guard lock(mu_);
    timers_.emplace(TimerKey{clock_.monotonic() + std::max(delay, std::chrono::milliseconds(0)), timer_seq_++},
                    std::move(fn));
    waiting = std::exchange(waiting_on_epoll_, false);
  }
  // A wait already under way may be waiting past this timer's due time.
  if (waiting) wake();
}

size_t CurlLoop::queued_requests() const {
  size_t n = 0;
  for (const auto& [origin, queue] : waiting_) n += queue.size();
  return n;
}

size_t CurlLoop::parked_connections() const {
  return static_cast<size_t>(
      std::count_if(armed_.begin(), armed_.end(), [](const auto& a) { return a.second.parked; }));
}

void CurlLoop::send(HttpRequest request, HttpCallback done) {
  if (closing_) {
    if (done) done(fail(cancelled()));
    return;
  }
  if (running_ && std::this_thread::get_id() != loop_thread_) {
    // The multi handle belongs to the loop thread: hop over.
    auto shared = std::make_shared<std::pair<HttpRequest, HttpCallback>>(std::move(request), std::move(done));
    post([this, shared] { send(std::move(shared->first), std::move(shared->second)); });
    return;
  }
  auto transfer = std::make_unique<Transfer>();
  transfer->exchange.request = std::move(request);
  transfer->done = std::move(done);
  const HttpRequest& sent = transfer->exchange.request;
  transfer->origin = sent.pool.empty() ? curl_detail::origin_of(sent.url) : sent.pool;
  start(std::move(transfer));
}

void* CurlLoop::take_easy() {
  if (!idle_easy_.empty()) {
    void* easy = idle_easy_.back();
    idle_easy_.pop_back();
    return easy;
  }
  return curl_easy_init();
}

void CurlLoop::release_easy(void* easy) {
  // As many as can be in flight: a handle freed and made again costs curl's buffers each time,
  // and completions come in bursts larger than any smaller pool.
  if (idle_easy_.size() < static_cast<std::size_t>(options_.max_in_flight)) {
    idle_easy_.push_back(easy);
  } else {
    curl_easy_cleanup(as_easy(easy));
  }
}

void CurlLoop::start(std::unique_ptr<Transfer> transfer) {
  auto pool = per_host_.find(transfer->origin);
  if ((pool != per_host_.end() && pool->second >= options_.max_per_host) || in_flight_ >= options_.max_in_flight) {
    waiting_[transfer->origin].push_back(std::move(transfer));
    return;
  }
  // Failures are reported through post() so `done` never runs inside send().
  auto reject = [this](std::unique_ptr<Transfer> t, Error error) {
    auto shared = std::shared_ptr<Transfer>(std::move(t));
    post([shared, error = std::move(error)] { shared->done(fail(error)); });
  };
  void* easy = take_easy();
  if (easy == nullptr) {
    reject(std::move(transfer), Error::network("curl_easy_init failed"));
    return;
  }
  if (auto configured = curl_detail::configure(as_easy(easy), transfer->exchange, options_); !configured) {
    release_easy(easy);
    reject(std::move(transfer), configured.error());
    return;
  }
  // Every socket opened and closed through this loop, so armed_ knows each descriptor's life.
  curl_easy_setopt(as_easy(easy), CURLOPT_OPENSOCKETFUNCTION, &CurlLoopSockets::open);
  curl_easy_setopt(as_easy(easy), CURLOPT_OPENSOCKETDATA, static_cast<void*>(this));
  curl_easy_setopt(as_easy(easy), CURLOPT_CLOSESOCKETFUNCTION, &CurlLoopSockets::close);
  curl_easy_setopt(as_easy(easy), CURLOPT_CLOSESOCKETDATA, static_cast<void*>(this));
  if (CURLMcode code = curl_multi_add_handle(as_multi(multi_), as_easy(easy)); code != CURLM_OK) {
    release_easy(easy);
    reject(std::move(transfer), Error::network(fmt::format("curl_multi_add_handle: {}", curl_multi_strerror(code))));
    return;
  }
  ++per_host_[transfer->origin];
  ++in_flight_;
  active_.emplace(easy, std::move(transfer));
}

void CurlLoop::start_waiting() {
  // Pools below their own cap take turns for the free slots, one request each per round, from
  // where the last round stopped: while the global cap binds, a region whose request just finished
  // does not take the slot back ahead of regions that have waited, so no backlog holds every slot.
  bool started = true;
  while (started && in_flight_ < options_.max_in_flight && !waiting_.empty()) {
    started = false;
    auto it = waiting_.upper_bound(next_pool_);
    for (std::size_t visited = 0, pools = waiting_.size();
         visited < pools && !waiting_.empty() && in_flight_ < options_.max_in_flight; ++visited) {
      if (it == waiting_.end()) it = waiting_.begin();
      auto pool = per_host_.find(it->first);
      if (pool == per_host_.end() || pool->second < options_.max_per_host) {
        auto next = std::move(it->second.front());
        it->second.pop_front();
        next_pool_ = it->first;
        it = it->second.empty() ? waiting_.erase(it) : std::next(it);
        start(std::move(next));
        started = true;
      } else {
        ++it;
      }
    }
  }
}

void CurlLoop::complete(void* easy, int code) {
  auto it = active_.find(easy);
  if (it == active_.end()) return;
  std::unique_ptr<Transfer> transfer = std::move(it->second);
  active_.erase(it);
  curl_multi_remove_handle(as_multi(multi_), as_easy(easy));
  Result<HttpResponse> result = curl_detail::finish(as_easy(easy), static_cast<CURLcode>(code), transfer->exchange);
  release_easy(easy);
  if (--per_host_[transfer->origin] <= 0) per_host_.erase(transfer->origin);
  --in_flight_;
  start_waiting();
  transfer->done(std::move(result));
}

bool CurlLoop::run_posted() {
  std::vector<std::function<void()>> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(posted_);
  }
  for (auto& fn : batch) fn();
  return !batch.empty();
}

bool CurlLoop::run_due_timers() {
  bool ran = false;
  const auto now = clock_.monotonic();
  for (;;) {
    std::function<void()> fn;
    {
      std::lock_guard lock(mu_);
      auto it = timers_.begin();
      if (it == timers_.end() || it->first.first > now) break;
      fn = std::move(it->second);
      timers_.erase(it);
    }
    fn();
    ran = true;
  }
  return ran;
}

bool CurlLoop::idle() {
  std::lock_guard lock(mu_);
  return posted_.empty() && timers_.empty() && active_.empty() && waiting_.empty() && offloaded_.load() == 0;
}

void CurlLoop::offload(std::function<void()> work, std::function<void()> then) {
  // One parsing thread per core: at the end of a large scan pages arrive faster than one thread
  // parses them, and the loop thread has little else to do.
  if (!worker_) worker_ = std::make_unique<base::Worker>(base::default_thread_count(kMaxWorkers));
  ++offloaded_;
  worker_->submit([this, work = std::move(work), then = std::move(then)]() mutable {
    work();
    // Counted down on the loop thread, once `then` is about to run: until then run() keeps going.
    post([this, then = std::move(then)] {
      --offloaded_;
      then();
    });
  });
}

long CurlLoop::wait_budget_ms() {
  long budget = kMaxPollMs;
  const auto now = clock_.monotonic();
  if (curl_due_) {
    auto ms = std::chrono::ceil<std::chrono::milliseconds>(*curl_due_ - now).count();
    budget = std::min(budget, std::max(0L, static_cast<long>(ms)));
  }
  std::lock_guard lock(mu_);
  if (!posted_.empty()) return 0;
  if (!timers_.empty()) {
    auto until = timers_.begin()->first.first - now;
    // Round up so we do not wake a hair early and spin.
    auto ms = std::chrono::ceil<std::chrono::milliseconds>(until).count();
    budget = std::min(budget, std::max(0L, static_cast<long>(ms)));
  }
  // Set under the lock that post() takes: a post after this point sees it and wakes the wait.
  waiting_on_epoll_ = budget > 0;
  return budget;
}

bool CurlLoop::collect_finished() {
  // Collect first: completing removes handles, which invalidates curl's message structs.
  std::vector<std::pair<void*, int>> finished;
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(as_multi(multi_), &left)) {
    if (msg->msg == CURLMSG_DONE) finished.emplace_back(msg->easy_handle, static_cast<int>(msg->data.result));
  }
  for (auto [easy, code] : finished) complete(easy, code);
  return !finished.empty();
}

void CurlLoop::run() {
  loop_thread_ = std::this_thread::get_id();
  running_ = true;
  epoll_event events[kMaxEvents];
  for (;;) {
    run_posted();
    run_due_timers();
    if (curl_due_ && *curl_due_ <= clock_.monotonic()) {
      curl_due_.reset();
      drive_curl(CURL_SOCKET_TIMEOUT, 0);
    }
    const bool finished = collect_finished();
    if (idle()) break;
    if (finished) continue;  // callbacks may have started transfers: drive them first
    const long budget = wait_budget_ms();
    int n = ::epoll_wait(epoll_fd_, events, kMaxEvents, static_cast<int>(budget));
    {
      std::lock_guard lock(mu_);
      waiting_on_epoll_ = false;
    }
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == wake_fd_) {
        std::uint64_t count = 0;
        [[maybe_unused]] ssize_t r = ::read(wake_fd_, &count, sizeof(count));
        continue;
      }
      if (drop_parked(fd)) continue;
      const std::uint32_t ready = events[i].events;
      int action = 0;
      if ((ready & (EPOLLIN | EPOLLHUP)) != 0) action |= CURL_CSELECT_IN;
      if ((ready & EPOLLOUT) != 0) action |= CURL_CSELECT_OUT;
      if ((ready & EPOLLERR) != 0) action |= CURL_CSELECT_ERR;
      drive_curl(fd, action);
    }
  }
  running_ = false;
}

}  // namespace rolecall::aws

// Emulator: estate setup, the HTTP front end (cpp-httplib) and the fault-shaped response writing.
#include "emulator/emulator.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include <sys/socket.h>

#include <fmt/format.h>
#include <httplib.h>

#include "base/redact.h"
#include "emulator/estate/estate_io.h"
#include "emulator/estate/scaling.h"
#include "emulator/server/admin.h"
#include "emulator/server/auth.h"
#include "emulator/server/dispatch.h"
#include "emulator/server/http_server.h"
#include "emulator/server/thread_pool.h"
#include "emulator/services/cloudtrail/trail_files.h"
#include "emulator/services/imds/imds.h"
#include "emulator/services/s3/buckets.h"
#include "emulator/services/sqs/event_queue.h"
#include "emulator/truth/truth.h"

namespace rolecall::emulator {

class EmulatorImpl {
 public:
  Core core;
  Dispatcher dispatcher{core};
  HttpServer server;
  std::thread thread;
  int port = 0;
  std::atomic<bool> listen_returned{false};  // the accept loop ended (set by the server thread)
  std::mutex stop_mutex;
  std::condition_variable stopped_cv;
  bool stopped = false;
  // The instant the trail's files are cut at: --trail-bucket's objects and write_trail_files must
  // agree byte for byte, and event times are relative to it (a second apart shifts every file).
  TimePoint trail_time;  // set once by create()

  // Swaps in `estate` (unique lock); `as_loaded` also makes it the reset target.
  void install(Estate estate, bool as_loaded) {
    TimePoint now = core.now();
    for (auto& account : estate.accounts) {
      for (auto& [region, data] : account.regions) {
        for (auto& instance : data.instances) {
          if (instance.state == "terminated") instance.terminated_at = now;
        }
      }
    }
    std::unique_lock lock(core.mutex);
    if (as_loaded) core.loaded = estate;
    core.estate = std::move(estate);
    core.sessions.clear();
    dispatcher.reset_limits();
  }

  // POST /_emulator/scale: one Auto Scaling replacement (emulator/estate/scaling.h), as a request of its own.
  Result<nlohmann::json> scale(const nlohmann::json& body) {
    auto field = [&body](const char* key) {
      auto it = body.find(key);
      return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    std::string account = field("account"), region = field("region"), group = field("group");
    if (account.empty() || region.empty() || group.empty())
      return fail(ErrorKind::kInvalidArgument, "scale needs \"account\", \"region\" and \"group\" strings");
    std::unique_lock lock(core.mutex);
    auto done = replace_group_instance(core.estate, account, region, group, ++core.seq, core.now(), core.rng);
    if (!done) return fail(done.error());
    nlohmann::json out = {{"group", group}, {"terminated", done->terminated}, {"launched", done->launched}};
    if (!done->template_id.empty()) {
      out["launch_template"] = {{"id", done->template_id}, {"version", done->template_version}};
    }
    return out;
  }

  static aws::HttpRequest to_request(const httplib::Request& req, std::string body) {
    aws::HttpRequest request;
    request.method = req.method;
    request.url = "http://" + req.get_header_value("Host") + req.target;
    request.headers.reserve(req.headers.size());
    for (const auto& [name, value] : req.headers) request.headers.push_back({name, value});
    request.body = std::move(body);
    return request;
  }

  // A body over max_body_bytes (httplib skipped it and set 413): the service's own error shape.
  void reject_body(const httplib::Request& req, httplib::Response& res, std::size_t cap) {
    int status = res.status > 0 ? res.status : 400;
    aws::HttpRequest request = to_request(req, {});
    std::string request_id = make_request_id(core.request_id_salt, ++core.seq);
    ApiError error =
        status == 413 ? ApiError{413, "RequestEntityTooLarge", fmt::format("Request body exceeds {} bytes", cap), true}
                      : ApiError{400, "MalformedRequest", "The request body could not be read", true};
    WireResponse response = render_error(request_service(request), error, request_id);
    res.status = response.status;
    for (const auto& [name, value] : response.headers) res.set_header(name, value);
    res.set_content(std::move(response.body), response.content_type);
  }

  void serve(const httplib::Request& req, httplib::Response& res, std::string request_body) {
    aws::HttpRequest request = to_request(req, std::move(request_body));
    DispatchOutcome outcome = dispatcher.handle(request, req.remote_addr);
    if (outcome.latency_ms > 0)
      std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(outcome.latency_ms));
    if (core.options.log) {
      auto auth = aws::sigv4::parse_authorization(request);
      core.options.log(fmt::format("{} {} [{}] key={} region={} -> {} {}", req.method, req.path, outcome.summary,
                                   auth ? base::redact_key_id(auth->access_key_id) : "-", auth ? auth->region : "-",
                                   outcome.response.status,
                                   outcome.response.headers.empty() ? "" : outcome.response.headers.front().second));
    }
    res.status = outcome.response.status;
    for (const auto& [name, value] : outcome.response.headers) res.set_header(name, value);
    auto body = std::make_shared<std::string>(std::move(outcome.response.body));
    const std::string content_type = outcome.response.content_type;
    switch (outcome.fault) {
      case Fault::kReset:
        res.set_header("Connection", "close");
        res.set_content_provider(body->size(), content_type,
                                 [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
        return;
      case Fault::kTruncate:
        res.set_header("Connection", "close");
        res.set_content_provider(body->size(), content_type,
                                 [body](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                   if (offset >= body->size() / 2) return false;
                                   sink.write(body->data() + offset, body->size() / 2 - offset);
                                   return true;
                                 });
        return;
      case Fault::kSlow: {
        int slow_ms = core.options.faults.slow_ms;
        res.set_content_provider(body->size(), content_type,
                                 [body, slow_ms](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                   // The head goes out before the first pause (the stream holds it).
                                   if (offset == 0 && !sink.is_writable()) return false;
                                   std::size_t slice = std::max<std::size_t>(1, body->size() / 10 + 1);
                                   std::this_thread::sleep_for(std::chrono::milliseconds(slow_ms / 10));
                                   sink.write(body->data() + offset, std::min(slice, body->size() - offset));
                                   return true;
                                 });
        return;
      }
      default: res.set_content(std::move(*body), content_type);
    }
  }
};

namespace {

// Pending connections the kernel queues for accept (capped by net.core.somaxconn).
constexpr int kListenBacklog = 1024;

std::string error_code_for_status(int status) {
  switch (status) {
    case 413: return "RequestEntityTooLarge";
    case 414: return "RequestURITooLarge";
    case 404: return "NotFound";
    default: return "MalformedRequest";
  }
}

}  // namespace

Result<std::unique_ptr<Emulator>> Emulator::start(const EmulatorOptions& options) {
  auto impl = std::make_unique<EmulatorImpl>();
  Core& core = impl->core;
  core.options = options;
  std::random_device rd;
  core.rng.seed((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
  core.request_id_salt = core.rng();
  core.token_key = random_string(core, "0123456789abcdef", 32);

  nlohmann::json estate_json;
  if (options.estate && options.generate) {
    return fail(ErrorKind::kInvalidArgument, "give either an estate or a generator spec, not both");
  }
  if (options.generate) {
    GeneratedEstate generated = generate_estate(*options.generate);
    estate_json = std::move(generated.estate);
  } else if (options.estate) {
    estate_json = *options.estate;
  } else {
    return fail(ErrorKind::kInvalidArgument, "no estate: give an estate file or a generator spec");
  }
  auto estate = load_estate_json(estate_json);
  if (!estate) return fail(estate.error());
  impl->install(std::move(*estate), true);
  impl->trail_time = impl->core.now();
  if (!options.trail_bucket.empty()) {
    auto bucket = s3::trail_bucket(impl->core.estate, impl->trail_time, options.trail_bucket);
    if (!bucket) return fail(bucket.error());
    impl->core.s3_buckets.emplace(options.trail_bucket, std::move(*bucket));
  }
  if (!options.event_queue.empty()) {
    auto spec = sqs::parse_event_queue_spec(options.event_queue);
    if (!spec) return fail(spec.error());
    if (spec->account >= impl->core.estate.accounts.size()) {
      return fail(ErrorKind::kInvalidArgument, fmt::format("--event-queue '{}': the estate has {} account(s)",
                                                           options.event_queue, impl->core.estate.accounts.size()));
    }
    sqs::SqsQueues::Key key{spec->region, impl->core.estate.accounts[spec->account].id, spec->name};
    impl->core.sqs_queues.create(key, 30, impl->core.now());
    impl->core.event_queue = std::move(key);
  }
  for (const auto& [name, dir] : options.bucket_dirs) {
    auto bucket = s3::directory_bucket(name, dir, impl->core.now());
    if (!bucket) return fail(bucket.error());
    impl->core.s3_buckets.insert_or_assign(name, std::move(*bucket));
  }

  EmulatorImpl* self = impl.get();
  int threads = std::max(2, options.threads);
  impl->server.new_task_queue = [threads] { return new ElasticThreadPool(static_cast<std::size_t>(threads)); };
  impl->server.set_payload_max_length(std::max(options.max_body_bytes, options.max_object_bytes));
  impl->server.set_keep_alive_max_count(1000000);
  impl->server.set_idle_timeout(options.keep_alive);
  impl->server.set_read_timeout(10);
  impl->server.set_tcp_nodelay(true);
  impl->server.set_error_handler([self](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    // Errors httplib raises itself (a URI over its limit, an unreadable request): the service's shape.
    ApiError error{res.status, error_code_for_status(res.status), fmt::format("HTTP {}", res.status), true};
    std::string request_id = make_request_id(self->core.request_id_salt, ++self->core.seq);
    WireResponse response = render_error(request_service(EmulatorImpl::to_request(req, {})), error, request_id);
    for (const auto& [name, value] : response.headers) res.set_header(name, value);
    res.set_content(std::move(response.body), response.content_type);
  });
  AdminHooks hooks{[self] {
                     std::shared_lock lock(self->core.mutex);
                     return dump_estate_json(self->core.estate, ++self->core.seq, self->core.now(),
                                             self->core.options.terminated_visibility);
                   },
                   [self](const nlohmann::json& doc) -> Result<void> {
                     auto loaded = load_estate_json(doc);
                     if (!loaded) return fail(loaded.error());
                     self->install(std::move(*loaded), true);
                     return {};
                   },
                   [self] {
                     Estate copy;
                     {
                       std::shared_lock lock(self->core.mutex);
                       copy = self->core.loaded;
                     }
                     self->install(std::move(copy), false);
                   },
                   [self] {
                     std::shared_lock lock(self->core.mutex);
                     return truth::compute_truth(self->core.estate, ++self->core.seq, self->core.now());
                   },
                   [self](const nlohmann::json& body) { return self->scale(body); }};
  auto admin = [self, hooks](const httplib::Request& req, httplib::Response& res) {
    handle_admin(self->core.options.admin_token, hooks, req, res);
  };
  auto api = [self](const httplib::Request& req, httplib::Response& res) { self->serve(req, res, req.body); };
  // API POSTs read their body through a content reader: httplib's buffered path caps
  // form-urlencoded bodies at CPPHTTPLIB_FORM_URL_ENCODED_PAYLOAD_MAX_LENGTH (8 KiB, compiled into
  // Debian's library), far below what AWS accepts; this path honours only max_body_bytes.
  // Bodies are capped per method: S3's PUT carries objects (max_object_bytes), the others a request
  // (max_body_bytes); httplib's own limit is the larger of the two.
  auto read_body = [self](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read,
                          std::size_t cap) {
    std::string body;
    bool over = false;
    bool complete = read([&body, &over, cap](const char* data, std::size_t length) {
      if (body.size() + length > cap) {
        over = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    if (over) res.status = 413;
    if (!complete || over) return self->reject_body(req, res, cap);
    self->serve(req, res, std::move(body));
  };
  auto api_post = [self, read_body](const httplib::Request& req, httplib::Response& res,
                                    const httplib::ContentReader& read) {
    read_body(req, res, read, self->core.options.max_body_bytes);
  };
  auto api_put = [self, read_body](const httplib::Request& req, httplib::Response& res,
                                   const httplib::ContentReader& read) {
    read_body(req, res, read, self->core.options.max_object_bytes);
  };
  impl->server.Get(R"(/_emulator/(.*))", admin);
  impl->server.Post(R"(/_emulator/(.*))", admin);
  if (options.imds) {
    auto imds = [self](const httplib::Request& req, httplib::Response& res) {
      imds::ImdsRequest request{req.method, req.matches[1], req.matches[2],
                                req.get_header_value("X-aws-ec2-metadata-token"),
                                req.get_header_value("X-aws-ec2-metadata-token-ttl-seconds")};
      imds::ImdsReply reply = imds::serve_imds(self->core, request);
      res.status = reply.status;
      for (const auto& [name, value] : reply.headers) res.set_header(name, value);
      res.set_content(std::move(reply.body), reply.content_type);
    };
    impl->server.Get(R"(/_imds/(i-[0-9a-f]+)/(.*))", imds);
    impl->server.Put(R"(/_imds/(i-[0-9a-f]+)/(.*))", imds);
  }
  impl->server.Get(R"(.*)", api);
  // Content-reader routes are matched before the buffered ones: leave /_emulator/ to the admin and
  // /_imds/ to the metadata service.
  impl->server.Post(R"((?!/_emulator/).*)", api_post);
  impl->server.Put(R"((?!/_emulator/|/_imds/).*)", api_put);
  impl->server.Delete(R"((?!/_emulator/).*)", api);

  // Debian's cpp-httplib is built with a listen backlog of 5: a client opening a few dozen
  // connections at once (as rolecall and the SDKs do) overflows it, and the dropped SYNs come back
  // after TCP's 1 s and 3 s retransmit timers, which benchmarks would then measure. Keep the
  // listening socket (httplib's usual options, then ours) and widen its backlog once it listens.
  socket_t listener = INVALID_SOCKET;
  impl->server.set_socket_options([&listener](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listener = sock;
  });
  int port = options.port == 0 ? impl->server.bind_to_any_port(options.host)
                               : (impl->server.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port <= 0) return fail(ErrorKind::kIo, fmt::format("cannot listen on {}:{}", options.host, options.port));
  if (listener == INVALID_SOCKET || ::listen(listener, kListenBacklog) != 0) {
    return fail(ErrorKind::kIo, fmt::format("cannot widen the listen backlog on {}:{}", options.host, port));
  }
  impl->port = port;
  impl->thread = std::thread([self] {
    self->server.listen_after_bind();
    self->listen_returned = true;
  });
  // httplib's stop() is a no-op until the accept loop runs, so do not hand out a server before.
  while (!impl->server.is_running()) {
    if (impl->listen_returned) {
      impl->thread.join();
      return fail(ErrorKind::kIo, fmt::format("the accept loop on {}:{} ended at once", options.host, port));
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return std::unique_ptr<Emulator>(new Emulator(std::move(impl)));
}

Emulator::Emulator(std::unique_ptr<EmulatorImpl> impl) : impl_(std::move(impl)) {}

Emulator::~Emulator() { stop(); }

int Emulator::port() const { return impl_->port; }

std::string Emulator::endpoint_url() const { return fmt::format("http://127.0.0.1:{}", impl_->port); }

void Emulator::stop() {
  std::lock_guard lock(impl_->stop_mutex);
  if (impl_->stopped) return;
  impl_->server.stop_serving();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->stopped = true;
  impl_->stopped_cv.notify_all();
}

void Emulator::wait() {
  std::unique_lock lock(impl_->stop_mutex);
  impl_->stopped_cv.wait(lock, [this] { return impl_->stopped; });
}

std::vector<AccountCredentials> Emulator::credentials() const {
  std::shared_lock lock(impl_->core.mutex);
  std::vector<AccountCredentials> out;
  for (const auto& account : impl_->core.estate.accounts) {
    bool found = false;
    for (const auto& user : account.users) {
      for (const auto& key : user.access_keys) {
        if (found || !key.active) continue;
        out.push_back({account.name.empty() ? account.id : account.name, account.id, user.name, key.id, key.secret});
        found = true;
      }
    }
  }
  return out;
}

std::string Emulator::credentials_file_text() const {
  std::string text;
  auto creds = credentials();
  for (std::size_t i = 0; i < creds.size(); ++i) {
    auto section = [&](const std::string& name) {
      text += fmt::format("[{}]\naws_access_key_id = {}\naws_secret_access_key = {}\n\n", name, creds[i].access_key_id,
                          creds[i].secret_access_key);
    };
    if (i == 0) section("default");
    section(creds[i].profile);
  }
  return text;
}

std::vector<std::string> Emulator::model_mismatches() const { return impl_->dispatcher.model_mismatches(); }

nlohmann::json Emulator::truth() const {
  std::shared_lock lock(impl_->core.mutex);
  return truth::compute_truth(impl_->core.estate, ++impl_->core.seq, impl_->core.now());
}

Result<std::size_t> Emulator::write_trail_files(const std::string& dir) const {
  std::shared_lock lock(impl_->core.mutex);
  auto written = cloudtrail::write_trail_files(impl_->core.estate, impl_->trail_time, dir);
  if (!written) return fail(written.error());
  return written->files;
}

nlohmann::json Emulator::dump_state() const {
  std::shared_lock lock(impl_->core.mutex);
  return dump_estate_json(impl_->core.estate, ++impl_->core.seq, impl_->core.now(),
                          impl_->core.options.terminated_visibility);
}

Result<void> Emulator::load_estate(const nlohmann::json& estate) {
  auto loaded = load_estate_json(estate);
  if (!loaded) return fail(loaded.error());
  impl_->install(std::move(*loaded), true);
  return {};
}

void Emulator::reset() {
  Estate copy;
  {
    std::shared_lock lock(impl_->core.mutex);
    copy = impl_->core.loaded;
  }
  impl_->install(std::move(copy), false);
}

}  // namespace rolecall::emulator

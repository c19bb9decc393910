#pragma once
// rolecall-emulator as a library: a local AWS-compatible endpoint (EC2, IAM, STS, Organizations)
// serving an estate over 127.0.0.1, for the `rolecall demo` command, tests and benchmarks.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/generator/generator.h"
#include "rolecall/error.h"

namespace rolecall::emulator {

// Per-request added latency: MEAN[:JITTER] milliseconds (uniform in mean ± jitter, never < 0).
struct LatencySpec {
  double mean_ms = 0;
  double jitter_ms = 0;
};

// Parses "MEAN[:JITTER]" (milliseconds); fails with kInvalidArgument naming the bad text.
Result<LatencySpec> parse_latency_spec(const std::string& text);

// Fault injection, each a probability per request, drawn from a generator seeded with `seed`.
struct FaultSpec {
  double internal = 0;     // 500 InternalError / InternalFailure
  double unavailable = 0;  // 503 Unavailable / ServiceUnavailable
  double reset = 0;        // connection closed before any body byte
  double truncate = 0;     // connection closed after half the body
  double slow = 0;         // body trickled out over `slow_ms`
  int slow_ms = 2000;
  std::uint64_t seed = 1;

  // True when any fault has a non-zero probability.
  bool any() const { return internal > 0 || unavailable > 0 || reset > 0 || truncate > 0 || slow > 0; }
};

// Parses "internal=0.05,unavailable=0.02,reset=0.01,truncate=0.01,slow=0.01,slow_ms=500,seed=7";
// fails with kInvalidArgument naming the bad key or value.
Result<FaultSpec> parse_fault_spec(const std::string& text);

// A clock the emulator reads for signatures, session expiry, token buckets and terminated
// instances' visibility; tests inject one to move time without sleeping.
using Clock = std::function<std::chrono::system_clock::time_point()>;

// Everything start() needs. Exactly one of `estate` or `generate` provides the estate.
struct EmulatorOptions {
  std::string host = "127.0.0.1";
  int port = 0;                           // 0 = any free port
  std::optional<nlohmann::json> estate;   // docs/estate-schema.md document
  std::optional<GeneratorSpec> generate;  // build the estate with generate_estate()
  LatencySpec latency;
  bool throttle = false;  // EC2 token buckets, IAM/STS rate limits
  // Calls signed with a long-term key become CloudTrail events and the key's last use
  // (emulator/services/cloudtrail/record.h); off by default, as it changes the state requests read.
  bool record_calls = false;
  FaultSpec faults;
  // Serves each instance's metadata service under /_imds/<instance-id>/ (emulator/services/imds):
  // its role's credentials to anyone who asks, so off unless a test wants a workload on an instance.
  bool imds = false;
  std::string admin_token;  // empty = admin API (/_emulator/) disabled
  // Serves the estate's trail log files (as --trail-out writes them) from this S3 bucket, owned by
  // the first account; empty: no bucket.
  std::string trail_bucket;
  // "ACCOUNT_INDEX:NAME[:REGION]": an SQS queue that receives every recorded mutating call as the
  // EventBridge event of "AWS API Call via CloudTrail" (needs record_calls); empty: none.
  std::string event_queue;
  // Buckets (name, directory) holding every file under the directory, keyed by its relative path,
  // owned by the first account (benchmarks serve generated trail files so).
  std::vector<std::pair<std::string, std::string>> bucket_dirs;
  std::chrono::seconds terminated_visibility{3600};  // how long terminated instances stay visible
  std::size_t max_body_bytes = 1 << 20;              // larger request bodies are rejected (413)
  std::size_t max_object_bytes = 64 << 20;           // larger S3 PUT bodies are rejected (413; AWS takes 5 GB)
  // Most connections served at once. httplib holds a thread per live keep-alive connection; threads
  // start as connections arrive (ElasticThreadPool), so idle connections never make a working one
  // wait, up to this many.
  int threads = 1024;
  std::chrono::seconds keep_alive{5};           // an idle connection is closed after this long
  Clock clock;                                  // empty = std::chrono::system_clock::now
  std::function<void(const std::string&)> log;  // one line per request; never holds secrets
};

// One account's long-term credentials as written to the shared-credentials file.
struct AccountCredentials {
  std::string profile;  // account name (or id when unnamed); the first account is also `default`
  std::string account_id;
  std::string user_name;
  std::string access_key_id;
  std::string secret_access_key;
};

class EmulatorImpl;

// A running emulator. Destroying it stops the server.
class Emulator {
 public:
  // Loads or generates the estate, binds host:port and starts serving in background threads.
  // Fails with kInvalidArgument for a bad estate (message names the JSON path) and kIo when the
  // port cannot be bound.
  static Result<std::unique_ptr<Emulator>> start(const EmulatorOptions& options);

  ~Emulator();
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  // The bound TCP port.
  int port() const;
  // "http://127.0.0.1:PORT".
  std::string endpoint_url() const;
  // Stops accepting, finishes in-flight requests and joins the server thread; idempotent.
  void stop();
  // Blocks until stop() is called (from another thread or a signal handler's helper).
  void wait();

  // The first active access key of the first user with one, per account, in estate order.
  std::vector<AccountCredentials> credentials() const;
  // AWS shared-credentials file text: one profile per account plus `default` (the first account).
  std::string credentials_file_text() const;
  // Requests that strayed from their service's botocore model (unknown parameters, a missing or
  // wrong Version), whether refused (EC2) or only recorded (IAM/STS): "ec2 DescribeInstances: MaxResult".
  std::vector<std::string> model_mismatches() const;
  // Ground truth of the estate as it is now, judged by the emulator's own evaluator
  // (emulator/truth/truth.h); for a generated estate, before any change, the generator's truth.
  nlohmann::json truth() const;
  // Writes the estate's CloudTrail events as trail log files under `dir` (emulator/services/cloudtrail/trail_files.h),
  // cut at the emulator's start, so they equal --trail-bucket's objects byte for byte; returns how
  // many files. kIo naming the path that could not be written.
  Result<std::size_t> write_trail_files(const std::string& dir) const;

  // The current estate (docs/estate-schema.md) including associations and instance states.
  nlohmann::json dump_state() const;
  // Replaces the estate; the previous one stays when `estate` is invalid.
  Result<void> load_estate(const nlohmann::json& estate);
  // Back to the estate loaded at start or by the last load_estate().
  void reset();

 private:
  explicit Emulator(std::unique_ptr<EmulatorImpl> impl);
  std::unique_ptr<EmulatorImpl> impl_;
};

}  // namespace rolecall::emulator

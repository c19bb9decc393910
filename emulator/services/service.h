#pragma once
// What every service handler sees and returns: the request context, parameters, caller identity,
// AWS-shaped errors and replies, and the shape of an operation table row
// (emulator/services/<service>/operations.cpp).

#include <atomic>
#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/emulator.h"
#include "emulator/estate/estate.h"
#include "emulator/policy/policy_eval.h"
#include "emulator/services/params.h"
#include "emulator/services/s3/buckets.h"
#include "emulator/services/sqs/queues.h"

namespace rolecall::emulator {

enum class Service { kEc2, kIam, kSts, kOrganizations, kAutoScaling, kSecurityHub, kCloudTrail, kS3, kSqs };

// "ec2", "iam", "sts", "organizations", "autoscaling", "securityhub", "cloudtrail", "s3", "sqs".
const char* service_name(Service service);

// An error as AWS reports it; rendered per protocol by render_error().
struct ApiError {
  int status = 400;
  std::string code;
  std::string message;
  bool sender = true;  // IAM/STS <Type>Sender</Type> vs Receiver
};

// A successful (or DryRun-shaped) response body.
struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "text/xml;charset=UTF-8";
  std::vector<std::pair<std::string, std::string>> headers = {};  // besides the request id (S3's ETag)
};

using HandlerResult = std::expected<Reply, ApiError>;

// Shorthand: `return error(400, "InvalidParameterValue", "...")`.
inline std::unexpected<ApiError> error(int status, std::string code, std::string message) {
  return std::unexpected(ApiError{status, std::move(code), std::move(message), status < 500});
}

// Who signed the request, with the identity policies authorization evaluates.
struct Caller {
  std::size_t account = 0;
  std::string account_id;
  std::string arn;
  std::string user_id;
  std::string access_key_id;
  bool session = false;
  std::string role_name;  // assumed role (session) only
  std::string source_ip;  // a session's recorded address when not the client's (Session::source_ip)
  // Views into the estate: valid while the request holds Core::mutex, and handlers authorize
  // before they change IAM (SQS's long poll releases the lock after its authorization).
  std::vector<policy::NamedPolicy> policies;
  std::optional<policy::NamedPolicy> boundary;  // the user's or role's permissions boundary, a view too
};

// Mutable server-wide state guarded by Core::mutex (sessions) or atomic.
struct Core {
  EmulatorOptions options;
  mutable std::shared_mutex mutex;
  Estate estate;
  Estate loaded;  // what reset() returns to
  std::unordered_map<std::string, Session> sessions;
  std::mt19937_64 rng;    // ids and credentials; used under the unique lock
  std::string token_key;  // HMAC key making pagination tokens opaque
  std::atomic<std::uint64_t> seq{0};
  std::uint64_t request_id_salt = 0;
  s3::S3Buckets s3_buckets;   // --trail-bucket, --bucket-dir; CreateBucket and PutObject under the unique lock
  sqs::SqsQueues sqs_queues;  // guarded by its own lock (long polls wait without Core::mutex)
  std::optional<sqs::SqsQueues::Key> event_queue;  // --event-queue: where recorded calls go as EventBridge events

  TimePoint now() const { return options.clock ? options.clock() : std::chrono::system_clock::now(); }
};

// Everything a handler needs about one request.
struct RequestContext {
  Core& core;
  Service service;
  std::string action;
  std::string region;
  std::string request_id;
  std::uint64_t seq = 0;
  TimePoint now;
  Params params;
  nlohmann::json json;  // JSON body (Organizations and CloudTrail JSON 1.1, Security Hub REST-JSON); S3: Bucket, Key
  Caller caller;
  std::string body = {};  // S3: the request's payload (PutObject's bytes, CreateBucket's configuration)
  std::string host = {};  // the Host header (SQS queue URLs)
  std::function<void()> release_lock = {};  // releases Core::mutex before a long wait (SQS ReceiveMessage)

  Estate& estate() { return core.estate; }
  Account& account() { return core.estate.accounts[caller.account]; }
  const std::string& partition() const { return core.estate.partition; }
};

using Handler = HandlerResult (*)(RequestContext&);

// One API operation: its name, whether it changes state (unique lock, mutating throttle bucket).
struct Operation {
  const char* name;
  bool mutating;
  Handler handler;
};

// A fresh random id: `prefix` + `length` lowercase hex digits (under the unique lock).
std::string random_hex_id(Core& core, std::string_view prefix, int length);
// `length` random characters from `alphabet` (under the unique lock).
std::string random_string(Core& core, std::string_view alphabet, int length);
// A new role session with fresh temporary credentials (ASIA key, secret, token), stored in
// core.sessions (under the unique lock); the reference stays valid while the session exists.
Session& issue_role_session(Core& core, const std::string& account_id, const std::string& role_name,
                            const std::string& session_name, TimePoint expiration);

}  // namespace rolecall::emulator

#pragma once
// One API request from bytes to response: service and region from the SigV4 scope, parameters,
// authentication, throttling, fault draws and the operation handler. Independent of the HTTP server.

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "aws/http/transport.h"
#include "emulator/server/errors.h"
#include "emulator/server/limits.h"
#include "emulator/services/service.h"
#include "emulator/services/sso/operations.h"

namespace rolecall::emulator {

// What the transport must do with a response besides sending it.
struct DispatchOutcome {
  WireResponse response;
  Fault fault = Fault::kNone;  // kReset / kTruncate / kSlow shape how the body is sent
  double latency_ms = 0;       // to add before answering
  std::string summary;         // "service Action account" for the request log (no secrets)
};

class Dispatcher {
 public:
  explicit Dispatcher(Core& core) : core_(core) {}
  // Handles one request (url = "http://host/path?query") from `source_ip` (the client's address,
  // recorded by --record-calls); never throws for any input.
  DispatchOutcome handle(const aws::HttpRequest& request, const std::string& source_ip = {});
  // Forgets throttling state (admin reset).
  void reset_limits() { limiter_.clear(); }
  // Requests that strayed from their service's model, refused or (IAM/STS unknown parameters,
  // which AWS does not refuse) only recorded: "iam ListRoles: Foo", oldest first, the first 100.
  std::vector<std::string> model_mismatches() const;

 private:
  DispatchOutcome handle_unguarded(const aws::HttpRequest& request, std::uint64_t seq, const std::string& request_id,
                                   const std::string& source_ip);
  // An IAM Identity Center request (REST-JSON, unsigned; emulator/services/sso/).
  DispatchOutcome handle_sso(const sso::SsoOperation& op, const aws::HttpRequest& request, std::uint64_t seq,
                             const std::string& request_id);
  // Version and the parameters the operation's model defines (emulator/services/model/).
  std::optional<ApiError> check_model(Service service, const std::string& action, const Params& params,
                                      const std::string& request_id);
  void record_mismatch(std::string what, const std::string& request_id);
  Core& core_;
  RateLimiter limiter_;
  mutable std::mutex mismatch_mutex_;
  std::vector<std::string> mismatches_;
};

// The service a request is for (the SigV4 scope, else a guess from headers and the query), so
// errors raised before dispatch (an oversized body) have that service's shape.
Service request_service(const aws::HttpRequest& request);

// An AWS-like request id for request number `seq` (UUID shape).
std::string make_request_id(std::uint64_t salt, std::uint64_t seq);

}  // namespace rolecall::emulator

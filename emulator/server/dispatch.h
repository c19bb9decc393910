#pragma once
// One API request from bytes to response: service and region from the SigV4 scope, parameters,
// authentication, throttling, fault draws and the operation handler. Independent of the HTTP server.

#include <string>

#include "aws/http/transport.h"
#include "emulator/server/errors.h"
#include "emulator/server/limits.h"
#include "emulator/services/service.h"

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
  // Handles one request (url = "http://host/path?query"); never throws for any input.
  DispatchOutcome handle(const aws::HttpRequest& request);
  // Forgets throttling state (admin reset).
  void reset_limits() { limiter_.clear(); }

 private:
  DispatchOutcome handle_unguarded(const aws::HttpRequest& request, std::uint64_t seq, const std::string& request_id);
  Core& core_;
  RateLimiter limiter_;
};

// The service a request is for (the SigV4 scope, else a guess from headers and the query), so
// errors raised before dispatch (an oversized body) have that service's shape.
Service request_service(const aws::HttpRequest& request);

// An AWS-like request id for request number `seq` (UUID shape).
std::string make_request_id(std::uint64_t salt, std::uint64_t seq);

}  // namespace rolecall::emulator

#pragma once
// --debug wire logging: requests and responses as sent and received, with every secret redacted.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "aws/http/transport.h"
#include "rolecall/error.h"

namespace rolecall::aws {

// Writes one multi-line record per request and per response to a sink. Redacts the
// Authorization signature and key id, security/metadata tokens, secret keys, session and web
// identity tokens, passwords and user data in bodies (XML, JSON, form) and URLs.
class WireLog {
 public:
  using Sink = std::function<void(std::string_view)>;

  // Bodies longer than `max_body` bytes are cut after redaction.
  explicit WireLog(Sink sink, size_t max_body = 4096) : sink_(std::move(sink)), max_body_(max_body) {}

  // Logs an outgoing (signed) request.
  void request(const HttpRequest& request) const;
  // Logs the outcome of `request`: the response, or the transport error.
  void response(const HttpRequest& request, const Result<HttpResponse>& outcome,
                std::chrono::milliseconds elapsed) const;

 private:
  std::string body_text(std::string_view body) const;

  Sink sink_;
  size_t max_body_;
};

// The value of header `name` as safe to log (signature, tokens and key ids redacted).
std::string redact_header_value(std::string_view name, std::string_view value);
// `url` with signature, token and credential query parameters redacted.
std::string redact_url(std::string_view url);
// `body` (XML, JSON or form encoded) with secret-bearing fields and anything that looks like a
// secret access key or an access key id redacted.
std::string redact_body(std::string_view body);

}  // namespace rolecall::aws

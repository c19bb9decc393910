#pragma once
// Errors are values: every fallible operation across modules returns Result<T>.

#include <expected>
#include <string>
#include <utility>

namespace rolecall {

// What kind of failure an Error describes; callers branch on this, never on message text.
enum class ErrorKind {
  kInvalidArgument,  // bad input from the user: flags, files, configuration
  kParse,            // a document (XML, JSON, INI, YAML) could not be understood
  kNetwork,          // connection refused/reset, DNS, TLS, timeout: no HTTP response
  kHttp,             // an HTTP response that is not a well-formed AWS error
  kAws,              // a well-formed AWS service error (see Error::code)
  kThrottled,        // the service throttled us and the retry budget is spent
  kCredentials,      // no usable credentials, or they were rejected
  kAccessDenied,     // the caller lacks a permission (AccessDenied, UnauthorizedOperation)
  kNotFound,         // the asked-for thing does not exist
  kIo,               // local file system or process failure
  kInternal,         // a broken invariant inside rolecall
  kCancelled,        // the operation was abandoned (shutdown, limit reached)
};

// A failure with enough context to print a useful message and decide what to do next.
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;     // human readable, never contains secrets
  std::string code;        // AWS error code when kind is kAws/kThrottled/kAccessDenied, e.g. "RequestLimitExceeded"
  std::string request_id;  // AWS request id when the service returned one
  int http_status = 0;     // HTTP status when there was a response, else 0

  // An error of `kind` with only a message (for a kind computed at run time).
  static Error of(ErrorKind kind, std::string message) {
    Error e;
    e.kind = kind;
    e.message = std::move(message);
    return e;
  }
  // Bad input from the user: flags, files, configuration.
  static Error invalid_argument(std::string message) { return of(ErrorKind::kInvalidArgument, std::move(message)); }
  // A document that could not be understood.
  static Error parse(std::string message) { return of(ErrorKind::kParse, std::move(message)); }
  // No HTTP response: connection, DNS, TLS, timeout.
  static Error network(std::string message) { return of(ErrorKind::kNetwork, std::move(message)); }
  // An HTTP response with status `http_status` that is not a well-formed AWS error.
  static Error http(int http_status, std::string message) {
    return of(ErrorKind::kHttp, std::move(message)).with_http_status(http_status);
  }
  // No usable credentials, or they were rejected.
  static Error credentials(std::string message) { return of(ErrorKind::kCredentials, std::move(message)); }
  // The caller lacks a permission.
  static Error access_denied(std::string message) { return of(ErrorKind::kAccessDenied, std::move(message)); }
  // The asked-for thing does not exist.
  static Error not_found(std::string message) { return of(ErrorKind::kNotFound, std::move(message)); }
  // A local file system or process failure.
  static Error io(std::string message) { return of(ErrorKind::kIo, std::move(message)); }
  // A broken invariant inside rolecall.
  static Error internal(std::string message) { return of(ErrorKind::kInternal, std::move(message)); }
  // The operation was abandoned.
  static Error cancelled(std::string message) { return of(ErrorKind::kCancelled, std::move(message)); }
  // An AWS service's error reply: `kind` (kAws, kThrottled, kAccessDenied, kCredentials...) with the
  // service's error code, message, HTTP status and request id.
  static Error service(ErrorKind kind, std::string code, std::string message, int http_status,
                       std::string request_id = {}) {
    Error e = of(kind, std::move(message)).with_code(std::move(code)).with_http_status(http_status);
    e.request_id = std::move(request_id);
    return e;
  }

  // This error with Error::code set to `error_code` (a service's code, or rolecall's own marker).
  Error with_code(std::string error_code) && {
    code = std::move(error_code);
    return std::move(*this);
  }
  // This error with Error::http_status set to `status`.
  Error with_http_status(int status) && {
    http_status = status;
    return std::move(*this);
  }
  // Adds "context: " in front of the message, keeping everything else.
  Error with_context(const std::string& context) const& {
    Error e = *this;
    e.message = context + ": " + message;
    return e;
  }
  // Human readable one-line form: "message (code, HTTP N, request id R)".
  std::string describe() const {
    std::string extra = code;
    if (http_status != 0) extra += (extra.empty() ? "HTTP " : ", HTTP ") + std::to_string(http_status);
    if (!request_id.empty()) extra += (extra.empty() ? "request id " : ", request id ") + request_id;
    return extra.empty() ? message : message + " (" + extra + ")";
  }
};

// Short name of an ErrorKind, e.g. "network".
constexpr const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument: return "invalid argument";
    case ErrorKind::kParse: return "parse";
    case ErrorKind::kNetwork: return "network";
    case ErrorKind::kHttp: return "http";
    case ErrorKind::kAws: return "aws";
    case ErrorKind::kThrottled: return "throttled";
    case ErrorKind::kCredentials: return "credentials";
    case ErrorKind::kAccessDenied: return "access denied";
    case ErrorKind::kNotFound: return "not found";
    case ErrorKind::kIo: return "io";
    case ErrorKind::kInternal: return "internal";
    case ErrorKind::kCancelled: return "cancelled";
  }
  return "unknown";
}

// The return type of every fallible operation.
template <typename T>
using Result = std::expected<T, Error>;

// Shorthand for returning an error: `return fail(ErrorKind::kParse, "bad XML")`.
inline std::unexpected<Error> fail(ErrorKind kind, std::string message) {
  return std::unexpected(Error::of(kind, std::move(message)));
}
inline std::unexpected<Error> fail(Error error) { return std::unexpected(std::move(error)); }

}  // namespace rolecall

#include "aws/protocol/errors.h"

#include <algorithm>
#include <array>
#include <string>

#include <fmt/format.h>

#include "aws/protocol/json11.h"
#include "aws/protocol/xml.h"

namespace rolecall::aws {

namespace {

constexpr std::size_t kMaxMessage = 1024;  // hostile bodies must not yield megabyte messages
constexpr std::size_t kMaxSnippet = 160;

bool contains(std::span<const std::string_view> set, std::string_view code) {
  return std::find(set.begin(), set.end(), code) != set.end();
}

constexpr std::array<std::string_view, 14> kThrottling = {"Throttling",
                                                          "ThrottlingException",
                                                          "ThrottledException",
                                                          "RequestThrottledException",
                                                          "TooManyRequestsException",
                                                          "ProvisionedThroughputExceededException",
                                                          "TransactionInProgressException",
                                                          "RequestLimitExceeded",
                                                          "BandwidthLimitExceeded",
                                                          "LimitExceededException",
                                                          "RequestThrottled",
                                                          "SlowDown",
                                                          "PriorRequestNotComplete",
                                                          "EC2ThrottledException"};

constexpr std::array<std::string_view, 9> kTransient = {
    "RequestTimeout",     "RequestTimeoutException", "PriorRequestNotComplete",     "InternalError",
    "InternalFailure",    "ServiceUnavailable",      "ServiceUnavailableException", "Unavailable",
    "InternalServerError"};

constexpr std::array<std::string_view, 6> kClockSkew = {
    "RequestTimeTooSkewed",  "RequestExpired", "InvalidSignatureException",
    "SignatureDoesNotMatch", "AuthFailure",    "RequestInTheFuture"};

constexpr std::array<std::string_view, 8> kAccessDeniedCodes = {"AccessDenied",
                                                                "AccessDeniedException",
                                                                "UnauthorizedOperation",
                                                                "UnauthorizedAccess",
                                                                "AuthFailure",
                                                                "AccessDeniedForDependencyException",
                                                                "AWSOrganizationsNotInUseException",
                                                                "OptInRequired"};

// Codes that say the credentials themselves were rejected (not a missing permission).
constexpr std::array<std::string_view, 9> kCredentialCodes = {
    "InvalidClientTokenId",        "ExpiredToken",       "ExpiredTokenException",
    "UnrecognizedClientException", "InvalidAccessKeyId", "MissingAuthenticationToken",
    "IncompleteSignature",         "InvalidToken",       "SignatureDoesNotMatch"};

ErrorKind kind_of(std::string_view code) {
  if (is_throttling_code(code)) return ErrorKind::kThrottled;
  if (contains(kAccessDeniedCodes, code)) return ErrorKind::kAccessDenied;
  if (contains(kCredentialCodes, code)) return ErrorKind::kCredentials;
  // S3 names its own: NoSuchBucket, NoSuchKey.
  if (code.ends_with(".NotFound") || code == "NoSuchEntity" || code == "NoSuchBucket" || code == "NoSuchKey" ||
      code.ends_with("NotFoundException") || code.ends_with(".NotFoundException")) {
    return ErrorKind::kNotFound;
  }
  return ErrorKind::kAws;
}

std::string clip(std::string_view s, std::size_t limit) {
  std::string out;
  out.reserve(std::min(s.size(), limit) + 3);
  for (char c : s.substr(0, limit)) {
    auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7F ? ' ' : c);
  }
  if (s.size() > limit) out += "...";
  return out;
}

std::string_view trim_text(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

Error not_an_aws_error(int http_status, std::string_view body, std::string_view why) {
  std::string_view t = trim_text(body);
  return Error::http(http_status, t.empty() ? fmt::format("HTTP {} with an empty body", http_status)
                                            : fmt::format("HTTP {} with a body that is not an AWS error ({}): {}",
                                                          http_status, why, clip(t, kMaxSnippet)));
}

Error aws_error(int http_status, std::string_view code, std::string_view message, std::string request_id) {
  std::string c = clip(trim_text(code), 256);
  std::string_view m = trim_text(message);
  std::string text = m.empty() ? fmt::format("AWS error {}", c) : clip(m, kMaxMessage);
  ErrorKind kind = kind_of(c);
  return Error::service(kind, std::move(c), std::move(text), http_status, clip(trim_text(request_id), 128));
}

// "prefix#Code:uri" → "Code".
std::string_view sanitize_json_code(std::string_view code) {
  if (std::size_t colon = code.find(':'); colon != std::string_view::npos) code = code.substr(0, colon);
  if (std::size_t hash = code.rfind('#'); hash != std::string_view::npos) code = code.substr(hash + 1);
  return trim_text(code);
}

}  // namespace

Error parse_query_error(int http_status, std::string_view body) {
  if (trim_text(body).empty()) return not_an_aws_error(http_status, body, "empty");
  auto doc = xml::Document::parse(std::string(body), "error response");
  if (!doc) return not_an_aws_error(http_status, body, "malformed XML");
  pugi::xml_node root = doc->root();
  std::string_view root_name = root.name();
  pugi::xml_node error;
  if (root_name == "Response") {
    error = xml::child(xml::child(root, "Errors"), "Error");  // EC2
  } else if (root_name == "ErrorResponse") {
    error = xml::child(root, "Error");  // IAM, STS
    // moto's authentication errors (any service): <ErrorResponse><Errors><Error>, no request id.
    if (!error) error = xml::child(xml::child(root, "Errors"), "Error");
  } else if (root_name == "Error") {
    error = root;  // S3-style bare error
  }
  std::string_view code = error ? xml::child_text(error, "Code") : std::string_view();
  if (trim_text(code).empty())
    return not_an_aws_error(http_status, body, fmt::format("<{}> without an error code", clip(root_name, 64)));
  std::string request_id = xml::request_id(root);
  if (request_id.empty()) request_id = xml::request_id(error);
  return aws_error(http_status, code, xml::child_text(error, "Message"), std::move(request_id));
}

Error parse_json_error(int http_status, std::string_view body, std::string_view error_type_header) {
  std::string_view code = sanitize_json_code(error_type_header);
  nlohmann::json j;
  if (!trim_text(body).empty()) {
    auto parsed = json11::parse(body, "error response");
    if (parsed) j = std::move(*parsed);
  }
  std::string type = json11::get_string(j, "__type");
  if (type.empty()) type = json11::get_string(j, "code");
  if (type.empty()) type = json11::get_string(j, "Code");
  if (code.empty()) code = sanitize_json_code(type);
  if (code.empty()) {
    return not_an_aws_error(http_status, body, j.is_object() ? "no __type" : "malformed JSON");
  }
  std::string message = json11::get_string(j, "message");
  if (message.empty()) message = json11::get_string(j, "Message");
  if (message.empty()) message = json11::get_string(j, "errorMessage");
  return aws_error(http_status, code, message, {});
}

bool is_throttling_code(std::string_view code) { return contains(kThrottling, code); }

bool is_transient_code(std::string_view code) { return contains(kTransient, code); }

bool is_clock_skew_code(std::string_view code) { return contains(kClockSkew, code); }

}  // namespace rolecall::aws

#pragma once
// AWS Signature Version 4: header signing, presigned (query) signing (sigv4_sign.cpp) and
// verification (sigv4_verify.cpp); the signature both compute is in sigv4_signature.cpp.

#include <chrono>
#include <string>
#include <vector>

#include "aws/http/transport.h"
#include "rolecall/error.h"

namespace rolecall::aws::sigv4 {

// Everything a signature depends on besides the request itself.
struct SigningParams {
  std::string access_key_id;
  std::string secret_access_key;  // never logged
  std::string session_token;      // empty for long-term keys
  std::string region;             // credential-scope region, e.g. "us-east-1"
  std::string service;            // credential-scope service, e.g. "ec2"
  std::chrono::system_clock::time_point time;
  bool normalize_path = true;       // RFC 3986 dot-segment removal (false for S3-style services)
  bool sign_body = false;           // add x-amz-content-sha256 (the test suite's `sign_body`)
  bool omit_session_token = false;  // add X-Amz-Security-Token after signing, unsigned (suite's `omit_session_token`)
  std::chrono::seconds expires{3600};  // presign only: X-Amz-Expires
};

// The intermediate products of a signature, exposed for conformance tests and --debug.
struct SigningResult {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // lowercase hex
  std::string authorization;  // header signing only: the Authorization header value
};

// Signs `request` in place: adds X-Amz-Date, X-Amz-Security-Token (when a token is set),
// x-amz-content-sha256 (when sign_body) and Authorization. A Host header is added from the URL
// when absent. The URL path is taken as sent on the wire and, for every service but "s3",
// URI-encoded once more in the canonical request. Every header is signed except authorization,
// connection, expect, transfer-encoding, user-agent and x-amzn-trace-id; a caller-set
// x-amz-content-sha256 (e.g. UNSIGNED-PAYLOAD) is used as the payload hash. Fails on a malformed URL.
Result<SigningResult> sign_request(HttpRequest& request, const SigningParams& params);

// Presigns `request` in place: appends X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date,
// X-Amz-Expires, X-Amz-SignedHeaders (X-Amz-Security-Token) and X-Amz-Signature to the query.
Result<SigningResult> presign_request(HttpRequest& request, const SigningParams& params);

// The parsed parts of an "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." header
// or of the equivalent X-Amz-* query parameters.
struct ParsedAuthorization {
  std::string access_key_id;
  std::string date;  // yyyymmdd from the credential scope
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;  // lowercase, as listed
  std::string signature;
  std::string amz_date;             // X-Amz-Date (header or query), yyyymmddThhmmssZ
  bool presigned = false;           // came from the query string
  std::chrono::seconds expires{0};  // presigned only: X-Amz-Expires
  std::string session_token;        // X-Amz-Security-Token (header or query), "" when absent; never logged
};

// Extracts the signature parts from a received request (Authorization header or presigned query).
// Errors are kCredentials with `code` MissingAuthenticationToken (unsigned), IncompleteSignature
// (malformed or both forms present) or SignatureDoesNotMatch (scope date differs from X-Amz-Date).
Result<ParsedAuthorization> parse_authorization(const HttpRequest& request);

// Recomputes the signature of a received request with `secret_access_key` and compares it in
// constant time with the one it carries. The request's own X-Amz-Date, scope and signed headers
// are used; the caller checks clock skew and key validity. Returns the recomputed products;
// a mismatch is kCredentials with code SignatureDoesNotMatch (XAmzContentSHA256Mismatch when an
// x-amz-content-sha256 header contradicts the body).
Result<SigningResult> verify_request(const HttpRequest& request, const ParsedAuthorization& auth,
                                     const std::string& secret_access_key, bool normalize_path = true);

// URI-encodes per SigV4: unreserved characters kept, everything else %XX uppercase;
// '/' kept when `keep_slash`.
std::string uri_encode(std::string_view in, bool keep_slash);

// Formats `time` as yyyymmddThhmmssZ.
std::string amz_date(std::chrono::system_clock::time_point time);

// Parses yyyymmddThhmmssZ; fails on any other shape.
Result<std::chrono::system_clock::time_point> parse_amz_date(std::string_view text);

}  // namespace rolecall::aws::sigv4

#pragma once
// The SigV4 signature itself (scope, canonical request, string to sign, derived key, HMAC),
// shared by signing (sigv4_sign.cpp) and verification (sigv4_verify.cpp); internal to src/aws.

#include <chrono>
#include <string>
#include <string_view>

#include "aws/sigv4.h"
#include "aws/sigv4_canonical.h"
#include "rolecall/error.h"

namespace rolecall::aws::sigv4::detail {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kTerminator = "aws4_request";
inline constexpr std::chrono::seconds kMaxExpires{604800};  // seven days, the SigV4 maximum

// The credential scope "<yyyymmdd>/<region>/<service>/aws4_request".
std::string scope_of(std::string_view date, std::string_view region, std::string_view service);

// The canonical request: method, URI, query, header block, signed header list and payload hash.
std::string canonical_request(std::string_view method, std::string_view uri, std::string_view query,
                              const CanonicalHeaders& headers, std::string_view payload_hash);

// Fills string_to_sign and signature of `result` from its canonical_request (the derived key is
// cached per thread, so consecutive signatures of a day share it).
void finish(SigningResult& result, std::string_view amz, std::string_view date, std::string_view region,
            std::string_view service, std::string_view secret);

// S3 paths are encoded once (not twice) and its payloads may be unsigned.
inline bool is_s3(std::string_view service) { return service == "s3"; }

// True when every character of `s` is an ASCII digit.
inline bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A kCredentials error carrying the AWS error `code` the service would answer with.
Error auth_error(std::string code, std::string message);

}  // namespace rolecall::aws::sigv4::detail

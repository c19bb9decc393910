#pragma once
// The Hyperscan multi-pattern prefilter: one compiled database, one scratch per thread.

#include <cstddef>
#include <string_view>
#include <vector>

namespace rolecall::secrets {

// Which prefilter pattern matched; verification decides whether a candidate is a finding.
enum class PatternId : unsigned {
  kKeyIdPrefix = 0,   // a 4-character AWS id prefix (AKIA, ASIA, AROA, ...); the id starts at end - 4
  kSecretName = 1,    // a secret key name (aws_secret_access_key, SecretAccessKey, secret_key, secretKey, ...)
  kTokenName = 2,     // a session token name (aws_session_token, SessionToken, aws_security_token)
  kLegacyPrefix = 3,  // "A3T", the legacy access key prefix; the id starts at end - 3
};

// One prefilter hit: pattern and the offset one past the match's last byte.
struct Candidate {
  PatternId pattern = PatternId::kKeyIdPrefix;
  std::size_t end = 0;
};

// Appends every prefilter hit in `text` to `out`, sorted by end offset without duplicates.
// Thread-safe: the database is compiled once and each thread has its own scratch space.
void find_candidates(std::string_view text, std::vector<Candidate>& out);

}  // namespace rolecall::secrets

#pragma once
// Shape checks that separate random credential material from identifiers, hashes and words.

#include <cstddef>
#include <string_view>

namespace rolecall::secrets {

// Shannon entropy of `text` in bits per character (0 for empty text).
double shannon_entropy(std::string_view text);

// True for characters of a secret access key: [A-Za-z0-9/+].
constexpr bool is_secret_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '+';
}

// True when `value` (40 chars of [A-Za-z0-9/+]) looks like a secret access key. `without_name`
// tightens the check for values found only by proximity to a key id (no AWS key name before them).
bool plausible_secret_access_key(std::string_view value, bool without_name);

// True for AWS documentation example secrets (wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and kin).
bool is_example_secret(std::string_view value);

// True when `value` ([A-Za-z0-9/+=]) looks like an STS session token.
bool plausible_session_token(std::string_view value);

// Shortest value accepted as a session token; real STS tokens are several hundred characters.
inline constexpr std::size_t kMinSessionTokenLength = 100;

}  // namespace rolecall::secrets

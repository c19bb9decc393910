#pragma once
// Test-side decoding of generated user data, independent of src/secrets: base64, gzip, and the
// base64 `content:` of cloud-config write_files.

#include <set>
#include <string>
#include <string_view>

namespace rolecall::testing {

// Decodes standard base64; throws std::invalid_argument on bad input.
std::string base64_decode(std::string_view text);
// Inflates gzip; throws std::invalid_argument when `bytes` is not gzip.
std::string gunzip(std::string_view bytes);
// True when `bytes` starts with the gzip magic.
bool is_gzip(std::string_view bytes);

// Every layer's text: gzip inflated, write_files `content:` with `encoding: b64` decoded.
std::string all_layers(std::string_view raw);

// What the layers hold: key ids in AWS format (AKIA/ASIA + 16 of [A-Z2-7]) and 40-character
// secrets assigned to an AWS secret key name.
struct FoundKeys {
  std::set<std::string> key_ids;
  std::set<std::string> secrets;
  bool session_token = false;
};
FoundKeys find_keys(std::string_view text);

// The AWS documentation example key id.
inline constexpr std::string_view kExampleKeyId = "AKIAIOSFODNN7EXAMPLE";

}  // namespace rolecall::testing

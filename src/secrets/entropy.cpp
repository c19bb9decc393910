#include "secrets/entropy.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace rolecall::secrets {
namespace {

// Random 40-character base64 strings measure 4.16 bits/char at the very least (0.001 quantile 4.35);
// 40 hex digits cannot exceed 4.0 and identifiers or paths sit below it.
constexpr double kMinSecretEntropy = 4.0;
// Random tokens of 100+ characters measure above 5.2 bits/char.
constexpr double kMinTokenEntropy = 4.5;

bool has(std::string_view text, bool (*pred)(char)) { return std::any_of(text.begin(), text.end(), pred); }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

double shannon_entropy(std::string_view text) {
  if (text.empty()) return 0.0;
  std::array<std::size_t, 256> counts{};
  for (const char c : text) ++counts[static_cast<unsigned char>(c)];
  const double n = static_cast<double>(text.size());
  double bits = 0.0;
  for (const std::size_t count : counts) {
    if (count == 0) continue;
    const double p = static_cast<double>(count) / n;
    bits -= p * std::log2(p);
  }
  return bits;
}

bool is_example_secret(std::string_view value) { return value.ends_with("EXAMPLEKEY"); }

bool plausible_secret_access_key(std::string_view value, bool without_name) {
  if (value.size() != 40 || !std::all_of(value.begin(), value.end(), is_secret_char)) return false;
  if (is_example_secret(value)) return true;
  // Mixed case rules out hex digests, upper-case ids and lower-case paths.
  if (!has(value, is_upper) || !has(value, is_lower)) return false;
  // A digit is missing from ~0.1% of real secrets: accept that miss only where no AWS key name vouches.
  if (without_name && !has(value, is_digit)) return false;
  return shannon_entropy(value) >= kMinSecretEntropy;
}

bool plausible_session_token(std::string_view value) {
  if (value.size() < kMinSessionTokenLength) return false;
  if (!has(value, is_upper) || !has(value, is_lower) || !has(value, is_digit)) return false;
  return shannon_entropy(value) >= kMinTokenEntropy;
}

}  // namespace rolecall::secrets

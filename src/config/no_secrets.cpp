#include "config/no_secrets.h"

#include "base/redact.h"

namespace rolecall::config {
namespace {

// AWS's secret access keys are 40 base64 characters; session tokens are longer.
constexpr std::size_t kSecretLength = 40;

bool is_upper_or_digit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_base64(char c) { return is_upper_or_digit(c) || (c >= 'a' && c <= 'z') || c == '/' || c == '+' || c == '='; }

// A key id: 16 to 128 upper-case letters and digits starting with a four-letter prefix ending in
// 'A' (AKIA, ASIA, AROA...).
bool is_key_id(std::string_view word) {
  if (word.size() < 16 || word.size() > 128 || word[0] != 'A' || word[3] != 'A') return false;
  for (std::size_t i = 1; i < 3; ++i) {
    if (word[i] < 'A' || word[i] > 'Z') return false;
  }
  return true;
}

bool looks_secret(std::string_view run) {
  if (run.size() < kSecretLength) return false;
  bool lower = false, upper = false;
  for (char c : run) {
    lower |= c >= 'a' && c <= 'z';
    upper |= c >= 'A' && c <= 'Z';
  }
  return lower && upper;
}

// `text` with each maximal run of characters satisfying `in_run` replaced by `replace(run)`.
template <typename InRun, typename Replace>
std::string map_runs(std::string_view text, InRun in_run, Replace replace) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!in_run(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && in_run(text[end])) ++end;
    out += replace(text.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace

std::string without_secrets(std::string_view text) {
  return map_runs(text, is_base64, [](std::string_view run) {
    if (looks_secret(run)) return std::string("(secret not shown)");
    return map_runs(run, is_upper_or_digit, [](std::string_view word) {
      return is_key_id(word) ? base::redact_key_id(word) : std::string(word);
    });
  });
}

}  // namespace rolecall::config

#include "emulator/truth/keys.h"

#include <array>
#include <span>
#include <vector>

#include "base/ascii.h"

namespace rolecall::emulator::truth {
namespace {

bool alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool base32(char c) { return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'); }
bool secret_char(char c) { return alnum(c) || c == '/' || c == '+'; }

bool key_id_at(std::string_view text, std::size_t i) {
  static constexpr std::array<std::string_view, 4> kPrefixes = {"AKIA", "ASIA", "ABIA", "ACCA"};
  if (i + 20 > text.size() || (i > 0 && alnum(text[i - 1]))) return false;
  if (i + 20 < text.size() && alnum(text[i + 20])) return false;
  std::string_view id = text.substr(i, 20);
  bool prefix = false;
  for (auto p : kPrefixes) prefix = prefix || id.starts_with(p);
  if (!prefix || id.find("EXAMPLE") != std::string_view::npos) return false;
  for (char c : id.substr(4)) {
    if (!base32(c)) return false;
  }
  return true;
}

// The value after a name ending at `end`: up to 16 separator characters skipped.
std::string_view value_after(std::string_view text, std::size_t end) {
  std::size_t i = end;
  for (int n = 0; n < 16 && i < text.size(); ++n, ++i) {
    char c = text[i];
    if (c != ' ' && c != '\t' && c != '"' && c != '\'' && c != '\\' && c != ':' && c != '=' && c != '>' && c != ',' &&
        c != '(' && c != '[' && c != '{') {
      break;
    }
  }
  std::size_t j = i;
  while (j < text.size() && (secret_char(text[j]) || text[j] == '=')) ++j;
  return text.substr(i, j - i);
}

bool mixed_case_with_digit(std::string_view s) {
  bool upper = false, lower = false, digit = false;
  for (char c : s) {
    upper = upper || (c >= 'A' && c <= 'Z');
    lower = lower || (c >= 'a' && c <= 'z');
    digit = digit || (c >= '0' && c <= '9');
  }
  return upper && lower && digit;
}

// Finds `words` in lower-cased `lower` allowing one of "_.-" or nothing between them; the end
// offsets of every match.
std::vector<std::size_t> name_ends(std::string_view lower, std::span<const std::string_view> words) {
  std::vector<std::size_t> ends;
  std::string_view first = *words.begin();
  for (std::size_t at = lower.find(first); at != std::string_view::npos; at = lower.find(first, at + 1)) {
    std::size_t i = at + first.size();
    bool ok = true;
    for (auto w = words.begin() + 1; ok && w != words.end(); ++w) {
      if (i < lower.size() && (lower[i] == '_' || lower[i] == '.' || lower[i] == '-')) ++i;
      ok = lower.substr(i, w->size()) == *w;
      i += w->size();
    }
    if (ok) ends.push_back(i);
  }
  return ends;
}

}  // namespace

std::vector<std::string> long_term_key_ids(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = text.find("AKIA"); i != std::string_view::npos; i = text.find("AKIA", i + 1)) {
    if (key_id_at(text, i)) out.emplace_back(text.substr(i, 20));
  }
  return out;
}

bool holds_credential(std::string_view text) {
  for (std::size_t i = text.find('A'); i != std::string_view::npos; i = text.find('A', i + 1)) {
    if (key_id_at(text, i)) return true;
  }
  const std::string lower = base::to_lower(text);
  static constexpr std::array<std::string_view, 3> kSecretName = {"secret", "access", "key"};
  static constexpr std::array<std::array<std::string_view, 2>, 2> kTokenNames = {
      {{"session", "token"}, {"security", "token"}}};
  for (std::size_t end : name_ends(lower, kSecretName)) {
    std::string_view v = value_after(text, end);
    if (v.size() == 40 && !v.ends_with("EXAMPLEKEY") && mixed_case_with_digit(v)) return true;
  }
  for (const auto& words : kTokenNames) {
    for (std::size_t end : name_ends(lower, words)) {
      std::string_view v = value_after(text, end);
      if (v.size() >= 100 && v.find("EXAMPLE") == std::string_view::npos && mixed_case_with_digit(v)) return true;
    }
  }
  return false;
}

}  // namespace rolecall::emulator::truth

#include "emulator/common/validate.h"

#include <algorithm>

namespace rolecall::emulator {
namespace {

bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool hex(char c) { return digit(c) || (c >= 'a' && c <= 'f'); }
bool iam_char(char c) {
  return lower(c) || upper(c) || digit(c) || c == '_' || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' ||
         c == '-';
}

}  // namespace

bool is_region_name(std::string_view t) {
  // Two letters, one or more "-letters" groups, then "-digits".
  if (t.size() < 6 || !lower(t[0]) || !lower(t[1]) || t[2] != '-') return false;
  auto last = t.rfind('-');
  if (last == 2 || last + 1 >= t.size()) return false;
  if (!std::all_of(t.begin() + static_cast<std::ptrdiff_t>(last) + 1, t.end(), digit)) return false;
  std::string_view middle = t.substr(3, last - 3);
  if (middle.empty() || middle.front() == '-' || middle.back() == '-') return false;
  for (std::size_t i = 0; i < middle.size(); ++i) {
    if (middle[i] == '-') {
      if (middle[i + 1] == '-') return false;
    } else if (!lower(middle[i])) {
      return false;
    }
  }
  return true;
}

bool is_account_id(std::string_view t) { return t.size() == 12 && std::all_of(t.begin(), t.end(), digit); }

bool is_hex_id(std::string_view t, std::string_view prefix, std::size_t digits, std::size_t alt_digits) {
  if (!t.starts_with(prefix)) return false;
  std::string_view rest = t.substr(prefix.size());
  if (rest.size() != digits && (alt_digits == 0 || rest.size() != alt_digits)) return false;
  return std::all_of(rest.begin(), rest.end(), hex);
}

bool is_access_key_id(std::string_view t) {
  return t.size() >= 16 && t.size() <= 128 &&
         std::all_of(t.begin(), t.end(), [](char c) { return upper(c) || digit(c); });
}

bool is_iam_name(std::string_view t, std::size_t min, std::size_t max) {
  return t.size() >= min && t.size() <= max && std::all_of(t.begin(), t.end(), iam_char);
}

bool is_base64(std::string_view t) {
  if (t.size() % 4 != 0) return false;
  std::size_t pad = 0;
  while (pad < 2 && pad < t.size() && t[t.size() - 1 - pad] == '=') ++pad;
  return std::all_of(t.begin(), t.end() - static_cast<std::ptrdiff_t>(pad),
                     [](char c) { return lower(c) || upper(c) || digit(c) || c == '+' || c == '/'; });
}

bool is_launch_template_version(std::string_view text) {
  if (text == "$Default" || text == "$Latest") return true;
  return !text.empty() && text.size() <= 9 && text.front() != '0' && std::all_of(text.begin(), text.end(), digit);
}

bool is_organization_id(std::string_view t) {
  return t.starts_with("o-") && t.size() >= 12 && t.size() <= 34 &&
         std::all_of(t.begin() + 2, t.end(), [](char c) { return lower(c) || digit(c); });
}

std::optional<IamArn> parse_iam_arn(std::string_view arn, std::string_view kind) {
  if (!arn.starts_with("arn:")) return std::nullopt;
  std::string_view rest = arn.substr(4);
  auto colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  IamArn out;
  out.partition = std::string(rest.substr(0, colon));
  rest = rest.substr(colon + 1);
  if (!rest.starts_with("iam::")) return std::nullopt;
  rest = rest.substr(5);
  colon = rest.find(':');
  if (colon == std::string_view::npos || !is_account_id(rest.substr(0, colon))) return std::nullopt;
  out.account = std::string(rest.substr(0, colon));
  rest = rest.substr(colon + 1);
  auto slash = rest.find('/');
  auto last = rest.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  out.kind = std::string(rest.substr(0, slash));
  if (kind.empty() ? (out.kind != "user" && out.kind != "role") : out.kind != kind) return std::nullopt;
  out.path = std::string(rest.substr(slash, last - slash + 1));
  out.name = std::string(rest.substr(last + 1));
  if (!is_iam_name(out.name)) return std::nullopt;
  return out;
}

}  // namespace rolecall::emulator

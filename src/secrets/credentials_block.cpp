#include "secrets/credentials_block.h"

#include "base/ascii.h"
#include "secrets/entropy.h"
#include "secrets/key_id.h"
#include "secrets/text_lines.h"

namespace rolecall::secrets {
namespace {

// Sections are short; a bound keeps a hostile file linear.
constexpr int kMaxSectionLines = 64;

bool is_header(std::string_view line) { return line.size() >= 3 && line.front() == '[' && line.back() == ']'; }

bool is_comment_or_blank(std::string_view line) { return line.empty() || line[0] == '#' || line[0] == ';'; }

// The value of "name = value" when `line` (trimmed) assigns `name` (case-insensitive).
std::optional<std::string_view> assignment_value(std::string_view line, std::string_view name) {
  if (!base::istarts_with(line, name)) return std::nullopt;
  std::string_view rest = trim(line.substr(name.size()));
  if (rest.empty() || rest.front() != '=') return std::nullopt;
  rest = trim(rest.substr(1));
  return rest;
}

// True for "key = value" lines that may sit inside an INI section.
bool is_ini_assignment(std::string_view line) {
  const std::size_t eq = line.find('=');
  if (eq == std::string_view::npos || eq == 0) return false;
  const std::string_view key = trim(line.substr(0, eq));
  for (const char c : key) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return !key.empty();
}

}  // namespace

std::optional<CredentialsBlock> find_credentials_block(std::string_view text, std::size_t pos) {
  constexpr std::string_view kIdName = "aws_access_key_id";
  constexpr std::string_view kSecretName = "aws_secret_access_key";
  const std::size_t begin = line_begin(text, pos);
  const std::string_view own_line = trim(text.substr(begin, line_end(text, begin) - begin));
  if (!assignment_value(own_line, kSecretName)) return std::nullopt;

  // Walk up to the section header through assignments, comments and blank lines only.
  std::size_t header = std::string_view::npos;
  std::size_t cursor = begin;
  for (int i = 0; i < kMaxSectionLines && cursor > 0; ++i) {
    const std::size_t prev = line_begin(text, cursor - 1);
    const std::string_view line = trim(text.substr(prev, cursor - 1 - prev));
    if (is_header(line)) {
      header = prev + text.substr(prev).find('[');
      break;
    }
    if (!is_comment_or_blank(line) && !is_ini_assignment(line)) return std::nullopt;
    cursor = prev;
  }
  if (header == std::string_view::npos) return std::nullopt;

  // Walk the section for both keys.
  std::optional<std::string_view> id;
  std::optional<std::string_view> secret;
  cursor = line_end(text, header);
  for (int i = 0; i < kMaxSectionLines && cursor < text.size(); ++i) {
    const std::size_t next = cursor + 1;
    const std::size_t end = line_end(text, next);
    const std::string_view line = trim(text.substr(next, end - next));
    if (is_header(line)) break;
    if (const auto value = assignment_value(line, kIdName);
        value && value->size() == kKeyIdLength && classify_key_id(*value).kind == KeyIdKind::kCredential) {
      id = value;
    } else if (const auto value2 = assignment_value(line, kSecretName);
               value2 && plausible_secret_access_key(*value2, false)) {
      secret = value2;
    } else if (!is_comment_or_blank(line) && !is_ini_assignment(line)) {
      break;
    }
    if (id && secret) return CredentialsBlock{header, *id, *secret};
    cursor = end;
  }
  return std::nullopt;
}

}  // namespace rolecall::secrets

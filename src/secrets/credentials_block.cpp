#include "secrets/credentials_block.h"

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
  if (!starts_with_nocase(line, name)) return std::nullopt;
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
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '-' || c == '.';
    if (!ok) return false;
  }
  return !key.empty();
}

}  // namespace

std::optional<CredentialsBlock> find_credentials_block(std::string_view text, std::size_t name_end) {
  constexpr std::string_view kIdName = "aws_access_key_id";
  if (name_end < kIdName.size()) return std::nullopt;
  const std::size_t begin = line_begin(text, name_end - kIdName.size());
  const std::string_view id_line = trim(text.substr(begin, line_end(text, begin) - begin));
  const auto id_value = assignment_value(id_line, kIdName);
  if (!id_value || id_value->size() != kKeyIdLength || classify_key_id(*id_value).kind != KeyIdKind::kCredential) {
    return std::nullopt;
  }

  // Walk up to the section header through assignments, comments and blank lines only.
  std::size_t header = std::string_view::npos;
  std::size_t pos = begin;
  for (int i = 0; i < kMaxSectionLines && pos > 0; ++i) {
    const std::size_t prev = line_begin(text, pos - 1);
    const std::string_view line = trim(text.substr(prev, pos - 1 - prev));
    if (is_header(line)) {
      header = prev + (text.substr(prev).find('['));
      break;
    }
    if (!is_comment_or_blank(line) && !is_ini_assignment(line)) return std::nullopt;
    pos = prev;
  }
  if (header == std::string_view::npos) return std::nullopt;

  // Walk the section for the secret.
  pos = line_end(text, header);
  for (int i = 0; i < kMaxSectionLines && pos < text.size(); ++i) {
    const std::size_t next = pos + 1;
    const std::size_t end = line_end(text, next);
    const std::string_view line = trim(text.substr(next, end - next));
    if (is_header(line)) break;
    if (const auto secret = assignment_value(line, "aws_secret_access_key");
        secret && plausible_secret_access_key(*secret, false)) {
      return CredentialsBlock{header, *id_value, *secret};
    }
    if (!is_comment_or_blank(line) && !is_ini_assignment(line)) break;
    pos = end;
  }
  return std::nullopt;
}

}  // namespace rolecall::secrets

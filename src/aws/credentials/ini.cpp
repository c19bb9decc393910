// A line-oriented INI reader for the AWS shared files.
#include "aws/credentials/ini.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "base/ascii.h"

namespace rolecall::aws {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Drops a trailing " #..." or " ;..." comment; a # or ; glued to text is part of the value.
std::string_view strip_trailing_comment(std::string_view s) {
  for (std::size_t i = 1; i < s.size(); ++i) {
    if ((s[i] == '#' || s[i] == ';') && is_space(s[i - 1])) return trim(s.substr(0, i));
  }
  return s;
}

// Position of the first '=' or ':' (the CLI accepts both), or npos.
std::size_t find_delimiter(std::string_view s) { return s.find_first_of("=:"); }

}  // namespace

Result<std::vector<IniSection>> parse_ini(std::string_view text, std::string_view source) {
  std::vector<IniSection> sections;
  IniSection* current = nullptr;
  IniValue* last_value = nullptr;  // the value an indented line continues
  int line_no = 0;
  auto error = [&](std::string_view what) {
    return fail(ErrorKind::kParse, fmt::format("{}:{}: {}", source, line_no, what));
  };

  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line_no == 1 && raw.starts_with("\xEF\xBB\xBF")) raw.remove_prefix(3);  // UTF-8 BOM

    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') {
      if (end == text.size()) break;
      continue;
    }
    bool indented = is_space(raw.front());

    if (indented && last_value != nullptr) {
      std::string_view content = strip_trailing_comment(line);
      if (last_value->value.empty()) {
        // Sub-section: "s3 =" followed by indented "key = value" lines.
        std::size_t d = find_delimiter(content);
        if (d == std::string_view::npos) return error("expected 'key = value' in an indented sub-setting");
        last_value->sub[base::to_lower(trim(content.substr(0, d)))] = std::string(trim(content.substr(d + 1)));
      } else {
        last_value->value += '\n';
        last_value->value += content;
      }
    } else if (line.front() == '[') {
      std::size_t close = line.rfind(']');
      if (close == std::string_view::npos) return error("section header has no closing ']'");
      std::string_view after = trim(line.substr(close + 1));
      if (!after.empty() && after.front() != '#' && after.front() != ';') {
        return error("unexpected text after the section header");
      }
      std::string name(trim(line.substr(1, close - 1)));
      if (name.empty()) return error("empty section name");
      auto it = std::ranges::find(sections, name, &IniSection::name);
      if (it == sections.end()) {
        sections.push_back(IniSection{name, {}, line_no});
        current = &sections.back();
      } else {
        current = &*it;
      }
      last_value = nullptr;
    } else {
      std::size_t d = find_delimiter(line);
      if (d == std::string_view::npos) return error("expected '[section]' or 'key = value'");
      if (current == nullptr) return error("setting appears before any [section]");
      std::string key = base::to_lower(trim(line.substr(0, d)));
      if (key.empty()) return error("setting has an empty name");
      IniValue& value = current->values[key];
      value = IniValue{std::string(strip_trailing_comment(trim(line.substr(d + 1)))), {}, line_no};
      last_value = &value;
    }
    if (end == text.size()) break;
  }
  return sections;
}

}  // namespace rolecall::aws

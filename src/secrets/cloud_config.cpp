#include "secrets/cloud_config.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "base/ascii.h"
#include "secrets/text_lines.h"

namespace rolecall::secrets {
namespace {

struct Line {
  std::size_t begin = 0;   // offset of the first byte
  std::size_t end = 0;     // offset of the '\n' (or text end)
  std::size_t number = 0;  // 1-based
  std::size_t indent = 0;
  std::string_view content;  // without indentation and trailing blanks
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t pos = 0;
  std::size_t number = 1;
  while (pos < text.size()) {
    const std::size_t end = line_end(text, pos);
    const std::string_view raw = text.substr(pos, end - pos);
    const std::size_t indent = std::min(raw.find_first_not_of(' '), raw.size());
    lines.push_back({pos, end, number++, indent, trim(raw.substr(indent))});
    pos = end + 1;
  }
  return lines;
}

bool ignorable(const Line& line) { return line.content.empty() || line.content.front() == '#'; }

std::string unquote(std::string_view v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    return std::string(v.substr(1, v.size() - 2));
  return std::string(v);
}

// "key: value" split at the first ": " (or trailing ':').
std::optional<std::pair<std::string_view, std::string_view>> key_value(std::string_view s) {
  const std::size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  if (colon + 1 < s.size() && s[colon + 1] != ' ' && s[colon + 1] != '\t') return std::nullopt;
  return std::pair{trim(s.substr(0, colon)), trim(s.substr(colon + 1))};
}

struct Entry {
  std::string path;
  std::string encoding;
  std::string content;
  bool binary_tag = false;
  std::size_t content_line = 0;
  std::size_t content_begin = 0;
  std::size_t content_end = 0;
};

// Reads the value of "content:" starting at lines[i] (whose inline value is `inline_value`);
// returns the index of the first line after the value.
std::size_t read_content(const std::vector<Line>& lines, std::size_t i, std::size_t key_indent,
                         std::string_view inline_value, Entry& entry) {
  std::string_view value = inline_value;
  if (value.starts_with("!!binary")) {
    entry.binary_tag = true;
    value = trim(value.substr(8));
  }
  entry.content_line = lines[i].number;
  entry.content_begin = lines[i].begin;
  entry.content_end = lines[i].end;
  const bool block = !value.empty() && (value.front() == '|' || value.front() == '>');
  if (!block) entry.content = unquote(value);
  std::size_t j = i + 1;
  for (; j < lines.size(); ++j) {
    if (!lines[j].content.empty() && lines[j].indent <= key_indent) break;
    if (!entry.content.empty() || block) entry.content += '\n';
    entry.content += lines[j].content;
    entry.content_end = lines[j].end;
  }
  if (!block) entry.content = unquote(trim(entry.content));
  return j;
}

}  // namespace

std::vector<EncodedWriteFile> find_encoded_write_files(std::string_view text) {
  std::vector<EncodedWriteFile> out;
  const std::vector<Line> lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].content != "write_files:") continue;
    const std::size_t list_indent = lines[i].indent;
    std::vector<Entry> entries;
    std::size_t key_indent = 0;
    std::size_t j = i + 1;
    while (j < lines.size()) {
      const Line& line = lines[j];
      if (ignorable(line)) {
        ++j;
        continue;
      }
      const bool dash = line.content.starts_with("- ") || line.content == "-";
      if (line.indent < list_indent || (line.indent == list_indent && !dash)) break;
      std::string_view body = line.content;
      if (dash) {
        entries.emplace_back();
        body = trim(body.substr(1));
        key_indent = line.indent + static_cast<std::size_t>(body.data() - line.content.data());
        if (body.empty()) {
          ++j;
          continue;
        }
      } else if (entries.empty() || line.indent != key_indent) {
        ++j;  // something this reader does not follow
        continue;
      }
      const auto kv = key_value(body);
      if (!kv) {
        ++j;
        continue;
      }
      Entry& entry = entries.back();
      if (kv->first == "content") {
        j = read_content(lines, j, key_indent, kv->second, entry);
        continue;
      }
      if (kv->first == "path") entry.path = unquote(kv->second);
      if (kv->first == "encoding") entry.encoding = base::to_lower(unquote(kv->second));
      ++j;
    }
    for (std::size_t e = 0; e < entries.size(); ++e) {
      Entry& entry = entries[e];
      const std::string& enc = entry.encoding;
      const bool b64 = enc == "b64" || enc == "base64" || enc == "gz+b64" || enc == "gzip+base64" ||
                       enc == "gz+base64" || enc == "gzip+b64";
      const bool gz = enc.starts_with("gz");
      if (!b64 && !entry.binary_tag) continue;  // plain content is scanned as part of the document
      out.push_back({e, entry.path, enc.empty() ? "!!binary" : enc, gz, std::move(entry.content), entry.content_line,
                     entry.content_begin, entry.content_end});
    }
    i = j - 1;
  }
  return out;
}

}  // namespace rolecall::secrets

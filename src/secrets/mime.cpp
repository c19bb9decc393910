#include "secrets/mime.h"

#include <algorithm>
#include <cctype>

#include "base/ascii.h"
#include "secrets/text_lines.h"

namespace rolecall::secrets {
namespace {

// A line without its trailing '\r'.
std::string_view chomp(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool is_header_line(std::string_view line) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  return std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(colon),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_'; });
}

// The value of parameter `name` in a header value such as `multipart/mixed; boundary="xyz"`.
std::string parameter(std::string_view value, std::string_view name) {
  std::size_t pos = 0;
  while ((pos = value.find(';', pos)) != std::string_view::npos) {
    ++pos;
    std::string_view rest = trim(value.substr(pos));
    if (!base::istarts_with(rest, name)) continue;
    rest = trim(rest.substr(name.size()));
    if (rest.empty() || rest.front() != '=') continue;
    rest = trim(rest.substr(1));
    if (!rest.empty() && rest.front() == '"') {
      const std::size_t close = rest.find('"', 1);
      return std::string(rest.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    }
    const std::size_t stop = rest.find_first_of("; \t");
    return std::string(rest.substr(0, stop));
  }
  return {};
}

void apply_header(MimeEntity& entity, std::string_view name, std::string_view value) {
  if (base::istarts_with(name, "content-type") && name.size() == 12) {
    const std::size_t semi = value.find(';');
    const std::string type = base::to_lower(trim(value.substr(0, semi)));
    if (!type.empty()) entity.content_type = type;
    entity.boundary = parameter(value, "boundary");
    if (entity.filename.empty()) entity.filename = parameter(value, "name");
  } else if (base::istarts_with(name, "content-transfer-encoding") && name.size() == 25) {
    entity.transfer_encoding = base::to_lower(trim(value));
  } else if (base::istarts_with(name, "content-disposition") && name.size() == 19) {
    const std::string file = parameter(value, "filename");
    if (!file.empty()) entity.filename = file;
  }
}

}  // namespace

bool looks_like_mime(std::string_view text) {
  const std::string_view first = chomp(text.substr(0, line_end(text, 0)));
  return base::istarts_with(first, "content-type:") || base::istarts_with(first, "mime-version:");
}

MimeEntity parse_mime_entity(std::string_view text) {
  MimeEntity entity;
  std::string header;  // the current header, unfolded
  const auto flush = [&] {
    if (header.empty()) return;
    const std::size_t colon = header.find(':');
    apply_header(entity, trim(std::string_view(header).substr(0, colon)),
                 trim(std::string_view(header).substr(colon + 1)));
    header.clear();
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = line_end(text, pos);
    const std::string_view line = chomp(text.substr(pos, end - pos));
    const std::size_t next = std::min(end + 1, text.size());
    if (line.empty()) {
      flush();
      entity.headers = text.substr(0, pos);
      entity.body = text.substr(next);
      return entity;
    }
    if ((line.front() == ' ' || line.front() == '\t') && !header.empty()) {
      header += ' ';
      header += trim(line);
    } else if (is_header_line(line)) {
      flush();
      header = line;
    } else {
      MimeEntity plain;  // not a header block: all body
      plain.body = text;
      return plain;
    }
    pos = next;
  }
  flush();
  entity.headers = text;
  entity.body = text.substr(text.size());  // headers only: empty, but still a view into `text`
  return entity;
}

Multipart parse_multipart(std::string_view body, std::string_view boundary) {
  Multipart multipart;
  if (boundary.empty()) return multipart;
  const std::string delimiter = "--" + std::string(boundary);
  std::size_t part_start = std::string_view::npos;
  std::size_t pos = 0;
  while (pos < body.size()) {
    const std::size_t end = line_end(body, pos);
    const std::string_view line = trim(body.substr(pos, end - pos));
    if (line.starts_with(delimiter)) {
      const std::string_view tail = line.substr(delimiter.size());
      const bool closing = tail.starts_with("--");
      if (tail.empty() || closing) {
        // The line break before the delimiter belongs to the delimiter.
        std::size_t before_end = pos == 0 ? 0 : pos - 1;
        if (part_start == std::string_view::npos) {
          multipart.preamble = body.substr(0, before_end);
        } else {
          if (before_end > part_start && body[before_end - 1] == '\r') --before_end;
          multipart.parts.push_back(body.substr(part_start, before_end >= part_start ? before_end - part_start : 0));
        }
        if (closing) {
          multipart.epilogue = body.substr(std::min(end + 1, body.size()));
          return multipart;
        }
        part_start = std::min(end + 1, body.size());
      }
    }
    pos = end + 1;
  }
  if (part_start != std::string_view::npos && part_start < body.size()) {
    multipart.parts.push_back(body.substr(part_start));
  }
  return multipart;
}

std::vector<std::string_view> split_multipart(std::string_view body, std::string_view boundary) {
  return parse_multipart(body, boundary).parts;
}

}  // namespace rolecall::secrets

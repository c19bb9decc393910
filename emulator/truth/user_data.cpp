#include "emulator/truth/user_data.h"

#include <zlib.h>

#include "base/ascii.h"

namespace rolecall::emulator::truth {
namespace {

constexpr std::size_t kMaxInflated = 16 << 20;  // bytes per gzip layer
constexpr int kMaxDepth = 8;

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Inflates every gzip member in `data`; nullopt when corrupt or too large.
std::optional<std::string> gunzip(std::string_view data) {
  std::string out;
  while (!data.empty()) {
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return std::nullopt;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    char buffer[16384];
    while (rc != Z_STREAM_END) {
      zs.next_out = reinterpret_cast<Bytef*>(buffer);
      zs.avail_out = sizeof buffer;
      rc = inflate(&zs, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END) break;
      out.append(buffer, sizeof buffer - zs.avail_out);
      if (out.size() > kMaxInflated) rc = Z_DATA_ERROR;
    }
    std::size_t used = data.size() - zs.avail_in;
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) return std::nullopt;
    data.remove_prefix(used);
    while (!data.empty() && data.front() == '\0') data.remove_prefix(1);  // padding between members
  }
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

// MIME headers (folded lines joined) up to the first blank line; `body` receives the rest.
std::vector<std::pair<std::string, std::string>> mime_headers(std::string_view text, std::string_view& body) {
  std::vector<std::pair<std::string, std::string>> headers;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if ((line.front() == ' ' || line.front() == '\t') && !headers.empty()) {
      headers.back().second += " " + trim(line);
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    headers.emplace_back(base::to_lower(trim(line.substr(0, colon))), trim(line.substr(colon + 1)));
  }
  body = text;
  return headers;
}

std::string header(const std::vector<std::pair<std::string, std::string>>& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

// The boundary="..." (or unquoted) parameter of a Content-Type value.
std::string boundary_of(const std::string& content_type) {
  std::string lower = base::to_lower(content_type);
  auto at = lower.find("boundary=");
  if (at == std::string::npos) return {};
  std::string_view rest = std::string_view(content_type).substr(at + 9);
  if (!rest.empty() && rest.front() == '"') {
    rest.remove_prefix(1);
    return std::string(rest.substr(0, rest.find('"')));
  }
  return trim(rest.substr(0, rest.find(';')));
}

std::string quoted_printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
    } else if (i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '\r')) {
      i += text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n' ? 2 : 1;  // soft line break
    } else if (i + 2 < text.size()) {
      auto hex = [](char c) { return c >= 'A' ? (c & ~0x20) - 'A' + 10 : c - '0'; };
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    }
  }
  return out;
}

bool peel(std::string_view data, int depth, std::vector<std::string>& out);

// cloud-config write_files entries whose content is encoded (b64, base64, gz+b64, gzip+base64).
bool peel_write_files(std::string_view text, int depth, std::vector<std::string>& out) {
  std::string encoding;
  std::string content;
  auto flush = [&]() {
    bool ok = true;
    std::string enc = base::to_lower(encoding);
    if (!content.empty() && enc != "" && enc != "text/plain") {
      auto raw = decode_base64(content);
      ok = raw && peel(*raw, depth + 1, out);  // gzip inside is recognised by its magic bytes
    }
    encoding.clear();
    content.clear();
    return ok;
  };
  for (std::string_view line : lines_of(text)) {
    std::string t = trim(line);
    if (t.starts_with("- ")) {
      if (!flush()) return false;
      t = trim(t.substr(2));
    }
    auto unquote = [](std::string v) {
      if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"') && v.back() == v.front())
        v = v.substr(1, v.size() - 2);
      return v;
    };
    if (t.starts_with("encoding:")) encoding = unquote(trim(t.substr(9)));
    if (t.starts_with("content:")) content = unquote(trim(t.substr(8)));
  }
  return flush();
}

bool peel(std::string_view data, int depth, std::vector<std::string>& out) {
  if (depth > kMaxDepth) return false;
  if (data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f && static_cast<unsigned char>(data[1]) == 0x8b) {
    auto inflated = gunzip(data);
    return inflated && peel(*inflated, depth + 1, out);
  }
  std::string first_line = base::to_lower(trim(data.substr(0, data.find('\n'))));
  if (first_line.starts_with("content-type:") || first_line.starts_with("mime-version:")) {
    std::string_view body;
    auto headers = mime_headers(data, body);
    std::string type = header(headers, "content-type");
    std::string boundary = boundary_of(type);
    std::string encoding = base::to_lower(header(headers, "content-transfer-encoding"));
    if (base::to_lower(type).starts_with("multipart/") && !boundary.empty()) {
      std::string delimiter = "--" + boundary;
      std::size_t at = body.find(delimiter);
      while (at != std::string_view::npos) {
        std::size_t start = at + delimiter.size();
        if (body.substr(start, 2) == "--") break;  // closing delimiter
        std::size_t next = body.find(delimiter, start);
        std::string_view part =
            body.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start);
        auto nl = part.find('\n');
        part = nl == std::string_view::npos ? std::string_view{} : part.substr(nl + 1);
        if (!peel(part, depth + 1, out)) return false;
        at = next;
      }
      return true;
    }
    if (encoding == "base64") {
      auto raw = decode_base64(body);
      return raw && peel(*raw, depth + 1, out);
    }
    if (encoding == "quoted-printable") return peel(quoted_printable(body), depth + 1, out);
    return peel(body, depth + 1, out);
  }
  out.emplace_back(data);
  if (first_line.starts_with("#cloud-config") && data.find("write_files:") != std::string_view::npos) {
    return peel_write_files(data, depth, out);
  }
  return true;
}

}  // namespace

std::optional<std::string> decode_base64(std::string_view text) {
  std::string out;
  unsigned int bits = 0;
  int count = 0;
  std::size_t padding = 0;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    int v = base64_value(c);
    if (v < 0 || padding > 0) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned int>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xff);
    }
  }
  if (padding > 2 || count >= 6) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> decode_user_data(std::string_view user_data) {
  std::vector<std::string> layers;
  if (user_data.empty()) return layers;
  auto raw = decode_base64(user_data);
  if (!raw || !peel(*raw, 0, layers)) return std::nullopt;
  return layers;
}

}  // namespace rolecall::emulator::truth

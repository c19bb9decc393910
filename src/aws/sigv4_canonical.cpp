#include "aws/sigv4_canonical.h"

#include <algorithm>
#include <array>
#include <utility>

#include "aws/sigv4.h"
#include "base/ascii.h"

namespace rolecall::aws::sigv4 {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

constexpr std::array<bool, 256> make_unreserved() {
  std::array<bool, 256> table{};
  for (int c = 'A'; c <= 'Z'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (int c = '0'; c <= '9'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (char c : {'-', '_', '.', '~'}) table[static_cast<unsigned char>(c)] = true;
  return table;
}
constexpr std::array<bool, 256> kUnreserved = make_unreserved();

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string uri_encode(std::string_view in, bool keep_slash) {
  std::string out;
  out.reserve(in.size() + in.size() / 4);
  for (char c : in) {
    const auto u = static_cast<unsigned char>(c);
    if (kUnreserved[u] || (keep_slash && c == '/')) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0x0F]);
    }
  }
  return out;
}

namespace detail {

Result<UrlParts> split_url(std::string_view url) {
  UrlParts parts;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) {
    return fail(ErrorKind::kInvalidArgument, "URL '" + std::string(url) + "' is not absolute (scheme://host/...)");
  }
  parts.scheme = url.substr(0, scheme_end);
  const auto rest = url.substr(scheme_end + 3);
  const auto authority_end = rest.find_first_of("/?#");
  parts.authority = rest.substr(0, authority_end);
  if (parts.authority.empty()) {
    return fail(ErrorKind::kInvalidArgument, "URL '" + std::string(url) + "' has no host");
  }
  auto target = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  // A fragment never reaches the server, so it never takes part in a signature.
  if (const auto hash = target.find('#'); hash != std::string_view::npos) target = target.substr(0, hash);
  const auto question = target.find('?');
  parts.path = target.substr(0, question);
  parts.query = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
  parts.base = url.substr(0, scheme_end + 3 + parts.authority.size() + parts.path.size());
  return parts;
}

std::string host_from_url(const UrlParts& url) {
  std::string_view host = url.authority;
  if (const auto at = host.rfind('@'); at != std::string_view::npos) host = host.substr(at + 1);
  const auto colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(']', colon) == std::string_view::npos) {
    const auto port = host.substr(colon + 1);
    if ((url.scheme == "http" && port == "80") || (url.scheme == "https" && port == "443")) {
      host = host.substr(0, colon);
    }
  }
  return std::string(host);
}

std::string percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      const int hi = base::hex_digit_value(in[i + 1]);
      const int lo = base::hex_digit_value(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(in[i]);
  }
  return out;
}

std::string canonical_uri(std::string_view path, bool normalize, bool double_encode) {
  std::string normalized;
  if (normalize) {
    // Dot segments resolved and empty segments (duplicate slashes) dropped, as AWS does.
    std::vector<std::string_view> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
      auto end = path.find('/', start);
      if (end == std::string_view::npos) end = path.size();
      const auto segment = path.substr(start, end - start);
      if (segment == "..") {
        if (!segments.empty()) segments.pop_back();
      } else if (!segment.empty() && segment != ".") {
        segments.push_back(segment);
      }
      start = end + 1;
    }
    normalized.push_back('/');
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (i > 0) normalized.push_back('/');
      normalized.append(segments[i]);
    }
    if (!segments.empty() && !path.empty() && path.back() == '/') normalized.push_back('/');
  } else {
    normalized.assign(path);
  }
  if (normalized.empty()) normalized = "/";
  // The path on the wire is already encoded once; every service but S3 encodes it again.
  return double_encode ? uri_encode(normalized, true) : uri_encode(percent_decode(normalized), true);
}

std::vector<QueryParam> parse_query(std::string_view query) {
  std::vector<QueryParam> params;
  std::size_t start = 0;
  while (start <= query.size()) {
    auto end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const auto piece = query.substr(start, end - start);
    if (!piece.empty()) {
      const auto eq = piece.find('=');
      if (eq == std::string_view::npos) {
        params.push_back({percent_decode(piece), {}});
      } else {
        params.push_back({percent_decode(piece.substr(0, eq)), percent_decode(piece.substr(eq + 1))});
      }
    }
    start = end + 1;
  }
  return params;
}

std::string canonical_query(std::string_view raw_query, std::string_view skip_key) {
  if (raw_query.empty()) return {};
  std::vector<std::pair<std::string, std::string>> encoded;
  for (auto& param : parse_query(raw_query)) {
    if (!skip_key.empty() && param.key == skip_key) continue;
    encoded.emplace_back(uri_encode(param.key, false), uri_encode(param.value, false));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [key, value] : encoded) {
    if (!out.empty()) out.push_back('&');
    out.append(key);
    out.push_back('=');
    out.append(value);
  }
  return out;
}

std::string trim_collapse(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && is_space(value[i])) ++i;
    std::size_t end = i;
    while (end < value.size() && !is_space(value[end])) ++end;
    if (end == i) break;
    if (!out.empty()) out.push_back(' ');
    out.append(value.substr(i, end - i));  // whole words at once: tokens can be long
    i = end;
  }
  return out;
}

namespace {

// Headers that proxies and HTTP stacks add, drop or rewrite; signing them breaks requests.
bool never_signed(std::string_view lower_name) {
  static constexpr std::string_view kSkip[] = {"authorization",     "connection", "expect",
                                               "transfer-encoding", "user-agent", "x-amzn-trace-id"};
  return std::find(std::begin(kSkip), std::end(kSkip), lower_name) != std::end(kSkip);
}

// Emits sorted (name, value) pairs, joining equal names with ',' in their original order.
CanonicalHeaders render(std::vector<std::pair<std::string, std::string>>& entries) {
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  CanonicalHeaders out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const bool continues = i > 0 && entries[i].first == entries[i - 1].first;
    if (continues) {
      out.block.push_back(',');
    } else {
      if (i > 0) out.block.push_back('\n');
      if (!out.signed_list.empty()) out.signed_list.push_back(';');
      out.signed_list.append(entries[i].first);
      out.block.append(entries[i].first);
      out.block.push_back(':');
    }
    out.block.append(entries[i].second);
  }
  if (!entries.empty()) out.block.push_back('\n');
  return out;
}

}  // namespace

CanonicalHeaders canonical_headers_all(const HttpHeaders& headers) {
  std::vector<std::pair<std::string, std::string>> entries;
  entries.reserve(headers.size());
  for (const auto& header : headers) {
    auto name = base::to_lower(trim_collapse(header.name));
    if (never_signed(name)) continue;
    entries.emplace_back(std::move(name), trim_collapse(header.value));
  }
  return render(entries);
}

CanonicalHeaders canonical_headers_named(const HttpHeaders& headers, const std::vector<std::string>& names,
                                         std::string_view fallback_host) {
  std::vector<std::string> wanted = names;
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  std::vector<std::pair<std::string, std::string>> entries;
  std::vector<bool> found(wanted.size(), false);
  for (const auto& header : headers) {
    auto name = base::to_lower(trim_collapse(header.name));
    const auto it = std::lower_bound(wanted.begin(), wanted.end(), name);
    if (it == wanted.end() || *it != name) continue;
    found[static_cast<std::size_t>(it - wanted.begin())] = true;
    entries.emplace_back(std::move(name), trim_collapse(header.value));
  }
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (!found[i]) entries.emplace_back(wanted[i], wanted[i] == "host" ? std::string(fallback_host) : std::string());
  }
  return render(entries);
}

}  // namespace detail
}  // namespace rolecall::aws::sigv4

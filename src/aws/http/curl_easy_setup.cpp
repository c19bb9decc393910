#include "aws/http/curl_easy_setup.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <mutex>

#include <strings.h>

#include <fmt/format.h>

#include "base/ascii.h"

namespace rolecall::aws {

HttpOptions HttpOptions::from_environment(const base::Env& env) {
  HttpOptions options;
  if (auto bundle = env.get("AWS_CA_BUNDLE")) options.ca_bundle = *bundle;
  return options;
}

namespace curl_detail {
namespace {

constexpr std::size_t kMaxBodyReserve = std::size_t{64} << 20;

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  if (exchange->max_body != 0 && exchange->response.body.size() + n > exchange->max_body) {
    exchange->body_too_large = true;
    return 0;  // curl stops the transfer (CURLE_WRITE_ERROR)
  }
  exchange->response.body.append(data, n);
  return n;
}

std::string_view trim_header(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    // A new response head (after 1xx, or a retried exchange): only the last one counts.
    exchange->response.headers.clear();
    return line.size();
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return line.size();  // blank line or junk
  std::string name(trim_header(line.substr(0, colon)));
  std::string value(trim_header(line.substr(colon + 1)));
  if (base::iequals(name, "content-length")) {
    // Room for the whole body up front: a multi-megabyte page otherwise regrows and copies
    // several times. Bounded, as the header is the server's word, not a promise.
    std::size_t length = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (ec == std::errc() && end == value.data() + value.size()) {
      exchange->response.body.reserve(std::min(length, kMaxBodyReserve));
    }
  }
  exchange->response.headers.push_back({std::move(name), std::move(value)});
  return line.size();
}

bool has_line_break(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// Sets an option, turning the (rare) failure into an error naming it.
template <typename T>
Result<void> set(CURL* easy, CURLoption option, T value, const char* name) {
  CURLcode code = curl_easy_setopt(easy, option, value);
  if (code != CURLE_OK) {
    return fail(ErrorKind::kInvalidArgument, fmt::format("libcurl rejected {}: {}", name, curl_easy_strerror(code)));
  }
  return {};
}

}  // namespace

void ensure_global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Exchange::~Exchange() {
  if (header_list != nullptr) curl_slist_free_all(header_list);
}

Result<void> configure(CURL* easy, Exchange& exchange, const HttpOptions& options) {
  curl_easy_reset(easy);
  if (exchange.header_list != nullptr) {
    curl_slist_free_all(exchange.header_list);
    exchange.header_list = nullptr;
  }
  exchange.response = {};
  exchange.error_buffer[0] = '\0';
  exchange.max_body = options.max_response_bytes;
  exchange.body_too_large = false;
  const HttpRequest& request = exchange.request;

  if (!is_token(request.method)) {
    return fail(ErrorKind::kInvalidArgument, fmt::format("invalid HTTP method '{}'", request.method));
  }
  if (request.url.empty() || has_line_break(request.url)) {
    return fail(ErrorKind::kInvalidArgument, "invalid request URL");
  }
  bool has_content_type = false;
  for (const auto& h : request.headers) {
    if (!is_token(h.name) || has_line_break(h.value)) {
      return fail(ErrorKind::kInvalidArgument, fmt::format("invalid HTTP header '{}'", h.name));
    }
    if (curl_strequal(h.name.c_str(), "Content-Type") != 0) has_content_type = true;
    // "Name;" is libcurl's spelling of a header with an empty value.
    std::string line = h.value.empty() ? h.name + ";" : h.name + ": " + h.value;
    exchange.header_list = curl_slist_append(exchange.header_list, line.c_str());
  }
  // No 100-continue round trip; no invented form Content-Type on POSTs that carry none.
  exchange.header_list = curl_slist_append(exchange.header_list, "Expect:");
  if (!has_content_type) exchange.header_list = curl_slist_append(exchange.header_list, "Content-Type:");

  Result<void> r;
  auto chain = [&r](Result<void> next) {
    if (r && !next) r = std::move(next);
  };
  chain(set(easy, CURLOPT_URL, request.url.c_str(), "URL"));
  chain(set(easy, CURLOPT_NOSIGNAL, 1L, "NOSIGNAL"));
  chain(set(easy, CURLOPT_PROTOCOLS_STR, "http,https", "PROTOCOLS_STR"));
  chain(set(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1), "HTTP_VERSION"));
  chain(set(easy, CURLOPT_SSL_VERIFYPEER, 1L, "SSL_VERIFYPEER"));
  chain(set(easy, CURLOPT_SSL_VERIFYHOST, 2L, "SSL_VERIFYHOST"));
  if (!options.ca_bundle.empty()) {
    // Also for an HTTPS proxy: a TLS-inspecting corporate proxy is why people set AWS_CA_BUNDLE.
    chain(set(easy, CURLOPT_CAINFO, options.ca_bundle.c_str(), "CAINFO"));
    chain(set(easy, CURLOPT_PROXY_CAINFO, options.ca_bundle.c_str(), "PROXY_CAINFO"));
  }
  chain(set(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()), "CONNECTTIMEOUT"));
  chain(set(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()), "TIMEOUT"));
  chain(set(easy, CURLOPT_TCP_KEEPALIVE, 1L, "TCP_KEEPALIVE"));
  if (options.accept_encoding) chain(set(easy, CURLOPT_ACCEPT_ENCODING, "", "ACCEPT_ENCODING"));
  chain(set(easy, CURLOPT_HTTPHEADER, exchange.header_list, "HTTPHEADER"));
  chain(set(easy, CURLOPT_ERRORBUFFER, exchange.error_buffer, "ERRORBUFFER"));
  chain(set(easy, CURLOPT_HEADERFUNCTION, &on_header, "HEADERFUNCTION"));
  chain(set(easy, CURLOPT_HEADERDATA, static_cast<void*>(&exchange), "HEADERDATA"));
  chain(set(easy, CURLOPT_WRITEFUNCTION, &on_body, "WRITEFUNCTION"));
  chain(set(easy, CURLOPT_WRITEDATA, static_cast<void*>(&exchange), "WRITEDATA"));

  if (request.method == "HEAD") {
    chain(set(easy, CURLOPT_NOBODY, 1L, "NOBODY"));
  } else if (request.method == "GET" && request.body.empty()) {
    chain(set(easy, CURLOPT_HTTPGET, 1L, "HTTPGET"));
  } else {
    // The body stays in `exchange` until the transfer ends, so curl need not copy it.
    chain(set(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()), "POSTFIELDSIZE"));
    chain(set(easy, CURLOPT_POSTFIELDS, request.body.data(), "POSTFIELDS"));
    if (request.method != "POST") chain(set(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str(), "CUSTOMREQUEST"));
  }
  return r;
}

Result<HttpResponse> finish(CURL* easy, CURLcode code, Exchange& exchange) {
  if (exchange.body_too_large) {
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    Error error =
        Error::of(ErrorKind::kHttp, fmt::format("{} {}: the response is larger than {} MiB, the most rolecall "
                                                "reads from an endpoint; not used",
                                                exchange.request.method, url_without_query(exchange.request.url),
                                                exchange.max_body >> 20));
    error.http_status = static_cast<int>(status);
    return std::unexpected(std::move(error));
  }
  if (code != CURLE_OK) {
    std::string detail =
        exchange.error_buffer[0] != '\0' ? std::string(exchange.error_buffer) : curl_easy_strerror(code);
    return fail(ErrorKind::kNetwork, fmt::format("{} {} failed: {}", exchange.request.method,
                                                 url_without_query(exchange.request.url), detail));
  }
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  exchange.response.status = static_cast<int>(status);
  return std::move(exchange.response);
}

std::string origin_of(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {};
  auto host_end = url.find_first_of("/?#", scheme_end + 3);
  std::string origin = url.substr(0, host_end);
  return base::to_lower(origin);
}

std::string url_without_query(const std::string& url) { return url.substr(0, url.find_first_of("?#")); }

}  // namespace curl_detail
}  // namespace rolecall::aws

// Container credentials: fetch, authorise, parse.
#include "aws/credentials/ecs_provider.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "aws/credentials/credentials_json.h"
#include "aws/credentials/metadata_http.h"
#include "aws/credentials/provider_error.h"
#include "base/ascii.h"

namespace rolecall::aws {

namespace {

constexpr const char* kEcsHost = "http://169.254.170.2";

struct ParsedUrl {
  std::string scheme;  // lower case
  std::string host;    // without brackets
};

// Scheme and host of an absolute URL, or nullopt when it is not one.
std::optional<ParsedUrl> parse_url(std::string_view url) {
  std::size_t colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  ParsedUrl out;
  out.scheme = base::to_lower(url.substr(0, colon));
  std::string_view rest = url.substr(colon + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (std::size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (rest.starts_with("[")) {
    std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(rest.substr(1, close - 1));
  } else {
    out.host = std::string(rest.substr(0, rest.find(':')));
  }
  if (out.host.empty()) return std::nullopt;
  out.host = base::to_lower(out.host);
  return out;
}

}  // namespace

bool is_allowed_container_host(std::string_view host_in) {
  std::string host(host_in);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost" || host == "169.254.170.2" || host == "169.254.170.23") return true;
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    in6_addr eks{};
    ::inet_pton(AF_INET6, "fd00:ec2::23", &eks);
    return IN6_IS_ADDR_LOOPBACK(&v6) || std::memcmp(&v6, &eks, sizeof v6) == 0;
  }
  return false;
}

Result<Credentials> EcsProvider::resolve() {
  std::string url;
  if (auto relative = env_.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    url = std::string(kEcsHost) + (relative->starts_with("/") ? "" : "/") + *relative;
  } else if (auto full = env_.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    auto parsed = parse_url(*full);
    if (!parsed || (parsed->scheme != "http" && parsed->scheme != "https")) {
      return fail(ErrorKind::kInvalidArgument, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL");
    }
    if (parsed->scheme == "http" && !is_allowed_container_host(parsed->host)) {
      return fail(ErrorKind::kInvalidArgument,
                  fmt::format("AWS_CONTAINER_CREDENTIALS_FULL_URI host {} is not allowed over plain http "
                              "(only loopback, 169.254.170.2, 169.254.170.23 and fd00:ec2::23)",
                              parsed->host));
    }
    url = *full;
  } else {
    return not_configured("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set");
  }

  HttpRequest request;
  request.method = "GET";
  request.url = url;
  request.set_header("Accept", "application/json");
  std::string token;
  if (auto token_file = env_.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    auto text = env_.read_file(*token_file, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    if (!text) return fail(ErrorKind::kIo, text.error().message);
    token = std::move(*text);
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  } else if (auto t = env_.get("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
    token = *t;
  }
  if (token.find_first_of("\r\n") != std::string::npos) {
    return fail(ErrorKind::kInvalidArgument, "the container authorization token contains a line break");
  }
  if (!token.empty()) request.set_header("Authorization", token);

  std::string shown = url_for_messages(url);
  auto response = fetch_with_retry(http_, request);
  if (!response)
    return fail(as_failure(response.error()).with_context(fmt::format("container credentials from {}", shown)));
  if (response->status != 200) {
    return fail(Error::credentials(fmt::format("container credentials from {}: HTTP {}", shown, response->status))
                    .with_http_status(response->status));
  }
  auto creds = parse_credentials_json(response->body, CredentialsDocument::kContainer,
                                      fmt::format("container credentials from {}", shown));
  if (!creds) return fail(creds.error());
  creds->provider = "container";
  return creds;
}

}  // namespace rolecall::aws

#include "app/webhook.h"

#include <fmt/format.h>

#include "base/sha256.h"

namespace rolecall::app {
namespace {

// Whether another try may succeed: throttled, the receiver failing, or no response at all.
bool webhook_retryable(const Error& error) {
  if (error.kind == ErrorKind::kNetwork) return true;
  return error.kind == ErrorKind::kHttp && (error.http_status == 429 || error.http_status >= 500);
}

// `text` with every mention of the URL (whole, or without its query and fragment, as the transport's
// messages print it) replaced by its origin.
std::string webhook_redacted(std::string text, const std::string& url, const std::string& origin) {
  std::string bare = url.substr(0, url.find_first_of("?#"));
  for (const std::string* secret : {&url, static_cast<const std::string*>(&bare)}) {
    for (auto at = text.find(*secret); !secret->empty() && at != std::string::npos; at = text.find(*secret, at)) {
      text.replace(at, secret->size(), origin);
      at += origin.size();
    }
  }
  return text;
}

// The start of a refusal's body ("invalid_payload", "no_service" from Slack), printable ASCII only.
std::string webhook_reply_excerpt(const std::string& body) {
  std::string out;
  for (char c : body) {
    if (out.size() == 120) break;
    out += (c >= 0x20 && c < 0x7f) ? c : ' ';
  }
  return out.empty() ? out : ": " + out;
}

}  // namespace

Result<std::string> webhook_origin(std::string_view option, std::string_view url) {
  std::string_view scheme;
  for (std::string_view s : {"https://", "http://"}) {
    if (url.starts_with(s)) scheme = s;
  }
  const std::string_view rest = url.substr(scheme.size());
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (scheme.empty() || authority.empty() || authority.find('@') != std::string_view::npos ||
      authority.find_first_of(" \t\r\n") != std::string_view::npos) {
    // Never echo the URL: a webhook's URL is often its credential.
    return fail(Error::invalid_argument(
        fmt::format("{}: expected an http:// or https:// URL with a host and no user name or password", option)));
  }
  return fmt::format("{}{}", scheme, authority);
}

Result<void> deliver_webhook(aws::BlockingHttpClient& http, const WebhookOptions& options, const std::string& body,
                             const std::function<void(std::chrono::milliseconds)>& sleep) {
  auto origin = webhook_origin("webhook", options.url);
  if (!origin) return fail(origin.error());
  aws::HttpRequest request;
  request.method = "POST";
  request.url = options.url;
  request.body = body;
  request.set_header("Content-Type", options.content_type);
  request.set_header("User-Agent", "rolecall-watch");
  request.set_header(kWebhookDeliveryHeader, base::sha256_hex(body));
  if (!options.secret.empty()) {
    request.set_header(kWebhookSignatureHeader, "sha256=" + base::to_hex(base::hmac_sha256(options.secret, body)));
  }
  std::chrono::milliseconds wait = options.first_wait;
  Error last = Error::internal("webhook: no attempt made");
  for (int attempt = 1; attempt <= std::max(options.attempts, 1); ++attempt) {
    if (attempt > 1) {
      sleep(wait);
      wait *= 2;
    }
    auto response = http.fetch(request);
    if (response && response->status >= 200 && response->status < 300) return {};
    if (response) {
      last = Error::http(response->status, fmt::format("webhook {}: HTTP {}{}", *origin, response->status,
                                                       webhook_reply_excerpt(response->body)));
    } else {
      last = response.error();
      last.message = webhook_redacted(last.message, options.url, *origin);
    }
    if (!webhook_retryable(last)) break;
  }
  return fail(std::move(last));
}

}  // namespace rolecall::app

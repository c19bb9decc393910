#pragma once
// Delivering a document to an HTTP(S) webhook (`watch --webhook`, docs/watch.md "Webhook"): one
// POST, signed with HMAC-SHA256 when a secret is set, retried on 429, 5xx and transport errors with
// a doubling wait. The URL is treated as a secret (Slack's carry their token in the path): errors
// and notes name only its origin.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "aws/http/transport.h"
#include "rolecall/error.h"

namespace rolecall::app {

// Header carrying "sha256=<hex HMAC-SHA256 of the body under the secret>", as GitHub signs its hooks.
inline constexpr std::string_view kWebhookSignatureHeader = "X-Rolecall-Signature-256";
// Header carrying the delivery's id (the body's SHA-256): the same on every retry, so a receiver
// can drop duplicates.
inline constexpr std::string_view kWebhookDeliveryHeader = "X-Rolecall-Delivery";

// Where and how to deliver.
struct WebhookOptions {
  std::string url;  // http:// or https://
  std::string content_type = "application/json";
  std::string secret;                          // HMAC key; "" sends no signature
  int attempts = 3;                            // tries in all (>= 1)
  std::chrono::milliseconds first_wait{1000};  // before the second try; doubled before each next one
};

// "scheme://host[:port]" of a webhook URL, for messages; kInvalidArgument (naming `option` and only
// the origin, when there is one) unless `url` is http:// or https:// with a host.
Result<std::string> webhook_origin(std::string_view option, std::string_view url);

// POSTs `body` to options.url through `http`, sleeping with `sleep` between tries. Fails with
// kHttp (the last status) or the transport's error, the message naming the origin only.
Result<void> deliver_webhook(aws::BlockingHttpClient& http, const WebhookOptions& options, const std::string& body,
                             const std::function<void(std::chrono::milliseconds)>& sleep);

}  // namespace rolecall::app

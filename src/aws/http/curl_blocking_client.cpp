#include "aws/http/curl_blocking_client.h"

#include <curl/curl.h>

#include "aws/http/curl_easy_setup.h"

namespace rolecall::aws {

CurlBlockingClient::CurlBlockingClient(HttpOptions options) : options_(std::move(options)) {
  curl_detail::ensure_global_init();
}

CurlBlockingClient::~CurlBlockingClient() {
  if (easy_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(easy_));
}

Result<HttpResponse> CurlBlockingClient::fetch(const HttpRequest& request) {
  std::lock_guard lock(mu_);
  if (easy_ == nullptr) easy_ = curl_easy_init();
  if (easy_ == nullptr) return fail(ErrorKind::kNetwork, "curl_easy_init failed");
  CURL* easy = static_cast<CURL*>(easy_);
  curl_detail::Exchange exchange;
  exchange.request = request;
  if (auto configured = curl_detail::configure(easy, exchange, options_); !configured) {
    return fail(configured.error());
  }
  CURLcode code = curl_easy_perform(easy);
  auto result = curl_detail::finish(easy, code, exchange);
  // Detach pointers into `exchange` before it goes away.
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, static_cast<char*>(nullptr));
  return result;
}

}  // namespace rolecall::aws

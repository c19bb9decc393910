#pragma once
// libcurl easy-handle plumbing shared by CurlLoop and CurlBlockingClient (internal).

#include <curl/curl.h>

#include <string>

#include "aws/http/http_options.h"
#include "aws/http/transport.h"

namespace rolecall::aws::curl_detail {

// Initialises libcurl once per process (thread-safe).
void ensure_global_init();

// Everything one transfer needs to outlive curl_easy_perform / the multi handle: the request
// (its body is sent from here), the header list and the response being assembled.
struct Exchange {
  HttpRequest request;
  HttpResponse response;
  curl_slist* header_list = nullptr;
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::size_t max_body = 0;     // HttpOptions::max_response_bytes; 0: unbounded
  bool body_too_large = false;  // the transfer was stopped at max_body

  Exchange() = default;
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;
  ~Exchange();
};

// Resets `easy` and configures it to perform `exchange.request` with `options`.
// Fails with kInvalidArgument for a request libcurl refuses (bad method, header with newline).
Result<void> configure(CURL* easy, Exchange& exchange, const HttpOptions& options);

// The finished outcome of a transfer: the response (status filled from `easy`), kNetwork, or kHttp
// for a body stopped at HttpOptions::max_response_bytes.
Result<HttpResponse> finish(CURL* easy, CURLcode code, Exchange& exchange);

// "scheme://host:port" of an absolute URL, the key for per-host limits ("" when malformed).
std::string origin_of(const std::string& url);

// The URL without its query string, safe for messages (presigned queries carry signatures).
std::string url_without_query(const std::string& url);

}  // namespace rolecall::aws::curl_detail

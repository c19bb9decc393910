#pragma once
// Blocking HTTP on a libcurl easy handle, for credential providers running outside the loop.

#include <mutex>

#include "aws/http/http_options.h"
#include "aws/http/transport.h"

namespace rolecall::aws {

// Sends one request at a time (callers on several threads take turns) over a kept-alive
// connection. TLS verification is always on.
class CurlBlockingClient final : public BlockingHttpClient {
 public:
  explicit CurlBlockingClient(HttpOptions options = {});
  ~CurlBlockingClient() override;
  CurlBlockingClient(const CurlBlockingClient&) = delete;
  CurlBlockingClient& operator=(const CurlBlockingClient&) = delete;

  Result<HttpResponse> fetch(const HttpRequest& request) override;

 private:
  HttpOptions options_;
  std::mutex mu_;
  void* easy_ = nullptr;  // CURL*, reused so the connection stays open between calls
};

}  // namespace rolecall::aws

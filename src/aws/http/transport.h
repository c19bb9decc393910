#pragma once
// HTTP requests and responses as plain data, and the two ways rolecall sends them.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "rolecall/error.h"

namespace rolecall::aws {

// One header line; names compare case-insensitively, order is preserved as sent/received.
struct HttpHeader {
  std::string name;
  std::string value;
};
using HttpHeaders = std::vector<HttpHeader>;

// An outgoing request. `url` is absolute ("https://ec2.us-east-1.amazonaws.com/?a=b").
struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string body;
  // The connection pool whose in-flight cap this request counts against; empty: its URL's
  // origin. AWS clients name the region and service, so one endpoint URL serving every region
  // (an endpoint override) is capped per region as AWS's per-region hosts are.
  std::string pool;

  // Value of the first header named `name` (case-insensitive), or "" when absent.
  std::string header(std::string_view name) const;
  // Replaces every header named `name` (case-insensitive) with one `name: value`.
  void set_header(std::string_view name, std::string value);
};

// A complete response: any status, including 4xx/5xx, is a response, not an error.
struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;

  // Value of the first header named `name` (case-insensitive), or "" when absent.
  std::string header(std::string_view name) const;
};

// Completion of an asynchronous request: a response, or an Error of kind kNetwork/kCancelled.
using HttpCallback = std::function<void(Result<HttpResponse>)>;

// Asynchronous HTTP. send() never blocks; `done` runs exactly once, on the event loop thread.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Queues `request`; `done` receives the response or a transport-level error.
  virtual void send(HttpRequest request, HttpCallback done) = 0;
};

// Blocking HTTP for the few calls made outside the event loop (credential providers).
class BlockingHttpClient {
 public:
  virtual ~BlockingHttpClient() = default;
  // Sends `request` and waits for the whole response; transport failures are errors.
  virtual Result<HttpResponse> fetch(const HttpRequest& request) = 0;
};

}  // namespace rolecall::aws

#pragma once
// Tunables shared by the asynchronous and the blocking libcurl clients.

#include <chrono>
#include <cstddef>
#include <string>

#include "base/env.h"

namespace rolecall::aws {

// Connection and timeout settings; the defaults suit scanning AWS APIs from one process.
struct HttpOptions {
  // Requests in flight per pool (HttpRequest::pool, else scheme://host:port); more wait in rolecall's queue (not
  // curl's), so their timeouts start only once they are on the wire.
  long max_per_host = 16;
  // Requests in flight in all pools together: many regions' pools served by one endpoint URL (an
  // override, an emulator) must not open hundreds of connections each to one server, nor exhaust
  // this process's descriptors.
  long max_in_flight = 512;
  // Idle keep-alive connections kept open across all hosts.
  long max_cached_connections = 64;
  // Largest response body read; a larger one stops the transfer with a kHttp error. AWS's largest
  // pages (3.5 MB DescribeInstances, GetAccountAuthorizationDetails) are far below it; an endpoint
  // that never stops sending is cut off instead of filling memory.
  std::size_t max_response_bytes = std::size_t{256} << 20;
  // Time to establish TCP + TLS.
  std::chrono::milliseconds connect_timeout{10'000};
  // Time for the whole exchange once started (connect included).
  std::chrono::milliseconds request_timeout{60'000};
  // Extra CA bundle file (--ca-bundle / AWS_CA_BUNDLE); empty: the system store. Verification
  // of peer and host name is always on.
  std::string ca_bundle;
  // Ask for compressed responses and decode them transparently. Off by default, as in the AWS
  // SDKs and CLI: compressing a 3 MB DescribeInstances page costs the server far more time than
  // the bytes save (brotli at its default quality takes seconds), and decoding costs us CPU.
  bool accept_encoding = false;

  // Defaults, with ca_bundle taken from AWS_CA_BUNDLE in `env` when set.
  static HttpOptions from_environment(const base::Env& env);
};

}  // namespace rolecall::aws

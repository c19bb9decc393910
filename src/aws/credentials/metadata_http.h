#pragma once
// Retrying GETs/PUTs against link-local metadata endpoints (ECS, EC2 IMDS).

#include <chrono>

#include "aws/http/transport.h"

namespace rolecall::aws {

// Metadata endpoints answer in milliseconds or not at all: the BlockingHttpClient given to the
// ECS and IMDS providers should use this connect and request timeout.
inline constexpr std::chrono::milliseconds kMetadataTimeout{1000};
// Attempts per metadata request: the first plus one retry.
inline constexpr int kMetadataAttempts = 2;

// Sends `request`, retrying once on a transport error or a 5xx response.
Result<HttpResponse> fetch_with_retry(BlockingHttpClient& http, const HttpRequest& request);

// The URL with any query string removed, safe for messages.
std::string url_for_messages(const std::string& url);

}  // namespace rolecall::aws

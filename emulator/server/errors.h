#pragma once
// Rendering ApiError values in each protocol's error shape.

#include <string>
#include <utility>
#include <vector>

#include "emulator/services/service.h"

namespace rolecall::emulator {

// An HTTP response the server sends as is.
struct WireResponse {
  int status = 200;
  std::string body;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
};

// EC2: <Response><Errors><Error>..</Error></Errors><RequestID>..</RequestID></Response>;
// IAM/STS: <ErrorResponse xmlns=..><Error><Type>..</Type>..</Error><RequestId>..</RequestId></ErrorResponse>;
// Organizations, CloudTrail: {"__type": code, "message": ...} with x-amzn-ErrorType.
WireResponse render_error(Service service, const ApiError& error, const std::string& request_id);

}  // namespace rolecall::emulator

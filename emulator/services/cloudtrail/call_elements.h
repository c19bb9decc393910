#pragma once
// What a recorded call's CloudTrail event says it touched: requestParameters and responseElements,
// shaped as AWS's records are (EC2's older calls in the XML response's own camelCase with lists as
// {"items": [...]}, its newer ones wrapped in "<Action>Request" / "<Action>Response" objects; IAM's
// request parameters in camelCase), for the calls `rolecall watch` reacts to. Secrets (a new key's
// secret, user data) are never recorded.

#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/services/params.h"
#include "emulator/services/service.h"

namespace rolecall::emulator::cloudtrail {

// The requestParameters and responseElements of one call; null when AWS records none or the call
// is not one rolecall watch reads.
struct CallElements {
  nlohmann::json request = nullptr;
  nlohmann::json response = nullptr;
};

// The elements of `action` of `service` called with `params` that answered `response_body` (the
// query protocol's XML).
CallElements call_elements(Service service, std::string_view action, const Params& params,
                           std::string_view response_body);

}  // namespace rolecall::emulator::cloudtrail

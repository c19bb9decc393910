#pragma once
// SQS's older wire protocol, Query (form parameters in, XML out), which AWS CLI v2 releases before
// 2.15 and older SDKs still speak: the request's parameters become the JSON 1.0 input the handlers
// read, and their JSON 1.0 answer becomes the Query XML response (botocore's sqs model before the
// JSON switch: flattened lists, `Attribute` name/value pairs).

#include <string>

#include <nlohmann/json.hpp>

#include "emulator/services/service.h"

namespace rolecall::emulator::sqs {

// The JSON 1.0 input of `action` from its Query parameters (numbers as numbers).
nlohmann::json query_input(const std::string& action, const Params& params);

// The Query XML response of `ctx.action` for the handler's JSON 1.0 reply body `json_body`.
Reply query_reply(const RequestContext& ctx, const std::string& json_body);

// The Query protocol's error document: <ErrorResponse><Error><Type/><Code/> (the Query code,
// query_error_code) <Message/><Detail/></Error><RequestId/></ErrorResponse>.
std::string query_error_body(const ApiError& error, const std::string& request_id);

}  // namespace rolecall::emulator::sqs

#pragma once
// Turning AWS error responses into Error values, and classifying them for retries.

#include <string_view>

#include "rolecall/error.h"

namespace rolecall::aws {

// Parses a Query-protocol error body: EC2's <Response><Errors><Error><Code>..., IAM/STS's
// <ErrorResponse><Error><Code>... and moto's <ErrorResponse><Errors><Error><Code>...; the kind is kAccessDenied for
// AccessDenied / UnauthorizedOperation / AuthFailure-style codes, kThrottled for throttling codes, kNotFound for
// *.NotFound / NoSuchEntity / *NotFoundException, kCredentials for codes that reject the credentials themselves
// (InvalidClientTokenId, ExpiredToken, UnrecognizedClientException, SignatureDoesNotMatch...), else kAws
// (DryRunOperation included). A body that is not an AWS error yields kHttp with the status. Never throws, never reads
// past `body`; messages are clipped and stripped of control characters.
Error parse_query_error(int http_status, std::string_view body);

// Parses a JSON 1.1 error body ({"__type": "...#Code", "message": "..."}) plus the
// x-amzn-ErrorType header value when given; same kinds as parse_query_error.
Error parse_json_error(int http_status, std::string_view body, std::string_view error_type_header = {});

// Codes the AWS "standard" retry mode treats as throttling.
bool is_throttling_code(std::string_view code);
// Codes the "standard" retry mode treats as transient (besides 5xx and connection errors).
bool is_transient_code(std::string_view code);
// Clock-skew codes that are retried after correcting the clock offset.
bool is_clock_skew_code(std::string_view code);

}  // namespace rolecall::aws

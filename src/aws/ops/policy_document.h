#pragma once
// IAM policy documents arrive URL-encoded (RFC 3986 percent-encoding) in IAM's XML responses.

#include <string>
#include <string_view>

#include "rolecall/error.h"

namespace rolecall::aws {

// Percent-decodes an IAM policy document into its JSON text. '+' stays a literal '+' (RFC 3986,
// not form encoding). Fails with kParse naming `what` (e.g. "role web AssumeRolePolicyDocument")
// on a truncated or non-hex escape.
Result<std::string> decode_policy_document(std::string_view encoded, std::string_view what);

}  // namespace rolecall::aws

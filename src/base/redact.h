#pragma once
// Redaction of access key ids: the one form in which a key id is ever shown (CLI output, reports,
// wire logs, the emulator's request log). A security rule, so it has exactly one definition.

#include <cstddef>
#include <string>
#include <string_view>

namespace rolecall::base {

// AWS's minimum access key id length; below it first 4 + last 4 would reveal most of the id.
inline constexpr std::size_t kMinRevealedKeyIdLength = 16;

// "AKIA…MPLE": the first and last four characters of `key_id`; "****" when it is shorter than
// kMinRevealedKeyIdLength, "" when it is empty.
std::string redact_key_id(std::string_view key_id);

}  // namespace rolecall::base

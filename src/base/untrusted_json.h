#pragma once
// Parsing JSON that came from outside rolecall (files, processes, endpoints, AWS responses): every
// failure is an error value naming the input and the place, never an exception, and the message
// never quotes the input (it may hold credentials).

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

#include "rolecall/error.h"

namespace rolecall::base {

// Deeper nesting than this is refused: nothing rolecall reads nests beyond a handful of levels.
inline constexpr std::size_t kMaxJsonDepth = 512;

// The JSON document `text`, or kParse "WHAT: ..." saying what is wrong and where (byte offset,
// line and column): malformed or truncated text, a number beyond a double (1e400), nesting deeper
// than kMaxJsonDepth, an empty input. `what` names the input ("plan.json", "credential_process
// output of profile dev").
Result<nlohmann::json> parse_untrusted_json(std::string_view text, std::string_view what);

}  // namespace rolecall::base

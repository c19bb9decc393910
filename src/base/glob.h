#pragma once
// IAM-style wildcard matching, for policy elements (Action, Resource), EC2 filters and the
// user's tag and instance patterns.

#include <string_view>

namespace rolecall::base {

// True when `value` matches `pattern`, where `*` matches any run of characters (also none) and
// `?` exactly one; every other character matches itself (ignoring ASCII case when
// `case_insensitive`). At worst |pattern| * |value| steps, so hostile patterns cannot blow up.
bool glob_match(std::string_view pattern, std::string_view value, bool case_insensitive);

}  // namespace rolecall::base

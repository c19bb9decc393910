#pragma once
// `rolecall watch`'s output: one JSON object per line for each verdict that changed
// (docs/watch.md, "Output"), so a pipeline can read them as they come (jq, a log shipper).

#include <string>

#include <nlohmann/json.hpp>

#include "rolecall/watch.h"

namespace rolecall::report {

// `change` as the object of one line, stamped `at` (ISO 8601 UTC).
nlohmann::ordered_json watch_line_object(const VerdictChange& change, const std::string& at);

// `change` as one line of JSON (no newline), stamped `at` (ISO 8601 UTC).
std::string watch_line(const VerdictChange& change, const std::string& at);

}  // namespace rolecall::report

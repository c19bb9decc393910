#pragma once
// How statuses and severities are written in a store: the names rolecall prints ("FAIL", "high"),
// fixed here so a stored file keeps its meaning whatever the display names become.

#include <optional>
#include <string_view>

#include "rolecall/findings.h"

namespace rolecall::store {

// "PASS", "FAIL", "ERROR", "MUTED".
std::string_view status_code(Status status);
// The status a stored code names; nullopt for anything else.
std::optional<Status> parse_status_code(std::string_view code);
// "info", "low", "medium", "high", "critical".
std::string_view severity_code(Severity severity);
// The severity a stored code names; nullopt for anything else.
std::optional<Severity> parse_severity_code(std::string_view code);

}  // namespace rolecall::store

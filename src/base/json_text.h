#pragma once
// Writing JSON: the one way every JSON writer turns a document into text, so that text which is not
// valid UTF-8 (a file name, a tag value, a response string) is replaced instead of aborting the run.

#include <nlohmann/json.hpp>

#include <string>

namespace rolecall::base {

// The JSON text of `doc` (`indent` < 0: one line), with each invalid UTF-8 sequence in its strings
// replaced by U+FFFD; never throws for its content.
std::string json_text(const nlohmann::json& doc, int indent = -1);
// The same for a document whose keys keep their insertion order.
std::string json_text(const nlohmann::ordered_json& doc, int indent = -1);

}  // namespace rolecall::base

#pragma once
// The INI dialect of ~/.aws/config and ~/.aws/credentials, read with the AWS CLI's rules.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rolecall/error.h"

namespace rolecall::aws {

// One `key = value`; a key with an empty value followed by indented `k = v` lines
// (`s3 =\n  max_concurrent_requests = 10`) holds those in `sub`.
struct IniValue {
  std::string value;
  std::map<std::string, std::string> sub;
  int line = 0;  // 1-based line of the key, for messages
};

// A [section] as written (name trimmed; "profile x" is interpreted by the caller).
struct IniSection {
  std::string name;
  std::map<std::string, IniValue> values;  // keys lower-cased, as the CLI's parser does
  int line = 0;
};

// Parses `text`. Full-line comments start with # or ;, trailing comments need whitespace
// before them, keys are case-insensitive, a repeated section merges into the first (later
// keys win), indented lines continue the previous value. Errors name `source` and the line
// number but never quote the line (it may hold a secret).
Result<std::vector<IniSection>> parse_ini(std::string_view text, std::string_view source);

}  // namespace rolecall::aws

#pragma once
// The user's policy file (--config, YAML): approved profiles/roles, checks on/off, severity
// overrides and the mutelist. Parsing validates everything and names file, line and key.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/env.h"
#include "config/date.h"
#include "rolecall/error.h"
#include "rolecall/findings.h"

namespace rolecall::config {

// Per-check settings; unset fields keep the check's defaults.
struct CheckSetting {
  std::optional<bool> enabled;
  std::optional<Severity> severity;
};

// One mutelist entry. Within a field any pattern may match; every given field must match.
// An omitted field matches everything; at least one field is required.
struct MuteEntry {
  std::vector<std::string> accounts;   // globs over the finding's account id
  std::vector<std::string> regions;    // globs over the region
  std::vector<std::string> resources;  // globs over the resource id (i-..., lt-..., account/region)
  std::vector<std::string> tags;       // "key=value" globs over the instance's tags
  std::vector<std::string> checks;     // globs over the check id
  std::string reason;                  // required, shown as the finding's mute_reason
  std::optional<Date> expires;         // last day the entry mutes
  std::string source;                  // "FILE:LINE" of the entry, for messages
};

// A parsed, validated configuration.
struct Config {
  std::string path;                            // where it came from (for messages)
  std::vector<std::string> approved;           // approved instance profile or role ARNs
  std::map<std::string, CheckSetting> checks;  // by check id
  std::vector<MuteEntry> mutelist;
};

// Parses and validates YAML `text`; `name` is used in messages. Fails with kInvalidArgument
// ("NAME:LINE: KEY: what is wrong") on unknown keys, wrong types, bad dates or unknown check ids,
// and with kParse on malformed YAML.
Result<Config> parse_config(std::string_view text, const std::string& name);

// Reads (through `env`) and parses the file at `path` (kIo when it cannot be read).
Result<Config> load_config(const base::Env& env, const std::string& path);

// Check selection after the configuration: explicit --checks win over the file; the file's
// `enabled: false` joins --skip-checks and `enabled: true` adds a check that is off by default.
struct CheckSelection {
  std::vector<std::string> only;
  std::vector<std::string> skip;
};
CheckSelection select_with_config(const Config& config, const std::vector<std::string>& only,
                                  const std::vector<std::string>& skip);

// Approved ARNs of the command line and of the file, without duplicates.
std::vector<std::string> merge_approved(const Config& config, const std::vector<std::string>& cli);

}  // namespace rolecall::config

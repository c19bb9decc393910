#pragma once
// Applying a configuration to a finished scan: severity overrides, then the mutelist.

#include <string>
#include <vector>

#include "config/config.h"
#include "rolecall/inventory.h"
#include "rolecall/scan.h"

namespace rolecall::config {

// Check id of the findings that report configuration problems (expired mutelist entries).
inline constexpr std::string_view kConfigCheckId = "config";

// True when `entry` matches `finding`; `tags` are the finding's resource tags (nullptr: none known).
bool mute_matches(const MuteEntry& entry, const Finding& finding, const std::vector<Tag>* tags);

// Applies `config` to `result` as of `today`:
// - severity overrides change the severity of every finding of that check;
// - a FAIL or ERROR finding matched by a live mutelist entry becomes MUTED with the entry's reason
//   (PASS stays PASS; the first matching entry wins);
// - an expired entry (today after `expires`) mutes nothing and adds one FAIL finding of severity
//   info, check "config", resource type "mutelist", resource id the entry's FILE:LINE.
// Instance tags come from `inventory` (nullptr: tag matchers never match). Returns one warning line
// per expired entry for stderr.
std::vector<std::string> apply_config(const Config& config, ScanResult& result, const Inventory* inventory,
                                      const Date& today);

}  // namespace rolecall::config

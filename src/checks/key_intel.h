#pragma once
// Key intelligence in the key checks (user-data-no-keys, launch-template-no-keys): which key ids
// the estate holds at rest (for the scan's lookups), and how a lookup's answer sets a finding's
// severity and evidence. Pure: the lookups themselves happen in the pipeline (src/app).

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "checks/key_evidence.h"
#include "rolecall/findings.h"
#include "rolecall/inventory.h"
#include "secrets/scan.h"

namespace rolecall::checks {

// How recently a key must have been used for an active key to be critical.
inline constexpr auto kRecentKeyUse = std::chrono::hours(24 * 90);

// The severity a key finding takes from `intel` at `now`: Active and used within kRecentKeyUse
// critical; Active otherwise high; Inactive medium; deleted low; unknown (a failed lookup) and
// another account's key keep `fallback`.
Severity key_severity(const KeyIntel& intel, Severity fallback, std::chrono::system_clock::time_point now);

// One line for a reader: "Active, account 111122223333 (in scope), user deploy, created ...,
// last used ... (s3, us-east-1)"; failures say what failed.
std::string describe_key_intel(const KeyIntel& intel);

// True for a long-term access key id (AKIA + 16 characters, as the detector found it): the keys
// that are looked up, traced and retired (temporary ASIA keys expire by themselves).
bool is_long_term_key_id(const std::string& key_id);

// The long-term key ids (AKIA...) leaked (non-example) in the user data of every judged instance
// and every launch-template version of `inventory`: what the scan looks up. Undecodable user data
// contributes nothing (its check reports it).
// `scans`, when given, keeps the scans made (the key checks reuse them through CheckContext::key_scans).
std::set<std::string> key_ids_at_rest(const Inventory& inventory, KeyScanCache* scans = nullptr);

// Sets `f`'s severity (the worst of its keys' key_severity, `f.severity` the fallback) and
// evidence.key_intel from `inventory.key_intel` for the key ids among `leaks`; leaves `f` as it is
// when none was looked up (offline, --no-key-intel).
void apply_key_intel(const std::vector<const secrets::SecretFinding*>& leaks, const Inventory& inventory,
                     std::chrono::system_clock::time_point now, Finding& f);

}  // namespace rolecall::checks

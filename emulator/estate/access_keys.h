#pragma once
// Access-key facts the estate file may give (docs/estate-schema.md, "access keys"): when a key was
// created and last used, either as a date or as days before the moment they are read (so a
// generated estate stays "recently used" whenever it is served), and the account a key id encodes.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rolecall::emulator {

// A moment of an access key's life: an ISO 8601 date, or `days_ago` days (or `minutes_ago`
// minutes, so it can equal a CloudTrail event's time) before now.
struct KeyMoment {
  std::string date;            // "2026-11-30T12:00:00Z"; empty when days_ago or minutes_ago is used
  int days_ago = -1;           // >= 0 when set
  long long minutes_ago = -1;  // >= 0 when set (instead of days_ago)

  bool set() const { return !date.empty() || days_ago >= 0 || minutes_ago >= 0; }
  // The moment as a time point, `now` anchoring days_ago; nullopt when not set.
  std::optional<std::chrono::system_clock::time_point> at(std::chrono::system_clock::time_point now) const;
};

// The last use of a key (GetAccessKeyLastUsed); unset `when` = never used.
struct KeyLastUse {
  KeyMoment when;
  std::string service;  // e.g. "s3"
  std::string region;   // e.g. "us-east-1"
};

// The 12-digit account a well-formed key id (AKIA/ASIA + 16 base32 characters) encodes: bits 7..46
// of its first 48 bits after the prefix (how AWS lays out key ids issued since 2019); nullopt for
// anything else.
std::optional<std::string> account_encoded_in_key_id(std::string_view key_id);

// `key_id` (AKIA/ASIA + 16 base32 characters) rewritten so that it encodes `account` (12 digits),
// keeping its other bits; used by the generator for keys of deleted users.
std::string key_id_for_account(std::string_view key_id, std::string_view account);

}  // namespace rolecall::emulator

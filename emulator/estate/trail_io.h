#pragma once
// CloudTrail events in estate JSON (docs/estate-schema.md, "CloudTrail events"): an account's
// "cloudtrail_events", read by the loader into each event's region and written by the dumper.

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/estate/estate.h"

namespace rolecall::emulator {

namespace load {
// Reads `account_json`'s cloudtrail_events into their regions of `account`; event ids must be
// unique across the estate (`event_ids` holds those seen). Throws LoadError naming the JSON path.
void load_trail_events(Account& account, const nlohmann::json& account_json, const std::string& path,
                       std::set<std::string>& event_ids);
}  // namespace load

// The account's events, every region, in the estate-file shape (an array, possibly empty).
nlohmann::json trail_events_json(const Account& account);

// One event in the estate-file shape.
nlohmann::json trail_event_json(const TrailEvent& event, const std::string& region);

}  // namespace rolecall::emulator

#pragma once
// The plan file's key migration part (docs/plan-json.md, "Key migration"): "migrate_keys" and the
// "retire_keys" array, written, digested and read back. Present only in key migration plans, so
// other plans keep their digest.

#include <vector>

#include <nlohmann/json.hpp>

#include "remediate/plan_json_reader.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// Adds "migrate_keys" and "retire_keys" to a written plan (readable key order) when it migrates keys.
void keys_to_file_json(const Plan& plan, nlohmann::ordered_json& doc);

// Adds them to the digest's canonical form (sorted keys, every field) when the plan migrates keys.
void keys_to_digest_json(const Plan& plan, nlohmann::json& doc);

// Reads them from `doc` into `plan`; errors go to `r` with their JSON path ("$.retire_keys[2].user").
void read_keys(PlanJsonReader& r, const nlohmann::json& doc, Plan& plan);

}  // namespace rolecall::remediate

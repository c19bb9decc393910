#pragma once
// The plan file's roles to create (docs/plan-json.md, "Roles to create"): the "create_roles" array
// of a key migration naming no target, written, digested and read back. Present only when the plan
// creates roles, so other plans keep their digest.

#include <nlohmann/json.hpp>

#include "remediate/plan_json_reader.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// Adds "create_roles" to a written plan (readable key order) when the plan creates roles.
void roles_to_file_json(const Plan& plan, nlohmann::ordered_json& doc);

// Adds it to the digest's canonical form (sorted keys, every field) when the plan creates roles.
void roles_to_digest_json(const Plan& plan, nlohmann::json& doc);

// Reads it from `doc` into `plan`; errors go to `r` with their JSON path ("$.create_roles[1].user").
void read_roles(PlanJsonReader& r, const nlohmann::json& doc, Plan& plan);

}  // namespace rolecall::remediate

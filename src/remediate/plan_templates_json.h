#pragma once
// The plan file's "launch_templates" array (docs/plan-json.md): written, digested and read back.

#include <vector>

#include <nlohmann/json.hpp>

#include "remediate/plan_json_reader.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// The array as written in a plan file (readable key order).
nlohmann::ordered_json templates_to_file_json(const std::vector<TemplateAction>& templates);

// The array as the digest's canonical form sees it (sorted keys, every field).
nlohmann::json templates_to_digest_json(const std::vector<TemplateAction>& templates);

// Reads the array at `path` ("$.launch_templates") into `out`; errors go to `r` with their JSON path.
void read_templates(PlanJsonReader& r, const nlohmann::json& array, const std::string& path,
                    std::vector<TemplateAction>& out);

}  // namespace rolecall::remediate

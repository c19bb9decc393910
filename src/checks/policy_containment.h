#pragma once
// Whether one identity policy allows nothing more than a user's policies do, for the roles
// `plan --migrate-keys --least-privilege` creates (docs/remediation.md, "Least privilege"): a
// statement-by-statement containment proof in rolecall's own policy analysis, and what makes a
// statement's meaning depend on who calls (a user and a role session differ there).

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rolecall/error.h"

namespace rolecall::checks {

// The condition key or policy variable of statement `s` that describes the caller (aws:username,
// aws:userid, aws:Principal*, aws:MultiFactorAuth*, ec2:SourceInstanceARN, ...: a role session
// answers them differently from the user), or "" when none. `versioned`: the statement's document
// says "Version": "2012-10-17"; without it, "${...}" is literal text, which the 2012 version of a
// narrowed policy would read as a variable, so any "${" counts as dependent then.
std::string principal_dependence(const nlohmann::json& s, bool versioned);

// True when Deny statement `s` applies to every request of its actions: "Resource": "*", no
// NotResource, no Condition.
bool denies_everywhere(const nlohmann::json& s);

// Proves that `narrowed` allows no request that the user whose identity policies are `originals`
// (their documents, JSON text) would be denied, and that it is not admin-level: "" when proven,
// else why not. The rules (sound, argued in docs/remediation.md):
//  - `narrowed` is version 2012-10-17; each statement holds only Effect, Action/NotAction,
//    Resource/NotResource, Condition (and Sid);
//  - each Allow statement lists actions without wildcards (Action, not NotAction), depends on no
//    principal key, and has an Allow statement of the originals that depends on none either, with
//    the same Resource, NotResource and Condition, that covers each of those actions;
//  - each Deny statement of the originals has a Deny in `narrowed` with the same Action/NotAction
//    that is the same statement (when it depends on no principal key) or denies on every resource
//    ("Resource": "*") without a Condition;
//  - `dangerous_grants` finds nothing in `narrowed`.
// Fails (kParse) when a document is malformed.
Result<std::string> prove_policy_within(const std::vector<std::string>& originals, std::string_view narrowed);

}  // namespace rolecall::checks

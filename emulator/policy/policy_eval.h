#pragma once
// IAM policy evaluation, as far as the emulator needs it: identity policies for authorization,
// SimulatePrincipalPolicy and DryRun, and role trust policies for AssumeRole.
//
// Deliberately independent of src/checks (policy_analysis): the emulator is the oracle the
// client's checks are tested against, so it must not share their reading of a policy, or one
// misreading would make both sides agree and every test pass. Only leaf primitives are shared
// (base::glob_match for `*`/`?`, base::iequals), which have tests of their own.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace rolecall::emulator::policy {

// Outcome of evaluating policies for one action on one resource.
enum class Decision { kAllowed, kExplicitDeny, kImplicitDeny };

// "allowed", "explicitDeny", "implicitDeny" (SimulatePrincipalPolicy's EvalDecision values).
const char* to_string(Decision decision);

// A policy document with the name it is reported under (policy ARN or inline name). Both are
// views: the owner (the estate, under Core::mutex) outlives the evaluation. Copying a document per
// request was a third of the emulator's malloc time on the full scan.
struct NamedPolicy {
  std::string_view source;                   // e.g. "arn:aws:iam::aws:policy/AdministratorAccess" or "inline/extra"
  const nlohmann::json* document = nullptr;  // never null once built
};

// The decision and the statement that made it (for SimulatePrincipalPolicy's MatchedStatements).
struct Evaluation {
  Decision decision = Decision::kImplicitDeny;
  std::string matched_source;  // NamedPolicy::source of the deciding statement; empty for implicit deny
  int matched_statement = -1;  // index within that document's Statement list
};

// The request's condition keys and values (e.g. "iam:PassedToService" -> "ec2.amazonaws.com");
// keys compare case-insensitively, as IAM's do.
using ConditionContext = std::map<std::string, std::string>;

// Evaluates identity policies: an explicit Deny wins, else any Allow, else implicit deny.
// Handles Action/NotAction, Resource/NotResource, single values and lists, `*` and `?` wildcards
// (actions case-insensitive, resources case-sensitive). A statement's Condition holds when every
// operator is StringEquals or StringLike and every key is in `context` with a matching value;
// any other operator, or a key the request does not carry, makes the statement not apply.
Evaluation evaluate(const std::vector<NamedPolicy>& policies, std::string_view action, std::string_view resource,
                    const ConditionContext& context = {});

// An identity's evaluation under its permissions boundary.
struct BoundedEvaluation {
  Evaluation evaluation;            // the combined decision (and the statement that made it)
  bool has_boundary = false;        // the identity has a permissions boundary
  bool boundary_allows = true;      // the boundary allows the request (true without a boundary)
  bool denied_by_boundary = false;  // the decision is the boundary's (its Deny, or no Allow in it)
};

// Evaluates `policies` bounded by `boundary` (nullptr: none), as IAM does: an explicit Deny in either
// denies, else the request is allowed only when the policies allow it and the boundary allows it
// too; a boundary that does not allow what the policies do makes it an implicit deny.
BoundedEvaluation evaluate_bounded(const std::vector<NamedPolicy>& policies, const NamedPolicy* boundary,
                                   std::string_view action, std::string_view resource,
                                   const ConditionContext& context = {});

// Who asks to assume a role.
struct Principal {
  std::string service;     // e.g. "ec2.amazonaws.com" (empty when an AWS principal)
  std::string arn;         // caller ARN, e.g. "arn:aws:iam::111111111111:user/admin"
  std::string account_id;  // caller's account
};

// True when `trust_policy` allows `principal` to perform `action` (e.g. "sts:AssumeRole"):
// Principal may be "*", {"AWS": account id | "arn:...:root" | ARN | "*"} or {"Service": ...}; a Deny wins;
// a StringEquals sts:ExternalId condition must match `external_id`; a Bool aws:MultiFactorAuthPresent
// condition must match `mfa_present`.
bool trust_allows(const nlohmann::json& trust_policy, const Principal& principal, std::string_view action,
                  std::string_view external_id = {}, bool mfa_present = false);

}  // namespace rolecall::emulator::policy

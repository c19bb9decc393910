#pragma once
// Static analysis of IAM policy documents: administrator / privilege-escalation grants in a role's
// permissions, and whether a trust policy lets EC2 assume the role.

#include <string>
#include <string_view>
#include <vector>

#include "rolecall/error.h"
#include "rolecall/inventory.h"

namespace rolecall::checks {

// A grant that makes a role administrator-equivalent.
struct DangerousGrant {
  std::string policy;     // policy ARN, or "inline:<name>"
  std::string action;     // the dangerous action granted ("*" for full admin)
  std::string statement;  // the deciding statement, compact JSON
  std::string reason;     // one line, e.g. "allows * on *"
};

// The privilege-escalation actions that are as good as admin when granted on every resource.
const std::vector<std::string_view>& escalation_actions();

// Dangerous grants in one policy document (JSON text). Fails with kParse on malformed JSON.
// An action counts as granted when an Allow statement covers it on Resource "*" (Action or
// NotAction) and no unconditional Deny statement covers it on "*".
Result<std::vector<DangerousGrant>> dangerous_grants(std::string_view policy_name, std::string_view document);

// All dangerous grants of `role`: AdministratorAccess attached, or any attached/inline document's
// grants. Fails when an attached policy's document is unknown (cannot be judged).
Result<std::vector<DangerousGrant>> role_dangerous_grants(const AccountInventory& account, const Role& role);

// Verdict on a trust policy for the EC2 service principal.
struct TrustVerdict {
  bool ec2_can_assume = false;  // an Allow grants sts:AssumeRole to ec2.amazonaws.com and no Deny blocks it
  bool too_broad = false;       // "*" or {"AWS": "*"} principals may assume the role
  std::string statement;        // the deciding statement, compact JSON
  std::string reason;           // one line
};

// Analyses a trust (AssumeRolePolicyDocument) JSON text. Fails with kParse on malformed JSON.
Result<TrustVerdict> analyse_trust(std::string_view document);

// How a resource policy names one principal (an IAM user's ARN): its statements whose Principal.AWS
// lists the ARN, or whose Condition compares a key with it (aws:PrincipalArn); a negated operator
// (StringNotEquals, ArnNotLike, ...) spares that principal alone. A statement naming the account or
// "*" treats every principal alike and does not count.
struct PolicyNaming {
  bool allows = false;  // an Allow names it, or a Deny spares only it: another principal does not inherit that
  bool denies = false;  // a Deny names it, or an Allow spares only it: another principal escapes, or gains, that
};

// Reads resource policy `document` (JSON text; `name` for errors) for `principal_arn`, counting only
// the statements on `action` when one is given (a trust policy's "sts:AssumeRole"). Fails with
// kParse on malformed JSON.
Result<PolicyNaming> policy_naming(std::string_view name, std::string_view document, std::string_view principal_arn,
                                   std::string_view action = {});

}  // namespace rolecall::checks

#pragma once
// iam:SimulatePrincipalPolicy: would the principal's policies allow these actions? Used for the
// caller-permission prerequisites and to judge what an instance role can do.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"

namespace rolecall::aws::iam {

// iam:SimulatePrincipalPolicy parameters.
// A condition key the simulation supplies (ContextEntries.member.N), e.g. iam:PassedToService.
struct ContextEntry {
  std::string key;                  // ContextKeyName
  std::string type = "string";      // ContextKeyType
  std::vector<std::string> values;  // ContextKeyValues.member.N
};

struct SimulatePrincipalPolicyRequest {
  std::string policy_source_arn;              // PolicySourceArn (required): user, group or role ARN
  std::vector<std::string> action_names;      // ActionNames.member.N (required), e.g. "ec2:AssociateIamInstanceProfile"
  std::vector<std::string> resource_arns;     // ResourceArns.member.N; empty: "*"
  std::vector<ContextEntry> context_entries;  // ContextEntries.member.N: condition keys the policies test
  std::optional<int> max_items;               // MaxItems
  std::string marker;                         // Marker from the previous page
};

// The outcome of one simulated request.
enum class EvalDecision { kAllowed, kExplicitDeny, kImplicitDeny };

// "allowed", "explicitDeny" or "implicitDeny".
const char* to_string(EvalDecision decision);

// A line/column in a policy document (1-based as IAM reports them).
struct PolicyPosition {
  long long line = 0;    // Line
  long long column = 0;  // Column
};

// A statement that decided a result.
struct MatchedStatement {
  std::string source_policy_id;    // SourcePolicyId, e.g. the inline policy name or managed policy name
  std::string source_policy_type;  // SourcePolicyType: user, group, role, aws-managed, user-managed, ...
  PolicyPosition start;            // StartPosition
  PolicyPosition end;              // EndPosition
};

// One action (on one resource) and its decision.
struct EvaluationResult {
  std::string action;                                   // EvalActionName
  std::string resource;                                 // EvalResourceName ("*" when none given)
  EvalDecision decision = EvalDecision::kImplicitDeny;  // EvalDecision
  std::vector<MatchedStatement> matched_statements;     // MatchedStatements
  std::vector<std::string> missing_context_values;      // MissingContextValues
};

// One page of iam:SimulatePrincipalPolicy.
struct SimulatePrincipalPolicyResponse {
  std::vector<EvaluationResult> results;  // EvaluationResults
  bool is_truncated = false;
  std::string marker;
};

// The ServiceCall for one page of iam:SimulatePrincipalPolicy.
ServiceCall simulate_principal_policy_call(const SimulatePrincipalPolicyRequest& request);
// Parses a SimulatePrincipalPolicy XML body; an unknown EvalDecision is a kParse error.
Result<SimulatePrincipalPolicyResponse> parse_simulate_principal_policy(std::string_view body);
// Fetches one page; kInvalidArgument without a call when the ARN or the action list is empty.
void simulate_principal_policy(AwsCaller& caller, const SimulatePrincipalPolicyRequest& request,
                               ops::OpCallback<SimulatePrincipalPolicyResponse> done);
// Fetches every page, concatenated.
void simulate_principal_policy_all(AwsCaller& caller, SimulatePrincipalPolicyRequest request,
                                   ops::OpCallback<SimulatePrincipalPolicyResponse> done);

}  // namespace rolecall::aws::iam

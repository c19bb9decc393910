#include "aws/ops/iam_simulate.h"

#include <fmt/format.h>

#include "aws/ops/iam_all_pages.h"
#include "aws/ops/query_xml.h"
#include "aws/protocol/query.h"

namespace rolecall::aws::iam {
namespace {

constexpr const char* kAction = "SimulatePrincipalPolicy";
constexpr const char* kOperation = "iam:SimulatePrincipalPolicy";

Result<PolicyPosition> parse_position(const ops::QueryXml& xml, pugi::xml_node node, const std::string& where) {
  auto line = ops::strict_int(xml, node, "Line", where);
  if (!line) return fail(line.error());
  auto column = ops::strict_int(xml, node, "Column", where);
  if (!column) return fail(column.error());
  return PolicyPosition{*line, *column};
}

Result<EvaluationResult> parse_result(const ops::QueryXml& xml, pugi::xml_node node, const std::string& where) {
  EvaluationResult out;
  auto action = ops::required_text(xml, node, "EvalActionName", where);
  if (!action) return fail(action.error());
  out.action = std::move(*action);
  out.resource = xml::child_string(node, "EvalResourceName");
  const std::string_view decision = xml::child_text(node, "EvalDecision");
  if (decision == "allowed") {
    out.decision = EvalDecision::kAllowed;
  } else if (decision == "explicitDeny") {
    out.decision = EvalDecision::kExplicitDeny;
  } else if (decision == "implicitDeny") {
    out.decision = EvalDecision::kImplicitDeny;
  } else {
    // Guessing would turn an unknown answer into a permission verdict.
    return fail(xml.invalid(fmt::format("{}/EvalDecision '{}' is not allowed, explicitDeny or implicitDeny", where,
                                        decision.substr(0, 64))));
  }
  int index = 0;
  for (pugi::xml_node m : xml::members(node, "MatchedStatements")) {
    const std::string at = fmt::format("{}/MatchedStatements/member[{}]", where, ++index);
    MatchedStatement statement;
    statement.source_policy_id = xml::child_string(m, "SourcePolicyId");
    statement.source_policy_type = xml::child_string(m, "SourcePolicyType");
    auto start = parse_position(xml, xml::child(m, "StartPosition"), at + "/StartPosition");
    if (!start) return fail(start.error());
    auto end = parse_position(xml, xml::child(m, "EndPosition"), at + "/EndPosition");
    if (!end) return fail(end.error());
    statement.start = *start;
    statement.end = *end;
    out.matched_statements.push_back(std::move(statement));
  }
  out.missing_context_values = xml::member_strings(node, "MissingContextValues");
  return out;
}

void append_results(SimulatePrincipalPolicyResponse& into, SimulatePrincipalPolicyResponse&& page) {
  into.results.insert(into.results.end(), std::make_move_iterator(page.results.begin()),
                      std::make_move_iterator(page.results.end()));
}

}  // namespace

const char* to_string(EvalDecision decision) {
  switch (decision) {
    case EvalDecision::kAllowed: return "allowed";
    case EvalDecision::kExplicitDeny: return "explicitDeny";
    case EvalDecision::kImplicitDeny: return "implicitDeny";
  }
  return "implicitDeny";
}

ServiceCall simulate_principal_policy_call(const SimulatePrincipalPolicyRequest& request) {
  QueryParams params{{"PolicySourceArn", request.policy_source_arn}};
  add_member_list(params, "ActionNames", request.action_names);
  add_member_list(params, "ResourceArns", request.resource_arns);
  for (std::size_t i = 0; i < request.context_entries.size(); ++i) {
    const auto& entry = request.context_entries[i];
    const std::string prefix = "ContextEntries.member." + std::to_string(i + 1) + ".";
    params.emplace_back(prefix + "ContextKeyName", entry.key);
    params.emplace_back(prefix + "ContextKeyType", entry.type);
    add_member_list(params, prefix + "ContextKeyValues", entry.values);
  }
  add_paging(params, request.max_items, request.marker);
  return make_call(kAction, std::move(params));
}

Result<SimulatePrincipalPolicyResponse> parse_simulate_principal_policy(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, kOperation, kAction);
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  SimulatePrincipalPolicyResponse out;
  if (auto results = ops::read_members(*xml, result, "EvaluationResults", out.results, parse_result); !results) {
    return fail(results.error());
  }
  if (auto page = ops::read_page_marker_into(*xml, result, out); !page) return fail(page.error());
  return out;
}

void simulate_principal_policy(AwsCaller& caller, const SimulatePrincipalPolicyRequest& request,
                               ops::OpCallback<SimulatePrincipalPolicyResponse> done) {
  if (request.policy_source_arn.empty()) return ops::reject(done, kOperation, "PolicySourceArn is empty");
  if (request.action_names.empty()) return ops::reject(done, kOperation, "ActionNames is empty");
  ops::run_op<SimulatePrincipalPolicyResponse>(caller, simulate_principal_policy_call(request),
                                               parse_simulate_principal_policy, std::move(done));
}

void simulate_principal_policy_all(AwsCaller& caller, SimulatePrincipalPolicyRequest request,
                                   ops::OpCallback<SimulatePrincipalPolicyResponse> done) {
  if (request.policy_source_arn.empty()) return ops::reject(done, kOperation, "PolicySourceArn is empty");
  if (request.action_names.empty()) return ops::reject(done, kOperation, "ActionNames is empty");
  ops::all_marker_pages<SimulatePrincipalPolicyRequest, SimulatePrincipalPolicyResponse>(
      caller, std::move(request), simulate_principal_policy_call, parse_simulate_principal_policy, append_results,
      "iam", std::move(done));
}

}  // namespace rolecall::aws::iam

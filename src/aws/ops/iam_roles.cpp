#include "aws/ops/iam_roles.h"

#include <fmt/format.h>

#include "aws/ops/iam_all_pages.h"
#include "aws/ops/iam_entities.h"
#include "aws/ops/iam_xml.h"
#include "aws/ops/policy_document.h"

namespace rolecall::aws::iam {
namespace {

void add_paging(QueryParams& params, const std::optional<int>& max_items, const std::string& marker) {
  if (max_items) params.emplace_back("MaxItems", std::to_string(*max_items));
  if (!marker.empty()) params.emplace_back("Marker", marker);
}

template <typename T>
void append(std::vector<T>& into, std::vector<T>&& page) {
  into.insert(into.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
}

void append_roles(ListRolesResponse& into, ListRolesResponse&& page) { append(into.roles, std::move(page.roles)); }
void append_attached(ListAttachedRolePoliciesResponse& into, ListAttachedRolePoliciesResponse&& page) {
  append(into.policies, std::move(page.policies));
}
void append_names(ListRolePoliciesResponse& into, ListRolePoliciesResponse&& page) {
  append(into.policy_names, std::move(page.policy_names));
}

}  // namespace

// GetRole

ServiceCall get_role_call(const GetRoleRequest& request) {
  return ops::make_iam_call("GetRole", {{"RoleName", request.role_name}});
}

Result<GetRoleResponse> parse_get_role(std::string_view body) {
  auto xml = ops::QueryXml::parse(body, "iam:GetRole", "GetRole");
  if (!xml) return fail(xml.error());
  auto result = xml->required_result();
  if (!result) return fail(result.error());
  const pugi::xml_node node = xml::child(*result, "Role");
  if (!node) return fail(xml->missing("Role"));
  auto role = parse_role(*xml, node, "Role");
  if (!role) return fail(role.error());
  return GetRoleResponse{std::move(*role)};
}

void get_role(AwsCaller& caller, const GetRoleRequest& request, ops::OpCallback<GetRoleResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:GetRole", "RoleName is empty");
  ops::run_op<GetRoleResponse>(caller, get_role_call(request), "iam:GetRole", parse_get_role, std::move(done));
}

// ListRoles

ServiceCall list_roles_call(const ListRolesRequest& request) {
  QueryParams params;
  if (!request.path_prefix.empty()) params.emplace_back("PathPrefix", request.path_prefix);
  add_paging(params, request.max_items, request.marker);
  return ops::make_iam_call("ListRoles", std::move(params));
}

Result<ListRolesResponse> parse_list_roles(std::string_view body) {
  auto xml = ops::QueryXml::parse(body, "iam:ListRoles", "ListRoles");
  if (!xml) return fail(xml.error());
  auto result = xml->required_result();
  if (!result) return fail(result.error());
  ListRolesResponse out;
  int index = 0;
  for (pugi::xml_node m : xml::members(*result, "Roles")) {
    auto role = parse_role(*xml, m, fmt::format("Roles/member[{}]", ++index));
    if (!role) return fail(role.error());
    out.roles.push_back(std::move(*role));
  }
  auto page = ops::read_page_marker(*xml, *result);
  if (!page) return fail(page.error());
  out.is_truncated = page->is_truncated;
  out.marker = std::move(page->marker);
  return out;
}

void list_roles(AwsCaller& caller, const ListRolesRequest& request, ops::OpCallback<ListRolesResponse> done) {
  ops::run_op<ListRolesResponse>(caller, list_roles_call(request), "iam:ListRoles", parse_list_roles, std::move(done));
}

void list_roles_all(AwsCaller& caller, ListRolesRequest request, ops::OpCallback<ListRolesResponse> done) {
  ops::all_marker_pages<ListRolesRequest, ListRolesResponse>(caller, std::move(request), list_roles_call,
                                                             parse_list_roles, append_roles, "iam", std::move(done));
}

// ListAttachedRolePolicies

ServiceCall list_attached_role_policies_call(const ListAttachedRolePoliciesRequest& request) {
  QueryParams params{{"RoleName", request.role_name}};
  add_paging(params, request.max_items, request.marker);
  return ops::make_iam_call("ListAttachedRolePolicies", std::move(params));
}

Result<ListAttachedRolePoliciesResponse> parse_list_attached_role_policies(std::string_view body) {
  auto xml = ops::QueryXml::parse(body, "iam:ListAttachedRolePolicies", "ListAttachedRolePolicies");
  if (!xml) return fail(xml.error());
  auto result = xml->required_result();
  if (!result) return fail(result.error());
  ListAttachedRolePoliciesResponse out;
  int index = 0;
  for (pugi::xml_node m : xml::members(*result, "AttachedPolicies")) {
    auto arn = ops::required_text(*xml, m, "PolicyArn", fmt::format("AttachedPolicies/member[{}]", ++index));
    if (!arn) return fail(arn.error());
    out.policies.push_back({xml::child_string(m, "PolicyName"), std::move(*arn)});
  }
  auto page = ops::read_page_marker(*xml, *result);
  if (!page) return fail(page.error());
  out.is_truncated = page->is_truncated;
  out.marker = std::move(page->marker);
  return out;
}

void list_attached_role_policies(AwsCaller& caller, const ListAttachedRolePoliciesRequest& request,
                                 ops::OpCallback<ListAttachedRolePoliciesResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:ListAttachedRolePolicies", "RoleName is empty");
  ops::run_op<ListAttachedRolePoliciesResponse>(caller, list_attached_role_policies_call(request),
                                                "iam:ListAttachedRolePolicies", parse_list_attached_role_policies,
                                                std::move(done));
}

void list_attached_role_policies_all(AwsCaller& caller, ListAttachedRolePoliciesRequest request,
                                     ops::OpCallback<ListAttachedRolePoliciesResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:ListAttachedRolePolicies", "RoleName is empty");
  ops::all_marker_pages<ListAttachedRolePoliciesRequest, ListAttachedRolePoliciesResponse>(
      caller, std::move(request), list_attached_role_policies_call, parse_list_attached_role_policies, append_attached,
      "iam", std::move(done));
}

// ListRolePolicies

ServiceCall list_role_policies_call(const ListRolePoliciesRequest& request) {
  QueryParams params{{"RoleName", request.role_name}};
  add_paging(params, request.max_items, request.marker);
  return ops::make_iam_call("ListRolePolicies", std::move(params));
}

Result<ListRolePoliciesResponse> parse_list_role_policies(std::string_view body) {
  auto xml = ops::QueryXml::parse(body, "iam:ListRolePolicies", "ListRolePolicies");
  if (!xml) return fail(xml.error());
  auto result = xml->required_result();
  if (!result) return fail(result.error());
  ListRolePoliciesResponse out;
  out.policy_names = xml::member_strings(*result, "PolicyNames");
  auto page = ops::read_page_marker(*xml, *result);
  if (!page) return fail(page.error());
  out.is_truncated = page->is_truncated;
  out.marker = std::move(page->marker);
  return out;
}

void list_role_policies(AwsCaller& caller, const ListRolePoliciesRequest& request,
                        ops::OpCallback<ListRolePoliciesResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:ListRolePolicies", "RoleName is empty");
  ops::run_op<ListRolePoliciesResponse>(caller, list_role_policies_call(request), "iam:ListRolePolicies",
                                        parse_list_role_policies, std::move(done));
}

void list_role_policies_all(AwsCaller& caller, ListRolePoliciesRequest request,
                            ops::OpCallback<ListRolePoliciesResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:ListRolePolicies", "RoleName is empty");
  ops::all_marker_pages<ListRolePoliciesRequest, ListRolePoliciesResponse>(
      caller, std::move(request), list_role_policies_call, parse_list_role_policies, append_names, "iam",
      std::move(done));
}

// GetRolePolicy

ServiceCall get_role_policy_call(const GetRolePolicyRequest& request) {
  return ops::make_iam_call("GetRolePolicy", {{"RoleName", request.role_name}, {"PolicyName", request.policy_name}});
}

Result<GetRolePolicyResponse> parse_get_role_policy(std::string_view body) {
  auto xml = ops::QueryXml::parse(body, "iam:GetRolePolicy", "GetRolePolicy");
  if (!xml) return fail(xml.error());
  auto result = xml->required_result();
  if (!result) return fail(result.error());
  auto name = ops::required_text(*xml, *result, "PolicyName", "GetRolePolicyResult");
  if (!name) return fail(name.error());
  auto encoded = ops::required_text(*xml, *result, "PolicyDocument", "GetRolePolicyResult");
  if (!encoded) return fail(encoded.error());
  auto document = decode_policy_document(*encoded, "GetRolePolicyResult/PolicyDocument");
  if (!document) return fail(document.error().with_context(xml->operation()));
  return GetRolePolicyResponse{xml::child_string(*result, "RoleName"), {std::move(*name), std::move(*document)}};
}

void get_role_policy(AwsCaller& caller, const GetRolePolicyRequest& request,
                     ops::OpCallback<GetRolePolicyResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:GetRolePolicy", "RoleName is empty");
  if (request.policy_name.empty()) return ops::reject(done, "iam:GetRolePolicy", "PolicyName is empty");
  ops::run_op<GetRolePolicyResponse>(caller, get_role_policy_call(request), "iam:GetRolePolicy", parse_get_role_policy,
                                     std::move(done));
}

}  // namespace rolecall::aws::iam

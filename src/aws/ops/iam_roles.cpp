#include "aws/ops/iam_roles.h"

#include "aws/ops/iam_all_pages.h"
#include "aws/ops/iam_entities.h"
#include "aws/ops/policy_document.h"
#include "aws/ops/query_xml.h"

namespace rolecall::aws::iam {
namespace {

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

// One AttachedPolicies member.
Result<AttachedPolicy> read_attached_policy(const ops::QueryXml& xml, pugi::xml_node node, std::string_view where) {
  auto arn = ops::required_text(xml, node, "PolicyArn", where);
  if (!arn) return fail(arn.error());
  return AttachedPolicy{xml::child_string(node, "PolicyName"), std::move(*arn)};
}

}  // namespace

// GetRole

ServiceCall get_role_call(const GetRoleRequest& request) {
  return make_call("GetRole", {{"RoleName", request.role_name}});
}

Result<GetRoleResponse> parse_get_role(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "iam:GetRole", "GetRole");
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  const pugi::xml_node node = xml::child(result, "Role");
  if (!node) return fail(xml->missing("Role"));
  auto role = parse_role(*xml, node, "Role");
  if (!role) return fail(role.error());
  return GetRoleResponse{std::move(*role)};
}

void get_role(AwsCaller& caller, const GetRoleRequest& request, ops::OpCallback<GetRoleResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:GetRole", "RoleName is empty");
  ops::run_op<GetRoleResponse>(caller, get_role_call(request), parse_get_role, std::move(done));
}

// ListRoles

ServiceCall list_roles_call(const ListRolesRequest& request) {
  QueryParams params;
  if (!request.path_prefix.empty()) params.emplace_back("PathPrefix", request.path_prefix);
  add_paging(params, request.max_items, request.marker);
  return make_call("ListRoles", std::move(params));
}

Result<ListRolesResponse> parse_list_roles(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "iam:ListRoles", "ListRoles");
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  ListRolesResponse out;
  if (auto roles = ops::read_members(*xml, result, "Roles", out.roles, parse_role); !roles) return fail(roles.error());
  if (auto page = ops::read_page_marker_into(*xml, result, out); !page) return fail(page.error());
  return out;
}

void list_roles(AwsCaller& caller, const ListRolesRequest& request, ops::OpCallback<ListRolesResponse> done) {
  ops::run_op<ListRolesResponse>(caller, list_roles_call(request), parse_list_roles, std::move(done));
}

void list_roles_all(AwsCaller& caller, ListRolesRequest request, ops::OpCallback<ListRolesResponse> done) {
  ops::all_marker_pages<ListRolesRequest, ListRolesResponse>(caller, std::move(request), list_roles_call,
                                                             parse_list_roles, append_roles, "iam", std::move(done));
}

// ListAttachedRolePolicies

ServiceCall list_attached_role_policies_call(const ListAttachedRolePoliciesRequest& request) {
  QueryParams params{{"RoleName", request.role_name}};
  add_paging(params, request.max_items, request.marker);
  return make_call("ListAttachedRolePolicies", std::move(params));
}

Result<ListAttachedRolePoliciesResponse> parse_list_attached_role_policies(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "iam:ListAttachedRolePolicies", "ListAttachedRolePolicies");
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  ListAttachedRolePoliciesResponse out;
  if (auto policies = ops::read_members(*xml, result, "AttachedPolicies", out.policies, read_attached_policy);
      !policies) {
    return fail(policies.error());
  }
  if (auto page = ops::read_page_marker_into(*xml, result, out); !page) return fail(page.error());
  return out;
}

void list_attached_role_policies(AwsCaller& caller, const ListAttachedRolePoliciesRequest& request,
                                 ops::OpCallback<ListAttachedRolePoliciesResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:ListAttachedRolePolicies", "RoleName is empty");
  ops::run_op<ListAttachedRolePoliciesResponse>(caller, list_attached_role_policies_call(request),
                                                parse_list_attached_role_policies, std::move(done));
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
  return make_call("ListRolePolicies", std::move(params));
}

Result<ListRolePoliciesResponse> parse_list_role_policies(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "iam:ListRolePolicies", "ListRolePolicies");
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  ListRolePoliciesResponse out;
  out.policy_names = xml::member_strings(result, "PolicyNames");
  if (auto page = ops::read_page_marker_into(*xml, result, out); !page) return fail(page.error());
  return out;
}

void list_role_policies(AwsCaller& caller, const ListRolePoliciesRequest& request,
                        ops::OpCallback<ListRolePoliciesResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:ListRolePolicies", "RoleName is empty");
  ops::run_op<ListRolePoliciesResponse>(caller, list_role_policies_call(request), parse_list_role_policies,
                                        std::move(done));
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
  return make_call("GetRolePolicy", {{"RoleName", request.role_name}, {"PolicyName", request.policy_name}});
}

Result<GetRolePolicyResponse> parse_get_role_policy(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "iam:GetRolePolicy", "GetRolePolicy");
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  auto name = ops::required_text(*xml, result, "PolicyName", "GetRolePolicyResult");
  if (!name) return fail(name.error());
  auto encoded = ops::required_text(*xml, result, "PolicyDocument", "GetRolePolicyResult");
  if (!encoded) return fail(encoded.error());
  auto document = decode_policy_document(*encoded, "GetRolePolicyResult/PolicyDocument");
  if (!document) return fail(document.error().with_context(xml->operation()));
  return GetRolePolicyResponse{xml::child_string(result, "RoleName"), {std::move(*name), std::move(*document)}};
}

void get_role_policy(AwsCaller& caller, const GetRolePolicyRequest& request,
                     ops::OpCallback<GetRolePolicyResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:GetRolePolicy", "RoleName is empty");
  if (request.policy_name.empty()) return ops::reject(done, "iam:GetRolePolicy", "PolicyName is empty");
  ops::run_op<GetRolePolicyResponse>(caller, get_role_policy_call(request), parse_get_role_policy, std::move(done));
}

}  // namespace rolecall::aws::iam

#include "aws/ops/iam_role_changes.h"

#include "aws/ops/iam_entities.h"
#include "aws/ops/query_xml.h"

namespace rolecall::aws::iam {
Result<RoleChangeResponse> parse_role_change(std::string_view body, std::string_view operation,
                                             std::string_view action) {
  auto xml = ops::QueryXml::parse(body, operation, action);
  if (!xml) return fail(xml.error());
  return RoleChangeResponse{xml->request_id()};
}

ServiceCall create_role_call(const CreateRoleRequest& request) {
  QueryParams params{{"RoleName", request.role_name},
                     {"AssumeRolePolicyDocument", request.assume_role_policy_document}};
  if (!request.path.empty()) params.emplace_back("Path", request.path);
  if (!request.description.empty()) params.emplace_back("Description", request.description);
  if (!request.permissions_boundary.empty()) params.emplace_back("PermissionsBoundary", request.permissions_boundary);
  for (std::size_t i = 0; i < request.tags.size(); ++i) {
    const std::string member = "Tags.member." + std::to_string(i + 1);
    params.emplace_back(member + ".Key", request.tags[i].key);
    params.emplace_back(member + ".Value", request.tags[i].value);
  }
  return make_call("CreateRole", std::move(params), ApiClass::kMutate);
}

Result<CreateRoleResponse> parse_create_role(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "iam:CreateRole", "CreateRole");
  if (!xml) return fail(xml.error());
  const pugi::xml_node node = xml::child(xml->result(), "Role");
  if (!node) return fail(xml->missing("Role"));
  auto role = parse_role(*xml, node, "Role");
  if (!role) return fail(role.error());
  return CreateRoleResponse{std::move(*role), xml->request_id()};
}

void create_role(AwsCaller& caller, const CreateRoleRequest& request, ops::OpCallback<CreateRoleResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:CreateRole", "RoleName is empty");
  if (request.assume_role_policy_document.empty()) {
    return ops::reject(done, "iam:CreateRole", "AssumeRolePolicyDocument is empty");
  }
  ops::run_op<CreateRoleResponse>(caller, create_role_call(request), parse_create_role, std::move(done));
}

ServiceCall put_role_policy_call(const PutRolePolicyRequest& request) {
  return make_call("PutRolePolicy",
                   {{"RoleName", request.role_name},
                    {"PolicyName", request.policy_name},
                    {"PolicyDocument", request.policy_document}},
                   ApiClass::kMutate);
}

Result<RoleChangeResponse> parse_put_role_policy(std::string_view body) {
  return parse_role_change(body, "iam:PutRolePolicy", "PutRolePolicy");
}

void put_role_policy(AwsCaller& caller, const PutRolePolicyRequest& request, ops::OpCallback<RoleChangeResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:PutRolePolicy", "RoleName is empty");
  if (request.policy_name.empty()) return ops::reject(done, "iam:PutRolePolicy", "PolicyName is empty");
  if (request.policy_document.empty()) return ops::reject(done, "iam:PutRolePolicy", "PolicyDocument is empty");
  ops::run_op<RoleChangeResponse>(caller, put_role_policy_call(request), parse_put_role_policy, std::move(done));
}

ServiceCall attach_role_policy_call(const AttachRolePolicyRequest& request) {
  return make_call("AttachRolePolicy", {{"RoleName", request.role_name}, {"PolicyArn", request.policy_arn}},
                   ApiClass::kMutate);
}

Result<RoleChangeResponse> parse_attach_role_policy(std::string_view body) {
  return parse_role_change(body, "iam:AttachRolePolicy", "AttachRolePolicy");
}

void attach_role_policy(AwsCaller& caller, const AttachRolePolicyRequest& request,
                        ops::OpCallback<RoleChangeResponse> done) {
  if (request.role_name.empty()) return ops::reject(done, "iam:AttachRolePolicy", "RoleName is empty");
  if (request.policy_arn.empty()) return ops::reject(done, "iam:AttachRolePolicy", "PolicyArn is empty");
  ops::run_op<RoleChangeResponse>(caller, attach_role_policy_call(request), parse_attach_role_policy, std::move(done));
}

}  // namespace rolecall::aws::iam

#include "aws/ops/iam_entities.h"

#include <fmt/format.h>

#include "aws/ops/policy_document.h"

namespace rolecall::aws::iam {
namespace {

using ops::required_text;
using xml::child_string;
using xml::members;

// Decodes an optional policy document child; errors name the operation and element.
Result<std::string> document_child(const ops::QueryXml& xml, pugi::xml_node node, std::string_view name,
                                   std::string_view where) {
  auto decoded = decode_policy_document(child_string(node, name), fmt::format("{}/{}", where, name));
  if (!decoded) return fail(decoded.error().with_context(xml.operation()));
  return decoded;
}

// Reads an entity's inline policies (`inline_list`: RolePolicyList, UserPolicyList, GroupPolicyList)
// and its AttachedManagedPolicies ARNs.
Result<void> read_permissions(const ops::QueryXml& xml, pugi::xml_node node, std::string_view inline_list,
                              std::string_view where, std::vector<InlinePolicy>& inline_out,
                              std::vector<std::string>& attached_out) {
  int index = 0;
  for (pugi::xml_node m : members(node, inline_list)) {
    const std::string at = fmt::format("{}/{}/member[{}]", where, inline_list, ++index);
    auto policy_name = required_text(xml, m, "PolicyName", at);
    if (!policy_name) return fail(policy_name.error());
    auto document = document_child(xml, m, "PolicyDocument", at);
    if (!document) return fail(document.error());
    inline_out.push_back({std::move(*policy_name), std::move(*document)});
  }
  index = 0;
  for (pugi::xml_node m : members(node, "AttachedManagedPolicies")) {
    auto policy_arn =
        required_text(xml, m, "PolicyArn", fmt::format("{}/AttachedManagedPolicies/member[{}]", where, ++index));
    if (!policy_arn) return fail(policy_arn.error());
    attached_out.push_back(std::move(*policy_arn));
  }
  return {};
}

}  // namespace

Result<IamUser> parse_user_detail(const ops::QueryXml& xml, pugi::xml_node node, std::string_view where) {
  IamUser user;
  auto arn = required_text(xml, node, "Arn", where);
  if (!arn) return fail(arn.error());
  auto name = required_text(xml, node, "UserName", where);
  if (!name) return fail(name.error());
  user.arn = std::move(*arn);
  user.name = std::move(*name);
  user.path = child_string(node, "Path");
  // GroupList is a list of plain group names (botocore: groupListType of groupNameType).
  for (pugi::xml_node g : members(node, "GroupList")) user.groups.emplace_back(g.text().as_string());
  user.permissions_boundary_arn = std::string(xml::path_text(node, {"PermissionsBoundary", "PermissionsBoundaryArn"}));
  if (auto permissions =
          read_permissions(xml, node, "UserPolicyList", where, user.inline_policies, user.attached_policy_arns);
      !permissions) {
    return fail(permissions.error());
  }
  return user;
}

Result<IamGroup> parse_group_detail(const ops::QueryXml& xml, pugi::xml_node node, std::string_view where) {
  IamGroup group;
  auto arn = required_text(xml, node, "Arn", where);
  if (!arn) return fail(arn.error());
  auto name = required_text(xml, node, "GroupName", where);
  if (!name) return fail(name.error());
  group.arn = std::move(*arn);
  group.name = std::move(*name);
  if (auto permissions =
          read_permissions(xml, node, "GroupPolicyList", where, group.inline_policies, group.attached_policy_arns);
      !permissions) {
    return fail(permissions.error());
  }
  return group;
}

Result<Role> parse_role(const ops::QueryXml& xml, pugi::xml_node node, std::string_view where) {
  Role role;
  auto arn = required_text(xml, node, "Arn", where);
  if (!arn) return fail(arn.error());
  auto name = required_text(xml, node, "RoleName", where);
  if (!name) return fail(name.error());
  role.arn = std::move(*arn);
  role.name = std::move(*name);
  role.role_id = child_string(node, "RoleId");
  role.path = child_string(node, "Path");
  auto trust = document_child(xml, node, "AssumeRolePolicyDocument", where);
  if (!trust) return fail(trust.error());
  role.trust_policy = std::move(*trust);
  role.permissions_boundary_arn = std::string(xml::path_text(node, {"PermissionsBoundary", "PermissionsBoundaryArn"}));
  for (pugi::xml_node t : members(node, "Tags"))
    role.tags.push_back({child_string(t, "Key"), child_string(t, "Value")});

  if (auto permissions =
          read_permissions(xml, node, "RolePolicyList", where, role.inline_policies, role.attached_policy_arns);
      !permissions) {
    return fail(permissions.error());
  }
  return role;
}

Result<ProfileWithRoles> parse_instance_profile(const ops::QueryXml& xml, pugi::xml_node node, std::string_view where,
                                                ProfileRoles roles) {
  ProfileWithRoles out;
  auto arn = required_text(xml, node, "Arn", where);
  if (!arn) return fail(arn.error());
  auto name = required_text(xml, node, "InstanceProfileName", where);
  if (!name) return fail(name.error());
  out.profile.arn = std::move(*arn);
  out.profile.name = std::move(*name);
  out.profile.id = child_string(node, "InstanceProfileId");
  out.profile.path = child_string(node, "Path");
  int index = 0;
  for (pugi::xml_node m : members(node, "Roles")) {
    ++index;
    if (roles == ProfileRoles::kArnsOnly) {
      auto role_arn = required_text(xml, m, "Arn", fmt::format("{}/Roles/member[{}]", where, index));
      if (!role_arn) return fail(role_arn.error());
      out.profile.role_arns.push_back(std::move(*role_arn));
      continue;
    }
    auto role = parse_role(xml, m, fmt::format("{}/Roles/member[{}]", where, index));
    if (!role) return fail(role.error());
    out.profile.role_arns.push_back(role->arn);
    out.roles.push_back(std::move(*role));
  }
  return out;
}

Result<ManagedPolicy> parse_managed_policy_detail(const ops::QueryXml& xml, pugi::xml_node node,
                                                  std::string_view where) {
  ManagedPolicy policy;
  auto arn = required_text(xml, node, "Arn", where);
  if (!arn) return fail(arn.error());
  policy.arn = std::move(*arn);
  policy.name = child_string(node, "PolicyName");
  policy.default_version_id = child_string(node, "DefaultVersionId");
  int index = 0;
  for (pugi::xml_node m : members(node, "PolicyVersionList")) {
    ++index;
    if (!xml::child_bool(m, "IsDefaultVersion")) continue;
    auto document = document_child(xml, m, "Document", fmt::format("{}/PolicyVersionList/member[{}]", where, index));
    if (!document) return fail(document.error());
    policy.document = std::move(*document);
    if (policy.default_version_id.empty()) policy.default_version_id = child_string(m, "VersionId");
  }
  return policy;
}

}  // namespace rolecall::aws::iam

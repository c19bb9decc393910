#pragma once
// Mapping IAM's XML entities (Role / RoleDetail, InstanceProfile, ManagedPolicyDetail) into the
// inventory types; shared by every IAM operation that returns them.

#include <vector>

#include <pugixml.hpp>

#include "aws/ops/query_xml.h"
#include "rolecall/inventory.h"

namespace rolecall::aws::iam {

// An instance profile and the full Role entries it holds (as IAM returns them).
struct ProfileWithRoles {
  InstanceProfile profile;
  std::vector<Role> roles;  // same order as profile.role_arns
};

// Reads a Role or RoleDetail element: names, ids, decoded trust policy, permissions boundary, tags,
// and (RoleDetail only) inline policies and attached managed policy ARNs. Arn and RoleName are
// required; `where` names the element in errors ("RoleDetailList/member[2]").
Result<Role> parse_role(const ops::QueryXml& xml, pugi::xml_node node, std::string_view where);

// Reads a UserDetail element: names, GroupList, UserPolicyList and AttachedManagedPolicies.
Result<IamUser> parse_user_detail(const ops::QueryXml& xml, pugi::xml_node node, std::string_view where);

// Reads a GroupDetail element: names, GroupPolicyList and AttachedManagedPolicies.
Result<IamGroup> parse_group_detail(const ops::QueryXml& xml, pugi::xml_node node, std::string_view where);

// Which parts of an InstanceProfile's Roles to read.
enum class ProfileRoles {
  kFull,     // every role in full (ProfileWithRoles::roles), documents decoded
  kArnsOnly  // only the role ARNs (InstanceProfile::role_arns); `roles` stays empty
};

// Reads an InstanceProfile element with its Roles.
Result<ProfileWithRoles> parse_instance_profile(const ops::QueryXml& xml, pugi::xml_node node, std::string_view where,
                                                ProfileRoles roles = ProfileRoles::kFull);

// Reads a ManagedPolicyDetail element; the document is the decoded default version's, "" when
// PolicyVersionList holds no default version.
Result<ManagedPolicy> parse_managed_policy_detail(const ops::QueryXml& xml, pugi::xml_node node,
                                                  std::string_view where);

}  // namespace rolecall::aws::iam

#pragma once
// Helpers shared by the IAM handlers: XML shapes of roles, profiles and policies, MaxItems/Marker.

#include <cstddef>
#include <string>

#include "emulator/common/xml_writer.h"
#include "emulator/services/pagination.h"
#include "emulator/services/service.h"

namespace rolecall::emulator::iam {

// Fixed creation time reported for estate entities.
inline constexpr const char* kIamCreateDate = "2026-01-01T00:00:00Z";

// A policy document URL-encoded as IAM returns it.
std::string iam_policy_text(const nlohmann::json& document);
// <Role> body fields (no enclosing tag); its PermissionsBoundary only `with_boundary` (ListRoles
// and instance profiles leave it out, GetRole and CreateRole carry it).
void render_role_fields(XmlWriter& w, const RoleDef& role, bool with_boundary = false);
// <PermissionsBoundary> of a user or role whose boundary is `arn` (nothing for "").
void render_permissions_boundary(XmlWriter& w, const std::string& arn);
// <InstanceProfile> body fields (no enclosing tag), roles expanded.
void render_profile_fields(XmlWriter& w, const Account& account, const ProfileDef& profile);
// <Policy> body fields (no enclosing tag) of managed policy `p` named by `arn`, used as `use` says.
void render_policy_fields(XmlWriter& w, const ManagedPolicyDef& p, const std::string& arn, const PolicyUse& use);
// NoSuchEntity (404).
ApiError no_such_entity(std::string message);
// A required parameter or ValidationError naming it.
std::expected<std::string, ApiError> required_param(const RequestContext& ctx, const std::string& name);

// The page window for `total` items under MaxItems (1..1000, default 100) and Marker.
std::expected<PageWindow, ApiError> iam_page(const RequestContext& ctx, const std::string& scope, std::size_t total);
// <IsTruncated> and <Marker> for `page`.
void render_truncation(XmlWriter& w, const RequestContext& ctx, const std::string& scope, const PageWindow& page);

}  // namespace rolecall::emulator::iam

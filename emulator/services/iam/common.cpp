#include "emulator/services/iam/common.h"

#include <charconv>

#include <fmt/format.h>

#include "aws/sigv4.h"
#include "base/json_text.h"

namespace rolecall::emulator::iam {

std::string iam_policy_text(const nlohmann::json& document) {
  return aws::sigv4::uri_encode(base::json_text(document), false);
}

void render_permissions_boundary(XmlWriter& w, const std::string& arn) {
  if (arn.empty()) return;
  w.open("PermissionsBoundary").leaf("PermissionsBoundaryType", "PermissionsBoundaryPolicy");
  w.leaf("PermissionsBoundaryArn", arn).close("PermissionsBoundary");
}

void render_role_fields(XmlWriter& w, const RoleDef& role, bool with_boundary) {
  w.leaf("Path", role.path).leaf("RoleName", role.name).leaf("RoleId", role.id).leaf("Arn", role.arn);
  w.leaf("CreateDate", kIamCreateDate).leaf("AssumeRolePolicyDocument", iam_policy_text(role.trust_policy));
  if (!role.description.empty()) w.leaf("Description", role.description);
  w.leaf("MaxSessionDuration", 3600LL);
  if (with_boundary) render_permissions_boundary(w, role.permissions_boundary);
  if (!role.tags.empty()) {
    w.open("Tags");
    for (const auto& [key, value] : role.tags) w.open("member").leaf("Key", key).leaf("Value", value).close("member");
    w.close("Tags");
  }
}

void render_profile_fields(XmlWriter& w, const Account& account, const ProfileDef& profile) {
  w.leaf("Path", profile.path).leaf("InstanceProfileName", profile.name).leaf("InstanceProfileId", profile.id);
  w.leaf("Arn", profile.arn).leaf("CreateDate", kIamCreateDate);
  w.open("Roles");
  for (const auto& name : profile.roles) {
    if (const RoleDef* role = account.find_role(name)) {
      w.open("member");
      render_role_fields(w, *role);
      w.close("member");
    }
  }
  w.close("Roles");
}

void render_policy_fields(XmlWriter& w, const ManagedPolicyDef& p, const std::string& arn, const PolicyUse& use) {
  w.leaf("PolicyName", p.name).leaf("PolicyId", p.id).leaf("Arn", arn).leaf("Path", p.path);
  w.leaf("DefaultVersionId", p.default_version).leaf("AttachmentCount", use.attachments);
  w.leaf("PermissionsBoundaryUsageCount", use.boundaries).leaf_bool("IsAttachable", true);
  if (!p.description.empty()) w.leaf("Description", p.description);
  w.leaf("CreateDate", kIamCreateDate).leaf("UpdateDate", kIamCreateDate);
}

ApiError no_such_entity(std::string message) { return {404, "NoSuchEntity", std::move(message), true}; }

std::expected<std::string, ApiError> required_param(const RequestContext& ctx, const std::string& name) {
  const std::string* v = ctx.params.get(name);
  if (!v || v->empty()) {
    return std::unexpected(ApiError{400, "ValidationError",
                                    fmt::format("1 validation error detected: Value null at '{}' failed to satisfy "
                                                "constraint: Member must not be null",
                                                name),
                                    true});
  }
  return *v;
}

std::expected<PageWindow, ApiError> iam_page(const RequestContext& ctx, const std::string& scope, std::size_t total) {
  std::size_t limit = 100;
  if (const std::string* text = ctx.params.get("MaxItems")) {
    long long n = 0;
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (text->empty() || ec != std::errc() || ptr != text->data() + text->size() || n < 1 || n > 1000) {
      return std::unexpected(
          ApiError{400, "ValidationError",
                   fmt::format("1 validation error detected: Value '{}' at 'maxItems' failed to satisfy "
                               "constraint: Member must have value between 1 and 1000",
                               *text),
                   true});
    }
    limit = static_cast<std::size_t>(n);
  }
  std::size_t offset = 0;
  if (const std::string* marker = ctx.params.get("Marker")) {
    auto o = read_page_token(ctx.core, scope, *marker);
    if (!o) return std::unexpected(ApiError{400, "ValidationError", "Invalid value for parameter Marker", true});
    offset = *o;
  }
  return page_window(total, offset, limit);
}

void render_truncation(XmlWriter& w, const RequestContext& ctx, const std::string& scope, const PageWindow& page) {
  w.leaf_bool("IsTruncated", page.more);
  if (page.more) w.leaf("Marker", make_page_token(ctx.core, scope, page.end));
}

}  // namespace rolecall::emulator::iam

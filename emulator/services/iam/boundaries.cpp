// IAM permissions boundaries of roles and users: PutRolePermissionsBoundary,
// DeleteRolePermissionsBoundary, PutUserPermissionsBoundary, DeleteUserPermissionsBoundary.
#include "emulator/services/iam/common.h"
#include "emulator/services/iam/edit.h"
#include "emulator/services/iam/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::iam {
namespace {

// The required PermissionsBoundary of a Put*PermissionsBoundary request: a policy ARN.
std::expected<std::string, ApiError> required_boundary(const RequestContext& ctx) {
  auto present = required_param(ctx, "PermissionsBoundary");
  if (!present) return std::unexpected(present.error());
  return boundary_param(ctx);
}

}  // namespace

HandlerResult put_role_permissions_boundary(RequestContext& ctx) {
  auto boundary = required_boundary(ctx);
  if (!boundary) return std::unexpected(boundary.error());
  // The condition key iam:PermissionsBoundary is the policy being set.
  auto role = role_to_change(ctx, "iam:PutRolePermissionsBoundary", boundary_context(*boundary));
  if (!role) return std::unexpected(role.error());
  if (auto missing = check_boundary_exists(ctx, *boundary)) return std::unexpected(*missing);
  (*role)->permissions_boundary = std::move(*boundary);
  return no_output_response(ctx);
}

HandlerResult delete_role_permissions_boundary(RequestContext& ctx) {
  auto role = role_to_change(ctx, "iam:DeleteRolePermissionsBoundary");
  if (!role) return std::unexpected(role.error());
  (*role)->permissions_boundary.clear();
  return no_output_response(ctx);
}

HandlerResult put_user_permissions_boundary(RequestContext& ctx) {
  auto boundary = required_boundary(ctx);
  if (!boundary) return std::unexpected(boundary.error());
  auto user = user_to_change(ctx, "iam:PutUserPermissionsBoundary", false, boundary_context(*boundary));
  if (!user) return std::unexpected(user.error());
  if (auto missing = check_boundary_exists(ctx, *boundary)) return std::unexpected(*missing);
  (*user)->permissions_boundary = std::move(*boundary);
  return no_output_response(ctx);
}

HandlerResult delete_user_permissions_boundary(RequestContext& ctx) {
  auto user = user_to_change(ctx, "iam:DeleteUserPermissionsBoundary", false);
  if (!user) return std::unexpected(user.error());
  (*user)->permissions_boundary.clear();
  return no_output_response(ctx);
}

}  // namespace rolecall::emulator::iam

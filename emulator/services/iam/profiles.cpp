// IAM instance profile removals: RemoveRoleFromInstanceProfile, DeleteInstanceProfile.
#include <algorithm>

#include <fmt/format.h>

#include "emulator/services/authorize.h"
#include "emulator/services/iam/common.h"
#include "emulator/services/iam/edit.h"
#include "emulator/services/iam/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::iam {
namespace {

std::expected<ProfileDef*, ApiError> profile_for(RequestContext& ctx, const char* action) {
  auto name = required_param(ctx, "InstanceProfileName");
  if (!name) return std::unexpected(name.error());
  ProfileDef* profile = ctx.account().find_profile(*name);
  std::string arn =
      profile ? profile->arn : iam_arn(ctx.partition(), ctx.caller.account_id, "instance-profile", "/", *name);
  if (auto denied = authorize(ctx, action, arn)) return std::unexpected(*denied);
  if (!profile) {
    return std::unexpected(no_such_entity(fmt::format("Instance Profile {} cannot be found.", *name)));
  }
  return profile;
}

}  // namespace

HandlerResult remove_role_from_instance_profile(RequestContext& ctx) {
  auto profile = profile_for(ctx, "iam:RemoveRoleFromInstanceProfile");
  if (!profile) return std::unexpected(profile.error());
  auto role = required_param(ctx, "RoleName");
  if (!role) return std::unexpected(role.error());
  if (!ctx.account().find_role(*role)) {
    return std::unexpected(no_such_entity(fmt::format("The role with name {} cannot be found.", *role)));
  }
  if (std::erase((*profile)->roles, *role) == 0) {
    return std::unexpected(
        no_such_entity(fmt::format("Role {} in Instance Profile {} cannot be found.", *role, (*profile)->name)));
  }
  return no_output_response(ctx);
}

HandlerResult delete_instance_profile(RequestContext& ctx) {
  auto profile = profile_for(ctx, "iam:DeleteInstanceProfile");
  if (!profile) return std::unexpected(profile.error());
  if (!(*profile)->roles.empty()) {
    return std::unexpected(delete_conflict("Cannot delete entity, must remove roles from instance profile first."));
  }
  const std::string name = (*profile)->name;
  std::erase_if(ctx.account().profiles, [&](const ProfileDef& p) { return p.name == name; });
  return no_output_response(ctx);
}

}  // namespace rolecall::emulator::iam

#include "emulator/services/ec2/profiles.h"

#include <fmt/format.h>

#include "emulator/services/authorize.h"
#include "emulator/services/ec2/common.h"

namespace rolecall::emulator::ec2 {

std::expected<const ProfileDef*, ApiError> requested_profile(RequestContext& ctx, const std::string& member) {
  const std::string* arn = ctx.params.get(member + ".Arn");
  const std::string* name = ctx.params.get(member + ".Name");
  if (!arn && !name) return std::unexpected(missing_parameter(member));
  for (const auto& p : ctx.account().profiles) {
    if ((arn && p.arn == *arn) || (!arn && name && p.name == *name)) return &p;
  }
  if (arn) {
    return std::unexpected(
        ApiError{400, "InvalidParameterValue",
                 fmt::format("Value ({}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM "
                             "Instance Profile ARN",
                             *arn),
                 true});
  }
  return std::unexpected(
      ApiError{400, "InvalidParameterValue",
               fmt::format("Value ({}) for parameter iamInstanceProfile.name is invalid. Invalid IAM "
                           "Instance Profile name",
                           *name),
               true});
}

std::optional<ApiError> check_pass_role(const RequestContext& ctx, const ProfileDef& profile) {
  for (const auto& role_name : profile.roles) {
    if (const RoleDef* role = ctx.core.estate.accounts[ctx.caller.account].find_role(role_name)) {
      // The role is passed to EC2: policies may scope PassRole with iam:PassedToService.
      if (auto denied = authorize(ctx, "iam:PassRole", role->arn, {{"iam:PassedToService", "ec2.amazonaws.com"}})) {
        return denied;
      }
    }
  }
  return std::nullopt;
}

Association new_association(RequestContext& ctx, const ProfileDef& profile) {
  Association a;
  a.id = random_hex_id(ctx.core, "iip-assoc-", 17);
  a.profile_name = profile.name;
  a.profile_arn = profile.arn;
  a.profile_id = profile.id;
  a.created_seq = ctx.seq;
  return a;
}

}  // namespace rolecall::emulator::ec2

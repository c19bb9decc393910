#pragma once
// Instance profiles as EC2 requests name them (associations, RunInstances, launch templates):
// lookup by ARN or name, the iam:PassRole check and a new association.

#include <expected>
#include <optional>
#include <string>

#include "emulator/services/service.h"

namespace rolecall::emulator::ec2 {

// The profile named by `member`.Arn or `member`.Name (e.g. "IamInstanceProfile") in the caller's
// account; MissingParameter when neither is given, InvalidParameterValue when it does not exist.
std::expected<const ProfileDef*, ApiError> requested_profile(RequestContext& ctx, const std::string& member);
// iam:PassRole for the profile's role (a profile without a role passes nothing).
std::optional<ApiError> check_pass_role(const RequestContext& ctx, const ProfileDef& profile);
// A fresh association of `profile` created by this request (reads "associating" until the next).
Association new_association(RequestContext& ctx, const ProfileDef& profile);

}  // namespace rolecall::emulator::ec2

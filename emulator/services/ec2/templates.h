#pragma once
// Launch template lookups and LaunchTemplateData parameters shared by the template writes
// (templates.cpp) and RunInstances (launch.cpp).

#include <expected>
#include <string>

#include "emulator/services/service.h"

namespace rolecall::emulator::ec2 {

// The template named by `prefix`LaunchTemplateId or `prefix`LaunchTemplateName in the request
// region (exactly one of them); EC2's NotFound / MissingParameter errors otherwise.
std::expected<LaunchTemplate*, ApiError> named_template(RequestContext& ctx, const std::string& prefix);
// The version `which` ("$Default", "$Latest" or a number; "" = "$Default") of `t`.
std::expected<const TemplateVersion*, ApiError> template_version(const LaunchTemplate& t, const std::string& which);
// Applies LaunchTemplateData.* (UserData, IamInstanceProfile.Name/Arn, MetadataOptions.HttpTokens)
// on top of `version`; InvalidUserData.Malformed / InvalidParameterValue when malformed.
std::optional<ApiError> apply_template_data(const RequestContext& ctx, TemplateVersion& version);

}  // namespace rolecall::emulator::ec2

#pragma once
// EC2 launch template writes remediation needs to fix an Auto Scaling group at its source:
// CreateLaunchTemplateVersion (a copy of a version with another instance profile) and
// ModifyLaunchTemplate (which version is the default), and DeleteLaunchTemplateVersions (rollback
// removes the version it made).

#include <string>
#include <string_view>

#include "aws/client.h"
#include "aws/ops/query_call.h"
#include "rolecall/error.h"

namespace rolecall::aws::ec2 {

// CreateLaunchTemplateVersion parameters: version `source_version` of `template_id` with its
// IamInstanceProfile and/or its UserData replaced.
struct CreateLaunchTemplateVersionRequest {
  std::string template_id;     // LaunchTemplateId (required)
  std::string source_version;  // SourceVersion: a number, "$Default" or "$Latest" (required)
  std::string profile_arn;     // LaunchTemplateData.IamInstanceProfile.Arn (this or profile_name)
  std::string profile_name;    // LaunchTemplateData.IamInstanceProfile.Name, when profile_arn is empty
  std::string description;     // VersionDescription; "" omits it
  std::string user_data;       // LaunchTemplateData.UserData (base64); "" keeps the source version's
};

// The version CreateLaunchTemplateVersion made.
struct CreateLaunchTemplateVersionResponse {
  std::string template_id;
  long long version_number = 0;
  std::string request_id;
};

// ModifyLaunchTemplate parameters: make `default_version` the default of `template_id`.
struct ModifyLaunchTemplateRequest {
  std::string template_id;        // LaunchTemplateId (required)
  long long default_version = 0;  // SetDefaultVersion (required, >= 1)
};

// The template as ModifyLaunchTemplate left it.
struct ModifyLaunchTemplateResponse {
  std::string template_id;
  long long default_version = 0;
  long long latest_version = 0;
  std::string request_id;
};

// The mutating ServiceCall for CreateLaunchTemplateVersion in `region`.
ServiceCall create_launch_template_version_call(const std::string& region,
                                                const CreateLaunchTemplateVersionRequest& request);
// Parses a CreateLaunchTemplateVersion body; kParse when it lacks the version number.
Result<CreateLaunchTemplateVersionResponse> parse_create_launch_template_version(std::string body);
// Calls CreateLaunchTemplateVersion; kInvalidArgument without a call when a required field is empty.
void create_launch_template_version(AwsCaller& caller, const std::string& region,
                                    const CreateLaunchTemplateVersionRequest& request,
                                    Callback<CreateLaunchTemplateVersionResponse> done);

// The mutating ServiceCall for ModifyLaunchTemplate in `region`.
ServiceCall modify_launch_template_call(const std::string& region, const ModifyLaunchTemplateRequest& request);
// Parses a ModifyLaunchTemplate body; kParse when it lacks the default version number.
Result<ModifyLaunchTemplateResponse> parse_modify_launch_template(std::string body);
// Calls ModifyLaunchTemplate; kInvalidArgument without a call when the id is empty or the version < 1.
void modify_launch_template(AwsCaller& caller, const std::string& region, const ModifyLaunchTemplateRequest& request,
                            Callback<ModifyLaunchTemplateResponse> done);

// DeleteLaunchTemplateVersions parameters: one version of one template.
struct DeleteLaunchTemplateVersionRequest {
  std::string template_id;  // LaunchTemplateId (required)
  long long version = 0;    // LaunchTemplateVersion.1 (required, >= 1)
};

// What DeleteLaunchTemplateVersions said of the version: AWS answers 200 and lists each version as
// deleted or not, with a code (launchTemplateVersionDoesNotExist, unexpectedError, ...).
struct DeleteLaunchTemplateVersionResponse {
  bool deleted = false;
  std::string error_code;     // when not deleted
  std::string error_message;  // when not deleted
  std::string request_id;
};

// The mutating ServiceCall for DeleteLaunchTemplateVersions in `region`.
ServiceCall delete_launch_template_version_call(const std::string& region,
                                                const DeleteLaunchTemplateVersionRequest& request);
// Parses a DeleteLaunchTemplateVersions body; kParse when it names the version in neither list.
Result<DeleteLaunchTemplateVersionResponse> parse_delete_launch_template_version(std::string body, long long version);
// Calls DeleteLaunchTemplateVersions; kInvalidArgument without a call when the id is empty or the version < 1.
void delete_launch_template_version(AwsCaller& caller, const std::string& region,
                                    const DeleteLaunchTemplateVersionRequest& request,
                                    Callback<DeleteLaunchTemplateVersionResponse> done);

}  // namespace rolecall::aws::ec2

#pragma once
// IAM instance profiles: GetInstanceProfile, ListInstanceProfiles, and the two mutations
// remediation needs, CreateInstanceProfile and AddRoleToInstanceProfile.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/iam_entities.h"
#include "aws/ops/query_call.h"
#include "rolecall/inventory.h"

namespace rolecall::aws::iam {

// iam:GetInstanceProfile parameters.
struct GetInstanceProfileRequest {
  std::string instance_profile_name;  // InstanceProfileName (required)
};
// iam:GetInstanceProfile result: the profile and its roles in full.
struct GetInstanceProfileResponse {
  ProfileWithRoles profile;
};
// The ServiceCall for iam:GetInstanceProfile.
ServiceCall get_instance_profile_call(const GetInstanceProfileRequest& request);
// Parses a GetInstanceProfile XML body.
Result<GetInstanceProfileResponse> parse_get_instance_profile(std::string_view body);
// Calls iam:GetInstanceProfile; kInvalidArgument without a call when the name is empty.
void get_instance_profile(AwsCaller& caller, const GetInstanceProfileRequest& request,
                          ops::OpCallback<GetInstanceProfileResponse> done);

// iam:ListInstanceProfiles parameters.
struct ListInstanceProfilesRequest {
  std::string path_prefix;       // PathPrefix; empty: all
  std::optional<int> max_items;  // MaxItems
  std::string marker;            // Marker from the previous page
};
// One page of iam:ListInstanceProfiles.
struct ListInstanceProfilesResponse {
  std::vector<ProfileWithRoles> profiles;  // InstanceProfiles, each with zero or more roles
  bool is_truncated = false;
  std::string marker;
};
// The ServiceCall for one page of iam:ListInstanceProfiles.
ServiceCall list_instance_profiles_call(const ListInstanceProfilesRequest& request);
// Parses a ListInstanceProfiles XML body.
Result<ListInstanceProfilesResponse> parse_list_instance_profiles(std::string_view body);
// Fetches one page.
void list_instance_profiles(AwsCaller& caller, const ListInstanceProfilesRequest& request,
                            ops::OpCallback<ListInstanceProfilesResponse> done);
// Fetches every page from request.marker on, concatenated.
void list_instance_profiles_all(AwsCaller& caller, ListInstanceProfilesRequest request,
                                ops::OpCallback<ListInstanceProfilesResponse> done);

// iam:CreateInstanceProfile parameters (mutating).
struct CreateInstanceProfileRequest {
  std::string instance_profile_name;  // InstanceProfileName (required)
  std::string path;                   // Path; empty: "/"
};
// iam:CreateInstanceProfile result.
struct CreateInstanceProfileResponse {
  InstanceProfile profile;  // the new, empty profile
};
// The ServiceCall for iam:CreateInstanceProfile (ApiClass::kMutate).
ServiceCall create_instance_profile_call(const CreateInstanceProfileRequest& request);
// Parses a CreateInstanceProfile XML body.
Result<CreateInstanceProfileResponse> parse_create_instance_profile(std::string_view body);
// Calls iam:CreateInstanceProfile; kInvalidArgument when the name is empty.
void create_instance_profile(AwsCaller& caller, const CreateInstanceProfileRequest& request,
                             ops::OpCallback<CreateInstanceProfileResponse> done);

// iam:AddRoleToInstanceProfile parameters (mutating).
struct AddRoleToInstanceProfileRequest {
  std::string instance_profile_name;  // InstanceProfileName (required)
  std::string role_name;              // RoleName (required)
};
// iam:AddRoleToInstanceProfile result (the action returns only metadata).
struct AddRoleToInstanceProfileResponse {
  std::string request_id;  // ResponseMetadata/RequestId, for the remediation journal
};
// The ServiceCall for iam:AddRoleToInstanceProfile (ApiClass::kMutate).
ServiceCall add_role_to_instance_profile_call(const AddRoleToInstanceProfileRequest& request);
// Parses an AddRoleToInstanceProfile XML body.
Result<AddRoleToInstanceProfileResponse> parse_add_role_to_instance_profile(std::string_view body);
// Calls iam:AddRoleToInstanceProfile; kInvalidArgument when a name is empty.
void add_role_to_instance_profile(AwsCaller& caller, const AddRoleToInstanceProfileRequest& request,
                                  ops::OpCallback<AddRoleToInstanceProfileResponse> done);

}  // namespace rolecall::aws::iam

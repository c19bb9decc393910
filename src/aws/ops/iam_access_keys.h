#pragma once
// IAM access-key reads for key intelligence: iam:GetAccessKeyLastUsed (owner and last use of a key
// id), iam:ListAccessKeys (status and creation of a user's keys) and iam:ListUsers (whose keys an
// account holds). Only key ids are sent.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"

namespace rolecall::aws::iam {

// iam:GetAccessKeyLastUsed parameters.
struct GetAccessKeyLastUsedRequest {
  std::string access_key_id;  // AccessKeyId
};
// iam:GetAccessKeyLastUsed result.
struct GetAccessKeyLastUsedResponse {
  std::string user_name;       // UserName owning the key
  std::string last_used_date;  // AccessKeyLastUsed/LastUsedDate (ISO 8601); empty: never used
  std::string service_name;    // AccessKeyLastUsed/ServiceName; "N/A" when never used
  std::string region;          // AccessKeyLastUsed/Region; "N/A" when never used
};
// The ServiceCall for iam:GetAccessKeyLastUsed.
ServiceCall get_access_key_last_used_call(const GetAccessKeyLastUsedRequest& request);
// Parses a GetAccessKeyLastUsed XML body; UserName and a parseable LastUsedDate (when present)
// are required.
Result<GetAccessKeyLastUsedResponse> parse_get_access_key_last_used(std::string_view body);
// Calls iam:GetAccessKeyLastUsed (kNotFound when no user of the caller's account holds the key).
void get_access_key_last_used(AwsCaller& caller, const GetAccessKeyLastUsedRequest& request,
                              ops::OpCallback<GetAccessKeyLastUsedResponse> done);

// One member of ListAccessKeys' AccessKeyMetadata.
struct AccessKeyMetadata {
  std::string user_name;      // UserName
  std::string access_key_id;  // AccessKeyId
  std::string status;         // "Active" | "Inactive" | "Expired"
  std::string create_date;    // CreateDate (ISO 8601)
};
// iam:ListAccessKeys parameters.
struct ListAccessKeysRequest {
  std::string user_name;         // UserName; empty: the calling user
  std::optional<int> max_items;  // MaxItems
  std::string marker;            // Marker from the previous page
};
// One page of iam:ListAccessKeys.
struct ListAccessKeysResponse {
  std::vector<AccessKeyMetadata> keys;  // AccessKeyMetadata
  bool is_truncated = false;
  std::string marker;
};
// The ServiceCall for one page of iam:ListAccessKeys.
ServiceCall list_access_keys_call(const ListAccessKeysRequest& request);
// Parses a ListAccessKeys XML body; AccessKeyId and Status of each member are required.
Result<ListAccessKeysResponse> parse_list_access_keys(std::string_view body);
// Fetches every page from request.marker on, concatenated.
void list_access_keys_all(AwsCaller& caller, ListAccessKeysRequest request,
                          ops::OpCallback<ListAccessKeysResponse> done);

// iam:UpdateAccessKey parameters: the deactivate phase of a key migration and its rollback.
struct UpdateAccessKeyRequest {
  std::string user_name;      // UserName
  std::string access_key_id;  // AccessKeyId (read from ListAccessKeys; never a found secret's)
  std::string status;         // "Active" or "Inactive"
};
// iam:UpdateAccessKey's answer (no result element).
struct UpdateAccessKeyResponse {
  std::string request_id;
};
// The ServiceCall for iam:UpdateAccessKey.
ServiceCall update_access_key_call(const UpdateAccessKeyRequest& request);
// Parses an UpdateAccessKey XML body.
Result<UpdateAccessKeyResponse> parse_update_access_key(std::string_view body);
// Sets a key's status; an empty user, key id or a status other than Active/Inactive is rejected without a call.
void update_access_key(AwsCaller& caller, const UpdateAccessKeyRequest& request,
                       ops::OpCallback<UpdateAccessKeyResponse> done);

// iam:ListUsers parameters.
struct ListUsersRequest {
  std::optional<int> max_items;  // MaxItems
  std::string marker;            // Marker from the previous page
};
// One page of iam:ListUsers: the user names (the only field key discovery needs).
struct ListUsersResponse {
  std::vector<std::string> user_names;  // Users/member/UserName
  bool is_truncated = false;
  std::string marker;
};
// The ServiceCall for one page of iam:ListUsers.
ServiceCall list_users_call(const ListUsersRequest& request);
// Parses a ListUsers XML body; UserName of each member is required.
Result<ListUsersResponse> parse_list_users(std::string_view body);
// Fetches every page from request.marker on, concatenated.
void list_users_all(AwsCaller& caller, ListUsersRequest request, ops::OpCallback<ListUsersResponse> done);

}  // namespace rolecall::aws::iam

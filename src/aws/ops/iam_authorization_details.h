#pragma once
// iam:GetAccountAuthorizationDetails: the account's roles, their instance profiles, the managed
// policies and (Filter User/Group) its users' and groups' permissions, in one paginated sweep.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"
#include "rolecall/inventory.h"

namespace rolecall::aws::iam {

// Request parameters.
struct GetAccountAuthorizationDetailsRequest {
  // Filter.member.N: entity types to return (User, Role, Group, LocalManagedPolicy, AWSManagedPolicy).
  std::vector<std::string> filters{"Role", "LocalManagedPolicy", "AWSManagedPolicy"};
  std::optional<int> max_items;  // MaxItems (1-1000); unset: the service default (100)
  std::string marker;            // Marker from the previous page; empty on the first
};

// One page (or, from the _all variant, every page merged).
struct GetAccountAuthorizationDetailsResponse {
  std::vector<Role> roles;                // RoleDetailList, documents decoded
  std::vector<InstanceProfile> profiles;  // every profile named in a role's InstanceProfileList, by ARN once
  std::vector<ManagedPolicy> policies;    // Policies, with the default version's decoded document
  std::vector<IamUser> users;             // UserDetailList (Filter User)
  std::vector<IamGroup> groups;           // GroupDetailList (Filter Group)
  bool is_truncated = false;              // IsTruncated
  std::string marker;                     // Marker for the next page when truncated
};

// The ServiceCall for one page.
ServiceCall get_account_authorization_details_call(const GetAccountAuthorizationDetailsRequest& request);

// Parses one page's XML body.
Result<GetAccountAuthorizationDetailsResponse> parse_get_account_authorization_details(std::string_view body);

// Fetches one page.
void get_account_authorization_details(AwsCaller& caller, const GetAccountAuthorizationDetailsRequest& request,
                                       ops::OpCallback<GetAccountAuthorizationDetailsResponse> done);

// Fetches every page from request.marker on and merges them (profiles de-duplicated by ARN);
// the result has is_truncated false. Any page's failure fails the whole sweep.
void get_account_authorization_details_all(AwsCaller& caller, GetAccountAuthorizationDetailsRequest request,
                                           ops::OpCallback<GetAccountAuthorizationDetailsResponse> done);

// Adds `page` to `into`, keeping one InstanceProfile per ARN (role ARNs unioned).
void merge_authorization_details(GetAccountAuthorizationDetailsResponse& into,
                                 GetAccountAuthorizationDetailsResponse&& page);

}  // namespace rolecall::aws::iam

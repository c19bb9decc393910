#pragma once
// EC2 IAM instance profile associations: describe, associate, replace, disassociate.
// The EC2 API has no DryRun parameter for the three mutating calls: with dry_run set they send
// nothing and fail with kInvalidArgument, code kDryRunUnsupported (check the permission with
// iam:SimulatePrincipalPolicy instead).

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"
#include "aws/protocol/pagination.h"
#include "rolecall/error.h"

namespace rolecall::aws::ec2 {

// One instance ↔ instance profile association.
struct ProfileAssociation {
  std::string association_id;  // associationId, "iip-assoc-..."
  std::string instance_id;     // instanceId
  std::string profile_arn;     // iamInstanceProfile/arn
  std::string profile_id;      // iamInstanceProfile/id, "AIPA..."
  std::string state;           // associating | associated | disassociating | disassociated
};

// DescribeIamInstanceProfileAssociations parameters.
struct DescribeProfileAssociationsRequest {
  std::vector<std::string> association_ids;  // AssociationId.N; empty means all
  std::vector<std::string> instance_ids;     // sent as the "instance-id" filter
  std::vector<std::string> states;           // sent as the "state" filter
  int max_results = 0;                       // 5..1000; 0 omits it
  std::string next_token;                    // "" for the first page
};

// One DescribeIamInstanceProfileAssociations page.
struct DescribeProfileAssociationsResponse {
  std::vector<ProfileAssociation> associations;
  std::string next_token;  // "" on the last page
  std::string request_id;
};

// Which instance profile to attach: ARN preferred, else name.
struct ProfileSpec {
  std::string arn;   // IamInstanceProfile.Arn
  std::string name;  // IamInstanceProfile.Name (used when arn is empty)
};

// AssociateIamInstanceProfile parameters.
struct AssociateProfileRequest {
  std::string instance_id;  // InstanceId
  ProfileSpec profile;
  bool dry_run = false;  // unsupported by the API: see the file comment
};

// ReplaceIamInstanceProfileAssociation parameters.
struct ReplaceProfileRequest {
  std::string association_id;  // AssociationId of the association to replace
  ProfileSpec profile;
  bool dry_run = false;  // unsupported by the API: see the file comment
};

// DisassociateIamInstanceProfile parameters.
struct DisassociateProfileRequest {
  std::string association_id;  // AssociationId
  bool dry_run = false;        // unsupported by the API: see the file comment
};

// Result of associate / replace / disassociate.
struct ProfileAssociationResponse {
  ProfileAssociation association;  // the new or ending association as EC2 reports it
  bool dry_run_ok = false;         // always false: these calls have no DryRun (kept for a uniform shape)
  std::string request_id;
};

// Parses a DescribeIamInstanceProfileAssociations body.
Result<DescribeProfileAssociationsResponse> parse_describe_profile_associations(std::string body);

// Parses an Associate/Replace/Disassociate body (`action` names the expected <actionResponse>).
Result<ProfileAssociationResponse> parse_profile_association(std::string body, std::string_view action);

// The ServiceCall for one page of associations.
ServiceCall describe_profile_associations_call(const std::string& region,
                                               const DescribeProfileAssociationsRequest& request);

// Fetches one page of associations.
void describe_profile_associations(AwsCaller& caller, const std::string& region,
                                   const DescribeProfileAssociationsRequest& request,
                                   Callback<DescribeProfileAssociationsResponse> done);

// Fetches every page from `request` on, handing each to `on_page` in order; `done` gets success or
// the first error, naming the call and page. A token that comes back twice, or more pages than
// PaginationLimits allows, stops the walk with an error (paginate()).
void describe_all_profile_associations(AwsCaller& caller, const std::string& region,
                                       DescribeProfileAssociationsRequest request,
                                       std::function<void(DescribeProfileAssociationsResponse&&)> on_page,
                                       PaginationDone done);

// Attaches a profile to an instance that has none (ApiClass::kMutate).
void associate_profile(AwsCaller& caller, const std::string& region, const AssociateProfileRequest& request,
                       Callback<ProfileAssociationResponse> done);

// Swaps the profile of an existing association (ApiClass::kMutate).
void replace_profile(AwsCaller& caller, const std::string& region, const ReplaceProfileRequest& request,
                     Callback<ProfileAssociationResponse> done);

// Removes an association (ApiClass::kMutate).
void disassociate_profile(AwsCaller& caller, const std::string& region, const DisassociateProfileRequest& request,
                          Callback<ProfileAssociationResponse> done);

}  // namespace rolecall::aws::ec2

#pragma once
// AWS Organizations (JSON 1.1, target prefix AWSOrganizationsV20161128): the accounts to scan
// and the management account.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"

namespace rolecall::aws::organizations {

// One member account as ListAccounts reports it.
struct Account {
  std::string id;      // Id, 12 digits
  std::string arn;     // Arn
  std::string name;    // Name
  std::string email;   // Email
  std::string status;  // Status: ACTIVE, SUSPENDED, PENDING_CLOSURE (State when Status is absent)
};

// organizations:ListAccounts parameters.
struct ListAccountsRequest {
  std::optional<int> max_results;  // MaxResults (1-20)
  std::string next_token;          // NextToken from the previous page
};
// One page of organizations:ListAccounts.
struct ListAccountsResponse {
  std::vector<Account> accounts;  // Accounts
  std::string next_token;         // NextToken; empty on the last page
};
// The ServiceCall for one page of ListAccounts (global endpoint: region left empty).
ServiceCall list_accounts_call(const ListAccountsRequest& request);
// Parses a ListAccounts JSON body; an account without Id is a kParse error.
Result<ListAccountsResponse> parse_list_accounts(std::string_view body);
// Fetches one page.
void list_accounts(AwsCaller& caller, const ListAccountsRequest& request, ops::OpCallback<ListAccountsResponse> done);
// Fetches every page from request.next_token on, concatenated (next_token empty).
void list_accounts_all(AwsCaller& caller, ListAccountsRequest request, ops::OpCallback<ListAccountsResponse> done);

// organizations:DescribeOrganization result (the action takes no parameters).
struct DescribeOrganizationResponse {
  std::string id;                  // Organization/Id, "o-..."
  std::string arn;                 // Organization/Arn
  std::string feature_set;         // Organization/FeatureSet: ALL or CONSOLIDATED_BILLING
  std::string master_account_id;   // Organization/MasterAccountId: the management account
  std::string master_account_arn;  // Organization/MasterAccountArn
};
// The ServiceCall for DescribeOrganization.
ServiceCall describe_organization_call();
// Parses a DescribeOrganization JSON body; Organization/Id and MasterAccountId are required.
Result<DescribeOrganizationResponse> parse_describe_organization(std::string_view body);
// Calls organizations:DescribeOrganization (AWSOrganizationsNotInUseException: not in an organization).
void describe_organization(AwsCaller& caller, ops::OpCallback<DescribeOrganizationResponse> done);

}  // namespace rolecall::aws::organizations

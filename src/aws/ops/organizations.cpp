#include "aws/ops/organizations.h"

#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/protocol/json11.h"
#include "aws/protocol/pagination.h"
#include "base/json_text.h"

namespace rolecall::aws::organizations {
namespace {

constexpr const char* kTargetPrefix = "AWSOrganizationsV20161128.";

ServiceCall make_call(const std::string& action, std::string body) {
  ServiceCall call;
  call.service = "organizations";
  call.protocol = Protocol::kJson11;
  call.action = action;
  call.json_target = kTargetPrefix + action;
  call.json_body = std::move(body);
  return call;
}

Error parse_error(std::string_view operation, std::string_view message) {
  return Error::parse(fmt::format("{}: {}", operation, message));
}

}  // namespace

ServiceCall list_accounts_call(const ListAccountsRequest& request) {
  nlohmann::json body = nlohmann::json::object();
  if (request.max_results) body["MaxResults"] = *request.max_results;
  if (!request.next_token.empty()) body["NextToken"] = request.next_token;
  return make_call("ListAccounts", base::json_text(body));
}

Result<ListAccountsResponse> parse_list_accounts(std::string_view body) {
  constexpr std::string_view kOperation = "organizations:ListAccounts";
  auto json = json11::parse(body, kOperation);
  if (!json) return fail(json.error());
  if (!json->is_object()) return fail(parse_error(kOperation, "response is not a JSON object"));
  if (json->contains("Accounts") && !(*json)["Accounts"].is_array()) {
    return fail(parse_error(kOperation, "Accounts is not an array"));
  }
  ListAccountsResponse out;
  std::size_t index = 0;
  for (const auto& a : json11::get_array(*json, "Accounts")) {
    ++index;
    Account account;
    account.id = json11::get_string(a, "Id");
    if (account.id.empty()) return fail(parse_error(kOperation, fmt::format("Accounts[{}] lacks Id", index)));
    account.arn = json11::get_string(a, "Arn");
    account.name = json11::get_string(a, "Name");
    account.email = json11::get_string(a, "Email");
    account.status = json11::get_string(a, "Status");
    if (account.status.empty()) account.status = json11::get_string(a, "State");
    out.accounts.push_back(std::move(account));
  }
  out.next_token = json11::get_string(*json, "NextToken");
  return out;
}

void list_accounts(AwsCaller& caller, const ListAccountsRequest& request, ops::OpCallback<ListAccountsResponse> done) {
  ops::run_op<ListAccountsResponse>(caller, list_accounts_call(request), parse_list_accounts, std::move(done));
}

void list_accounts_all(AwsCaller& caller, ListAccountsRequest request, ops::OpCallback<ListAccountsResponse> done) {
  auto merged = std::make_shared<ListAccountsResponse>();
  paginate_pages<ListAccountsResponse>(
      caller,
      [request = std::move(request)](const std::string& token) {
        ListAccountsRequest page = request;
        if (!token.empty()) page.next_token = token;
        return list_accounts_call(page);
      },
      [](ServiceResponse response) { return parse_list_accounts(response.body); },
      [](const ListAccountsResponse& page) { return page.next_token; },
      [merged](ListAccountsResponse&& page) {
        merged->accounts.insert(merged->accounts.end(), std::make_move_iterator(page.accounts.begin()),
                                std::make_move_iterator(page.accounts.end()));
      },
      [merged, done = std::move(done)](Result<void> outcome) {
        if (!outcome) {
          done(fail(outcome.error().with_context("organizations")));
          return;
        }
        merged->next_token.clear();
        done(std::move(*merged));
      });
}

ServiceCall describe_organization_call() { return make_call("DescribeOrganization", "{}"); }

Result<DescribeOrganizationResponse> parse_describe_organization(std::string_view body) {
  constexpr std::string_view kOperation = "organizations:DescribeOrganization";
  auto json = json11::parse(body, kOperation);
  if (!json) return fail(json.error());
  const nlohmann::json& org = json11::get_object(*json, "Organization");
  DescribeOrganizationResponse out;
  out.id = json11::get_string(org, "Id");
  out.arn = json11::get_string(org, "Arn");
  out.feature_set = json11::get_string(org, "FeatureSet");
  out.master_account_id = json11::get_string(org, "MasterAccountId");
  out.master_account_arn = json11::get_string(org, "MasterAccountArn");
  if (out.id.empty()) return fail(parse_error(kOperation, "response lacks Organization/Id"));
  if (out.master_account_id.empty())
    return fail(parse_error(kOperation, "response lacks Organization/MasterAccountId"));
  return out;
}

void describe_organization(AwsCaller& caller, ops::OpCallback<DescribeOrganizationResponse> done) {
  ops::run_op<DescribeOrganizationResponse>(caller, describe_organization_call(), parse_describe_organization,
                                            std::move(done));
}

}  // namespace rolecall::aws::organizations

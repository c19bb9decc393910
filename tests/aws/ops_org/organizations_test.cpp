#include "aws/ops/organizations.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/fake_aws_caller.h"
#include "support/files.h"

namespace rolecall::aws::organizations {
namespace {

using testing::aws_fixture;
using testing::FakeAwsCaller;

nlohmann::json body_of(const ServiceCall& call) { return nlohmann::json::parse(call.json_body); }

TEST(ListAccounts, RequestShape) {
  ListAccountsRequest request;
  request.max_results = 20;
  request.next_token = "tok/+=";
  const ServiceCall call = list_accounts_call(request);
  EXPECT_EQ(call.service, "organizations");
  EXPECT_EQ(call.protocol, Protocol::kJson11);
  EXPECT_EQ(call.action, "ListAccounts");
  EXPECT_EQ(call.json_target, "AWSOrganizationsV20161128.ListAccounts");
  EXPECT_EQ(call.api_class, ApiClass::kRead);
  EXPECT_EQ(body_of(call), (nlohmann::json{{"MaxResults", 20}, {"NextToken", "tok/+="}}));
  EXPECT_EQ(list_accounts_call({}).json_body, "{}");
}

TEST(ListAccounts, ParsesAccounts) {
  auto page = parse_list_accounts(aws_fixture("org/list_accounts_page1.json"));
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->accounts.size(), 2u);
  const Account& prod = page->accounts[1];
  EXPECT_EQ(prod.id, "222222222222");
  EXPECT_EQ(prod.arn, "arn:aws:organizations::111111111111:account/o-exampleorgid/222222222222");
  EXPECT_EQ(prod.name, "Production");
  EXPECT_EQ(prod.email, "prod@example.com");
  EXPECT_EQ(prod.status, "ACTIVE");
  EXPECT_EQ(page->next_token, "AAQAAAAAd2M4q8r1J1JZ/page2");
}

TEST(ListAccounts, StateIsUsedWhenStatusIsAbsent) {
  auto page = parse_list_accounts(R"({"Accounts":[{"Id":"444444444444","State":"PENDING_ACTIVATION"}]})");
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->accounts[0].status, "PENDING_ACTIVATION");
  EXPECT_EQ(page->next_token, "");
}

TEST(ListAccounts, AllPagesPassNextTokenInTheBody) {
  FakeAwsCaller caller;
  caller.reply(aws_fixture("org/list_accounts_page1.json"));
  caller.reply(aws_fixture("org/list_accounts_page2.json"));
  ListAccountsRequest request;
  request.max_results = 2;
  auto all = testing::run<ListAccountsResponse>([&](auto done) { list_accounts_all(caller, request, done); });
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->accounts.size(), 3u);
  EXPECT_EQ(all->accounts[2].status, "SUSPENDED");
  EXPECT_EQ(all->next_token, "");
  ASSERT_EQ(caller.calls.size(), 2u);
  EXPECT_FALSE(body_of(caller.calls[0]).contains("NextToken"));
  EXPECT_EQ(body_of(caller.calls[1]), (nlohmann::json{{"MaxResults", 2}, {"NextToken", "AAQAAAAAd2M4q8r1J1JZ/page2"}}));
}

TEST(ListAccounts, AccessDeniedAndThrottlingJsonErrors) {
  FakeAwsCaller caller;
  caller.reply_json_error(400, aws_fixture("org/error_access_denied.json"));
  auto denied = testing::run<ListAccountsResponse>([&](auto done) { list_accounts(caller, {}, done); });
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(denied.error().code, "AccessDeniedException");
  EXPECT_EQ(denied.error().message.rfind("organizations:ListAccounts: ", 0), 0u) << denied.error().message;

  caller.reply(aws_fixture("org/list_accounts_page1.json"));
  caller.reply_json_error(400, aws_fixture("org/error_too_many_requests.json"));
  auto throttled = testing::run<ListAccountsResponse>([&](auto done) { list_accounts_all(caller, {}, done); });
  ASSERT_FALSE(throttled);
  EXPECT_EQ(throttled.error().kind, ErrorKind::kThrottled);
  EXPECT_NE(throttled.error().message.find("ListAccounts page 2"), std::string::npos) << throttled.error().message;
}

TEST(ListAccounts, MalformedBodies) {
  const std::string body = aws_fixture("org/list_accounts_page1.json");
  for (const std::string& bad :
       {body.substr(0, body.size() / 2), std::string(), std::string("[1,2]"), std::string(R"({"Accounts":{"Id":"1"}})"),
        std::string(R"({"Accounts":[{"Name":"no id"}]})")}) {
    auto page = parse_list_accounts(bad);
    ASSERT_FALSE(page) << bad;
    EXPECT_EQ(page.error().kind, ErrorKind::kParse);
    EXPECT_NE(page.error().message.find("organizations:ListAccounts"), std::string::npos) << page.error().message;
  }
  auto no_id = parse_list_accounts(R"({"Accounts":[{"Id":"1"},{"Name":"no id"}]})");
  ASSERT_FALSE(no_id);
  EXPECT_NE(no_id.error().message.find("Accounts[2] lacks Id"), std::string::npos);
}

TEST(ListAccounts, RepeatedNextTokenStops) {
  FakeAwsCaller caller;
  for (int i = 0; i < 3; ++i) caller.reply(aws_fixture("org/list_accounts_page1.json"));
  auto all = testing::run<ListAccountsResponse>([&](auto done) { list_accounts_all(caller, {}, done); });
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error().kind, ErrorKind::kParse);
  EXPECT_EQ(caller.calls.size(), 2u);
}

TEST(DescribeOrganization, RequestAndParse) {
  const ServiceCall call = describe_organization_call();
  EXPECT_EQ(call.json_target, "AWSOrganizationsV20161128.DescribeOrganization");
  EXPECT_EQ(call.json_body, "{}");
  EXPECT_EQ(call.protocol, Protocol::kJson11);

  FakeAwsCaller caller;
  caller.reply(aws_fixture("org/describe_organization.json"));
  auto org = testing::run<DescribeOrganizationResponse>([&](auto done) { describe_organization(caller, done); });
  ASSERT_TRUE(org) << org.error().message;
  EXPECT_EQ(org->id, "o-exampleorgid");
  EXPECT_EQ(org->master_account_id, "111111111111");
  EXPECT_EQ(org->master_account_arn, "arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111");
  EXPECT_EQ(org->feature_set, "ALL");
  EXPECT_EQ(org->arn, "arn:aws:organizations::111111111111:organization/o-exampleorgid");
}

TEST(DescribeOrganization, NotInUseKeepsItsCode) {
  FakeAwsCaller caller;
  caller.reply_json_error(400, aws_fixture("org/error_not_in_use.json"));
  auto org = testing::run<DescribeOrganizationResponse>([&](auto done) { describe_organization(caller, done); });
  ASSERT_FALSE(org);
  EXPECT_EQ(org.error().code, "AWSOrganizationsNotInUseException");
  EXPECT_EQ(org.error().http_status, 400);
  EXPECT_NE(org.error().message.find("organizations:DescribeOrganization"), std::string::npos);
  EXPECT_NE(org.error().message.find("not a member of an organization"), std::string::npos);
}

TEST(DescribeOrganization, MissingFields) {
  auto no_master = parse_describe_organization(R"({"Organization":{"Id":"o-1"}})");
  ASSERT_FALSE(no_master);
  EXPECT_EQ(no_master.error().message,
            "organizations:DescribeOrganization: response lacks Organization/MasterAccountId");
  auto no_org = parse_describe_organization("{}");
  ASSERT_FALSE(no_org);
  EXPECT_EQ(no_org.error().kind, ErrorKind::kParse);
  auto truncated = parse_describe_organization(R"({"Organization":{"Id":"o-1",)");
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message.find("organizations:DescribeOrganization"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::aws::organizations

// The shared operation plumbing (aws/ops/query_call.h): calls per service, how errors name the
// operation, parse/recover routing, rejection and each service's paging parameters.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "aws/ops/query_call.h"
#include "support/fake_aws_caller.h"

namespace rolecall::aws::ops {
namespace {

using rolecall::testing::Delivery;
using rolecall::testing::FakeAwsCaller;

constexpr const char* kDenied =
    "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>no</Message></Error>"
    "<RequestId>r-1</RequestId></ErrorResponse>";

// Captures the single completion of an operation.
struct Outcome {
  std::optional<Result<std::string>> value;
  OpCallback<std::string> callback() {
    return [this](Result<std::string> r) { value = std::move(r); };
  }
};

Result<std::string> echo(std::string body) { return "parsed " + body; }

TEST(QueryCall, EachServiceSendsItsEndpointAndVersion) {
  const ServiceCall ec2 = ec2::make_call("eu-west-1", "DescribeRegions", {{"AllRegions", "true"}}, ApiClass::kMutate);
  EXPECT_EQ(ec2.service, "ec2");
  EXPECT_EQ(ec2.region, "eu-west-1");
  EXPECT_EQ(ec2.protocol, Protocol::kQuery);
  EXPECT_EQ(ec2.action, "DescribeRegions");
  EXPECT_EQ(ec2.api_version, "2016-11-15");
  EXPECT_EQ(ec2.params, (QueryParams{{"AllRegions", "true"}}));
  EXPECT_EQ(ec2.api_class, ApiClass::kMutate);

  const ServiceCall iam = iam::make_call("GetRole", {{"RoleName", "r"}});
  EXPECT_EQ(iam.service, "iam");
  EXPECT_EQ(iam.region, "");  // global: the endpoint resolver picks the partition's endpoint
  EXPECT_EQ(iam.api_version, "2010-05-08");
  EXPECT_EQ(iam.api_class, ApiClass::kRead);

  const ServiceCall sts = make_query_call(kSts, "us-west-2", "GetCallerIdentity", {});
  EXPECT_EQ(sts.service, "sts");
  EXPECT_EQ(sts.region, "us-west-2");
  EXPECT_EQ(sts.api_version, "2011-06-15");
}

TEST(QueryCall, Ec2ErrorsNameTheRegionOthersTheService) {
  EXPECT_EQ(operation_name(ec2::make_call("eu-west-1", "DescribeInstances", {})), "DescribeInstances in eu-west-1");
  EXPECT_EQ(operation_name(iam::make_call("GetRole", {})), "iam:GetRole");
  EXPECT_EQ(operation_name(make_query_call(kSts, "us-east-1", "AssumeRole", {})), "sts:AssumeRole");
  ServiceCall org;
  org.service = "organizations";
  org.protocol = Protocol::kJson11;
  org.action = "ListAccounts";
  EXPECT_EQ(operation_name(org), "organizations:ListAccounts");
}

TEST(QueryCall, RunOpParsesTheBodyOrNamesTheOperationInTheError) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, "body"}, {403, kDenied}};
  Outcome ok, denied;
  run_op<std::string>(caller, iam::make_call("GetRole", {}), echo, ok.callback());
  run_op<std::string>(caller, iam::make_call("GetRole", {}), echo, denied.callback());
  caller.run();
  ASSERT_TRUE(*ok.value);
  EXPECT_EQ(**ok.value, "parsed body");
  ASSERT_FALSE(*denied.value);
  EXPECT_EQ(denied.value->error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(denied.value->error().code, "AccessDenied");
  EXPECT_EQ(denied.value->error().request_id, "r-1");
  EXPECT_EQ(denied.value->error().message, "iam:GetRole: no");
}

TEST(QueryCall, RecoverTurnsAnErrorIntoAResponse) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{403, kDenied}, {403, kDenied}};
  Outcome recovered, passed;
  auto recover_denied = [](const Error& e) {
    return e.code == "AccessDenied" ? std::optional<std::string>("recovered " + e.request_id) : std::nullopt;
  };
  auto recover_nothing = [](const Error&) { return std::optional<std::string>(); };
  run_op<std::string>(caller, ec2::make_call("us-east-1", "StopInstances", {}), echo, recover_denied,
                      recovered.callback());
  run_op<std::string>(caller, ec2::make_call("us-east-1", "StopInstances", {}), echo, recover_nothing,
                      passed.callback());
  caller.run();
  ASSERT_TRUE(*recovered.value);
  EXPECT_EQ(**recovered.value, "recovered r-1");
  ASSERT_FALSE(*passed.value);
  EXPECT_EQ(passed.value->error().message, "StopInstances in us-east-1: no");
}

TEST(QueryCall, RejectSendsNothing) {
  Outcome out;
  reject(out.callback(), "iam:GetRole", "RoleName is empty");
  ASSERT_FALSE(*out.value);
  EXPECT_EQ(out.value->error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(out.value->error().message, "iam:GetRole: RoleName is empty");
}

TEST(QueryCall, EachServiceHasItsPagingParameters) {
  QueryParams ec2_params;
  ec2::add_paging(ec2_params, 0, "");
  EXPECT_TRUE(ec2_params.empty());
  ec2::add_paging(ec2_params, 200, "t=");
  EXPECT_EQ(ec2_params, (QueryParams{{"MaxResults", "200"}, {"NextToken", "t="}}));

  QueryParams iam_params;
  iam::add_paging(iam_params, std::nullopt, "");
  EXPECT_TRUE(iam_params.empty());
  iam::add_paging(iam_params, 0, "m");  // an explicit MaxItems is sent, even 0
  EXPECT_EQ(iam_params, (QueryParams{{"MaxItems", "0"}, {"Marker", "m"}}));
}

TEST(QueryCall, Ec2DescribeCallIsIdsThenFiltersThenPaging) {
  const ServiceCall call =
      ec2::make_describe_call("us-east-1", "DescribeThings", "ThingId", {"t-1", "t-2"}, {{"state", {"on"}}}, 5, "n");
  EXPECT_EQ(call.action, "DescribeThings");
  EXPECT_EQ(call.region, "us-east-1");
  EXPECT_EQ(call.params, (QueryParams{{"ThingId.1", "t-1"},
                                      {"ThingId.2", "t-2"},
                                      {"Filter.1.Name", "state"},
                                      {"Filter.1.Value.1", "on"},
                                      {"MaxResults", "5"},
                                      {"NextToken", "n"}}));
  EXPECT_TRUE(ec2::make_describe_call("us-east-1", "DescribeThings", "ThingId", {}, {}, 0, "").params.empty());
}

TEST(QueryCall, Ec2FiltersAndDryRun) {
  QueryParams params;
  ec2::add_filters(params, {{"state", {"a", "b"}}, {"tag:T", {"x"}}});
  ec2::add_dry_run(params, false);
  EXPECT_EQ(params.size(), 5u);
  ec2::add_dry_run(params, true);
  EXPECT_EQ(params.back(), (std::pair<std::string, std::string>{"DryRun", "true"}));
  EXPECT_EQ(params[0], (std::pair<std::string, std::string>{"Filter.1.Name", "state"}));
  EXPECT_EQ(params[3], (std::pair<std::string, std::string>{"Filter.2.Name", "tag:T"}));
  EXPECT_TRUE(ec2::is_dry_run_ok(Error::service(ErrorKind::kAws, "DryRunOperation", "would succeed", 412)));
  EXPECT_FALSE(ec2::is_dry_run_ok(Error::service(ErrorKind::kAccessDenied, "UnauthorizedOperation", "no", 403)));
}

}  // namespace
}  // namespace rolecall::aws::ops

// The asynchronous EC2 operations end to end over a scripted AwsCaller: what goes on the wire,
// pagination, throttling then success, DryRun outcomes and error propagation.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "aws/ops/ec2.h"
#include "support/fake_aws_caller.h"
#include "support/files.h"
#include "support/op_outcome.h"

namespace rolecall::aws::ec2 {
namespace {

using rolecall::testing::aws_fixture;
using rolecall::testing::Delivery;
using rolecall::testing::FakeAwsCaller;

// Captures the single completion of an operation.
template <typename T>
using Outcome = rolecall::testing::OpOutcome<T>;

TEST(Ec2Calls, DescribeInstancesWireParameters) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, aws_fixture("ec2/describe_instances_page2.xml")}};
  DescribeInstancesRequest req;
  req.filters = {{"instance-state-name", {"running", "stopped"}}, {"tag:Team", {"a b"}}};
  req.max_results = 1000;
  req.next_token = "abc=";
  Outcome<DescribeInstancesResponse> out;
  describe_instances(caller, "eu-central-1", req, out.callback());
  caller.run();
  ASSERT_EQ(out.calls, 1);
  ASSERT_TRUE(*out.value) << out.value->error().message;
  EXPECT_EQ((*out.value)->instances.size(), 1u);
  EXPECT_EQ((*out.value)->instances[0].region, "eu-central-1");
  ASSERT_EQ(caller.calls.size(), 1u);
  const ServiceCall& c = caller.calls[0];
  EXPECT_EQ(c.service, "ec2");
  EXPECT_EQ(c.region, "eu-central-1");
  EXPECT_EQ(c.protocol, Protocol::kQuery);
  EXPECT_EQ(c.api_class, ApiClass::kRead);
  EXPECT_EQ(caller.form(0),
            "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-state-name"
            "&Filter.1.Value.1=running&Filter.1.Value.2=stopped&Filter.2.Name=tag%3ATeam&Filter.2.Value.1=a%20b"
            "&MaxResults=1000&NextToken=abc%3D");
}

TEST(Ec2Calls, DescribeInstancesByIds) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, aws_fixture("ec2/describe_instances_empty.xml")}};
  DescribeInstancesRequest req;
  req.instance_ids = {"i-1", "i-2"};
  Outcome<DescribeInstancesResponse> out;
  describe_instances(caller, "us-east-1", req, out.callback());
  caller.run();
  ASSERT_TRUE(*out.value);
  EXPECT_EQ(caller.form(0), "Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-1&InstanceId.2=i-2");
}

TEST(Ec2Calls, DescribeAllInstancesFollowsNextToken) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, aws_fixture("ec2/describe_instances_page1.xml")},
                   {200, aws_fixture("ec2/describe_instances_page2.xml")}};
  std::vector<std::string> ids;
  std::optional<Result<void>> done;
  DescribeInstancesRequest req;
  req.max_results = 5;
  describe_all_instances(
      caller, "eu-west-1", req,
      [&](DescribeInstancesResponse&& page) {
        for (const auto& i : page.instances) ids.push_back(i.id);
      },
      [&](Result<void> r) { done = std::move(r); });
  caller.run();
  ASSERT_TRUE(done.has_value());
  ASSERT_TRUE(*done) << done->error().message;
  EXPECT_EQ(ids, (std::vector<std::string>{"i-1234567890abcdef0", "i-0598c7d356eba48d7", "i-0aaaabbbbccccdddd",
                                           "i-0222222222222222a"}));
  ASSERT_EQ(caller.calls.size(), 2u);
  EXPECT_EQ(caller.form(0), "Action=DescribeInstances&Version=2016-11-15&MaxResults=5");
  EXPECT_EQ(caller.form(1),
            "Action=DescribeInstances&Version=2016-11-15&MaxResults=5&NextToken=eyJ2IjoiMiIsImMiOiJwYWdlMiJ9");
}

TEST(Ec2Calls, DescribeAllInstancesErrorMidwayKeepsFirstPage) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, aws_fixture("ec2/describe_instances_page1.xml")},
                   {403, aws_fixture("ec2/error_unauthorized.xml")}};
  int instances = 0;
  std::optional<Result<void>> done;
  describe_all_instances(
      caller, "eu-west-1", {},
      [&](DescribeInstancesResponse&& page) { instances += static_cast<int>(page.instances.size()); },
      [&](Result<void> r) { done = std::move(r); });
  caller.run();
  EXPECT_EQ(instances, 3);
  ASSERT_TRUE(done.has_value());
  ASSERT_FALSE(*done);
  EXPECT_EQ(done->error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(done->error().code, "UnauthorizedOperation");
  EXPECT_EQ(done->error().request_id, "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE");
}

TEST(Ec2Calls, ThrottlingThenSuccess) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{503, aws_fixture("ec2/error_request_limit_exceeded.xml")},
                   {503, aws_fixture("ec2/error_request_limit_exceeded.xml")},
                   {200, aws_fixture("ec2/describe_regions.xml")}};
  Outcome<DescribeRegionsResponse> out;
  describe_regions(caller, "us-east-1", {.all_regions = true, .filters = {}}, out.callback());
  caller.run();
  ASSERT_EQ(out.calls, 1);
  ASSERT_TRUE(*out.value) << out.value->error().message;
  EXPECT_EQ((*out.value)->regions.size(), 3u);
  ASSERT_EQ(caller.calls.size(), 3u);
  EXPECT_EQ(caller.form(2), "Action=DescribeRegions&Version=2016-11-15&AllRegions=true");
}

TEST(Ec2Calls, ThrottlingPastTheBudgetIsAThrottledErrorWithContext) {
  FakeAwsCaller caller(Delivery::kOnRun);
  for (int i = 0; i < 3; ++i) caller.script.push_back({503, aws_fixture("ec2/error_request_limit_exceeded.xml")});
  Outcome<DescribeRegionsResponse> out;
  describe_regions(caller, "us-east-1", {}, out.callback());
  caller.run();
  ASSERT_EQ(out.calls, 1);
  ASSERT_FALSE(*out.value);
  const Error& e = out.value->error();
  EXPECT_EQ(e.kind, ErrorKind::kThrottled);
  EXPECT_EQ(e.code, "RequestLimitExceeded");
  EXPECT_EQ(e.http_status, 503);
  EXPECT_NE(e.message.find("DescribeRegions in us-east-1"), std::string::npos) << e.message;
}

TEST(Ec2Calls, NotFoundIsNotFound) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{400, aws_fixture("ec2/error_instance_not_found.xml")}};
  Outcome<DescribeUserDataResponse> out;
  describe_user_data(caller, "us-east-1", {"i-0000000000000dead"}, out.callback());
  caller.run();
  ASSERT_FALSE(*out.value);
  EXPECT_EQ(out.value->error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(caller.form(0),
            "Action=DescribeInstanceAttribute&Version=2016-11-15&InstanceId=i-0000000000000dead&Attribute=userData");
}

TEST(Ec2Calls, StopDryRunOkIsDistinguishableSuccess) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{412, aws_fixture("ec2/error_dry_run.xml")}};
  Outcome<StartStopResponse> out;
  stop_instances(caller, "us-east-1", {.instance_ids = {"i-1"}, .force = true, .dry_run = true}, out.callback());
  caller.run();
  ASSERT_TRUE(*out.value) << out.value->error().message;
  EXPECT_TRUE((*out.value)->dry_run_ok);
  EXPECT_TRUE((*out.value)->changes.empty());
  EXPECT_EQ((*out.value)->request_id, "3fe2a0b1-6c8f-4a3f-9a51-dryrunexample");
  EXPECT_EQ(caller.calls[0].api_class, ApiClass::kMutate);
  EXPECT_EQ(caller.form(0), "Action=StopInstances&Version=2016-11-15&InstanceId.1=i-1&Force=true&DryRun=true");
}

TEST(Ec2Calls, DryRunDeniedIsAccessDenied) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{403, aws_fixture("ec2/error_unauthorized.xml")}};
  Outcome<StartStopResponse> out;
  start_instances(caller, "us-east-1", {.instance_ids = {"i-1"}, .force = true, .dry_run = true}, out.callback());
  caller.run();
  ASSERT_FALSE(*out.value);
  EXPECT_EQ(out.value->error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(caller.form(0), "Action=StartInstances&Version=2016-11-15&InstanceId.1=i-1&DryRun=true");  // no Force
}

TEST(Ec2Calls, DryRunOperationWithoutDryRunIsStillAnError) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{412, aws_fixture("ec2/error_dry_run.xml")}};
  Outcome<StartStopResponse> out;
  start_instances(caller, "us-east-1", {.instance_ids = {"i-1"}, .force = false, .dry_run = false}, out.callback());
  caller.run();
  ASSERT_FALSE(*out.value);
  EXPECT_EQ(out.value->error().code, "DryRunOperation");
}

TEST(Ec2Calls, RealStopParsesStateChanges) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, aws_fixture("ec2/stop_instances.xml")}};
  Outcome<StartStopResponse> out;
  stop_instances(caller, "us-east-1", {.instance_ids = {"i-1234567890abcdef0"}, .force = false, .dry_run = false},
                 out.callback());
  caller.run();
  ASSERT_TRUE(*out.value);
  EXPECT_FALSE((*out.value)->dry_run_ok);
  ASSERT_EQ((*out.value)->changes.size(), 1u);
  EXPECT_EQ((*out.value)->changes[0].current_state, "stopping");
}

TEST(Ec2Calls, AssociateSendsArnAsMutation) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, aws_fixture("ec2/associate_iam_instance_profile.xml")}};
  Outcome<ProfileAssociationResponse> out;
  AssociateProfileRequest req{
      "i-1234567890abcdef0", {"arn:aws:iam::123456789012:instance-profile/AdminProfile", ""}, false};
  associate_profile(caller, "us-east-1", req, out.callback());
  caller.run();
  ASSERT_TRUE(*out.value) << out.value->error().message;
  EXPECT_EQ((*out.value)->association.association_id, "iip-assoc-0750e3af14e2b40ad");
  EXPECT_EQ(caller.calls[0].api_class, ApiClass::kMutate);
  EXPECT_EQ(caller.form(0),
            "Action=AssociateIamInstanceProfile&Version=2016-11-15&InstanceId=i-1234567890abcdef0"
            "&IamInstanceProfile.Arn=arn%3Aaws%3Aiam%3A%3A123456789012%3Ainstance-profile%2FAdminProfile");
}

TEST(Ec2Calls, ReplaceAndDisassociateWireForm) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, aws_fixture("ec2/replace_iam_instance_profile_association.xml")},
                   {200, aws_fixture("ec2/disassociate_iam_instance_profile.xml")}};
  Outcome<ProfileAssociationResponse> replaced;
  Outcome<ProfileAssociationResponse> removed;
  replace_profile(caller, "us-east-1", {"iip-assoc-1", {"", "ReadOnly"}, false}, replaced.callback());
  disassociate_profile(caller, "us-east-1", {"iip-assoc-05020b59952902f5f", false}, removed.callback());
  caller.run();
  ASSERT_TRUE(*replaced.value) << replaced.value->error().message;
  ASSERT_TRUE(*removed.value) << removed.value->error().message;
  EXPECT_EQ((*removed.value)->association.state, "disassociating");
  EXPECT_EQ(caller.form(0),
            "Action=ReplaceIamInstanceProfileAssociation&Version=2016-11-15&AssociationId=iip-assoc-1"
            "&IamInstanceProfile.Name=ReadOnly");
  EXPECT_EQ(caller.form(1),
            "Action=DisassociateIamInstanceProfile&Version=2016-11-15&AssociationId=iip-assoc-05020b59952902f5f");
}

TEST(Ec2Calls, AssociationDryRunIsUnsupportedAndSendsNothing) {
  FakeAwsCaller caller(Delivery::kOnRun);
  Outcome<ProfileAssociationResponse> a;
  Outcome<ProfileAssociationResponse> r;
  Outcome<ProfileAssociationResponse> d;
  associate_profile(caller, "us-east-1", {"i-1", {"arn:x", ""}, true}, a.callback());
  replace_profile(caller, "us-east-1", {"iip-assoc-1", {"arn:x", ""}, true}, r.callback());
  disassociate_profile(caller, "us-east-1", {"iip-assoc-1", true}, d.callback());
  caller.run();
  for (auto* o : {&a, &r, &d}) {
    ASSERT_EQ(o->calls, 1);
    ASSERT_FALSE(*o->value);
    EXPECT_EQ(o->value->error().kind, ErrorKind::kInvalidArgument);
    EXPECT_EQ(o->value->error().code, kDryRunUnsupported);
  }
  EXPECT_TRUE(caller.calls.empty());
}

TEST(Ec2Calls, MissingRequiredInputsFailWithoutSending) {
  FakeAwsCaller caller(Delivery::kOnRun);
  Outcome<ProfileAssociationResponse> a;
  Outcome<ProfileAssociationResponse> b;
  Outcome<StartStopResponse> s;
  Outcome<DescribeUserDataResponse> u;
  Outcome<DescribeLaunchTemplateVersionsResponse> v;
  associate_profile(caller, "us-east-1", {"", {"arn:x", ""}, false}, a.callback());
  associate_profile(caller, "us-east-1", {"i-1", {"", ""}, false}, b.callback());
  stop_instances(caller, "us-east-1", {}, s.callback());
  describe_user_data(caller, "us-east-1", {""}, u.callback());
  describe_launch_template_versions(caller, "us-east-1", {}, v.callback());
  caller.run();
  EXPECT_TRUE(caller.calls.empty());
  EXPECT_EQ(a.value->error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(b.value->error().message.find("IamInstanceProfile"), std::string::npos);
  EXPECT_EQ(s.value->error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(u.value->error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(v.value->error().kind, ErrorKind::kInvalidArgument);
}

TEST(Ec2Calls, ProfileAssociationFilters) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, aws_fixture("ec2/describe_iam_instance_profile_associations.xml")}};
  DescribeProfileAssociationsRequest req;
  req.instance_ids = {"i-1234567890abcdef0"};
  req.states = {"associating", "associated"};
  Outcome<DescribeProfileAssociationsResponse> out;
  describe_profile_associations(caller, "us-east-1", req, out.callback());
  caller.run();
  ASSERT_TRUE(*out.value);
  EXPECT_EQ((*out.value)->associations.size(), 2u);
  EXPECT_EQ(caller.form(0),
            "Action=DescribeIamInstanceProfileAssociations&Version=2016-11-15&Filter.1.Name=instance-id"
            "&Filter.1.Value.1=i-1234567890abcdef0&Filter.2.Name=state&Filter.2.Value.1=associating"
            "&Filter.2.Value.2=associated");
}

TEST(Ec2Calls, LaunchTemplateCalls) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, aws_fixture("ec2/describe_launch_templates.xml")},
                   {200, aws_fixture("ec2/describe_launch_template_versions.xml")}};
  Outcome<DescribeLaunchTemplatesResponse> t;
  Outcome<DescribeLaunchTemplateVersionsResponse> v;
  describe_launch_templates(caller, "eu-west-1",
                            {.template_ids = {}, .filters = {}, .max_results = 200, .next_token = ""}, t.callback());
  describe_launch_template_versions(caller, "eu-west-1",
                                    {.template_id = "lt-0abcd290751193123",
                                     .template_name = "",
                                     .versions = {"$Latest", "$Default"},
                                     .max_results = 0,
                                     .next_token = ""},
                                    v.callback());
  caller.run();
  ASSERT_TRUE(*t.value);
  ASSERT_TRUE(*v.value);
  EXPECT_EQ((*t.value)->templates[0].region, "eu-west-1");
  EXPECT_EQ((*v.value)->versions.size(), 2u);
  EXPECT_EQ(caller.form(0), "Action=DescribeLaunchTemplates&Version=2016-11-15&MaxResults=200");
  EXPECT_EQ(caller.form(1),
            "Action=DescribeLaunchTemplateVersions&Version=2016-11-15&LaunchTemplateId=lt-0abcd290751193123"
            "&LaunchTemplateVersion.1=%24Latest&LaunchTemplateVersion.2=%24Default");
}

TEST(Ec2Calls, MalformedSuccessBodyIsAParseError) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.script = {{200, "<DescribeInstancesResponse><reservationSet><item>"}};
  Outcome<DescribeInstancesResponse> out;
  describe_instances(caller, "us-east-1", {}, out.callback());
  caller.run();
  ASSERT_FALSE(*out.value);
  EXPECT_EQ(out.value->error().kind, ErrorKind::kParse);
  EXPECT_NE(out.value->error().message.find("DescribeInstances"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::aws::ec2

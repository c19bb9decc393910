// Auto Scaling groups: parsing recorded DescribeAutoScalingGroups / UpdateAutoScalingGroup bodies
// (launch template, mixed instances policy, launch configuration, errors) and the calls over a
// scripted AwsCaller (wire parameters, NextToken pages, name chunks, refusals without a call).

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "aws/ops/autoscaling_groups.h"
#include "support/fake_aws_caller.h"
#include "support/files.h"
#include "support/op_outcome.h"

namespace rolecall::aws::autoscaling {
namespace {

using rolecall::testing::aws_fixture;
using rolecall::testing::Delivery;
using rolecall::testing::FakeAwsCaller;
using rolecall::testing::replace_once;

template <typename T>
using Outcome = rolecall::testing::OpOutcome<T>;

TEST(AutoScalingParse, GroupsWithATemplateAMixedPolicyAndAToken) {
  auto r = parse_describe_auto_scaling_groups(aws_fixture("autoscaling/describe_auto_scaling_groups_page1.xml"));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->groups.size(), 2u);
  const AutoScalingGroup& web = r->groups[0];
  EXPECT_EQ(web.name, "web-asg");
  EXPECT_TRUE(web.arn.ends_with(":autoScalingGroupName/web-asg"));
  EXPECT_EQ(web.launch_template_id, "lt-0b97f1e282EXAMPLE");
  EXPECT_EQ(web.launch_template_name, "web-template");
  EXPECT_EQ(web.launch_template_version, "3");
  EXPECT_FALSE(web.mixed_instances_policy);
  EXPECT_EQ(web.min_size, 1);
  EXPECT_EQ(web.max_size, 5);
  EXPECT_EQ(web.desired_capacity, 2);
  EXPECT_EQ(web.instance_ids, (std::vector<std::string>{"i-06905f55584de02da", "i-0a1b2c3d4e5f60718"}));
  const AutoScalingGroup& spot = r->groups[1];
  EXPECT_TRUE(spot.mixed_instances_policy);
  EXPECT_EQ(spot.launch_template_id, "lt-0c1d2e3f4a5b6c7d8");
  EXPECT_EQ(spot.launch_template_version, "$Latest");
  EXPECT_TRUE(spot.instance_ids.empty());
  EXPECT_EQ(r->next_token, "H4sIAAAAAAAAAE2Pz0rDQBCGX2XJOYdkN");
  EXPECT_EQ(r->request_id, "9ad3c5d2-8b3e-4f5e-9c2a-0c6a0b1e2f3a");
}

TEST(AutoScalingParse, LaunchConfigurationGroupAndMalformedBodies) {
  const std::string page2 = aws_fixture("autoscaling/describe_auto_scaling_groups_page2.xml");
  auto r = parse_describe_auto_scaling_groups(page2);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->groups.size(), 1u);
  EXPECT_EQ(r->groups[0].launch_configuration, "legacy-lc");
  EXPECT_TRUE(r->groups[0].launch_template_id.empty());
  EXPECT_TRUE(r->next_token.empty());

  auto no_source = parse_describe_auto_scaling_groups(replace_once(
      page2, "<LaunchConfigurationName>legacy-lc</LaunchConfigurationName>\n        <MinSize>", "<MinSize>"));
  ASSERT_FALSE(no_source);
  EXPECT_EQ(no_source.error().kind, ErrorKind::kParse);
  EXPECT_NE(no_source.error().message.find("legacy-asg"), std::string::npos);
  auto bad_size =
      parse_describe_auto_scaling_groups(replace_once(page2, "<MaxSize>1</MaxSize>", "<MaxSize>x</MaxSize>"));
  ASSERT_FALSE(bad_size);
  EXPECT_NE(bad_size.error().message.find("MaxSize"), std::string::npos);
  auto no_name = parse_describe_auto_scaling_groups(
      replace_once(page2, "<AutoScalingGroupName>legacy-asg</AutoScalingGroupName>", ""));
  ASSERT_FALSE(no_name);
  EXPECT_NE(no_name.error().message.find("AutoScalingGroupName"), std::string::npos);
  EXPECT_FALSE(parse_describe_auto_scaling_groups("<html/>"));
  EXPECT_FALSE(parse_describe_auto_scaling_groups(aws_fixture("autoscaling/update_auto_scaling_group.xml")));

  auto update = parse_update_auto_scaling_group(aws_fixture("autoscaling/update_auto_scaling_group.xml"));
  ASSERT_TRUE(update) << update.error().message;
  EXPECT_EQ(update->request_id, "7c6e177f-f082-11e1-ac58-3714bEXAMPLE");
}

TEST(AutoScalingCalls, DescribeAllFollowsNextTokenWithTheWireParameters) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.reply(aws_fixture("autoscaling/describe_auto_scaling_groups_page1.xml"));
  caller.reply(aws_fixture("autoscaling/describe_auto_scaling_groups_page2.xml"));
  Outcome<DescribeAutoScalingGroupsResponse> out;
  DescribeAutoScalingGroupsRequest request;
  request.group_names = {"web-asg", "spot asg"};
  request.max_records = 100;
  describe_auto_scaling_groups_all(caller, "eu-west-1", request, out.callback());
  caller.run();
  ASSERT_EQ(out.calls, 1);
  ASSERT_TRUE(*out.value) << out.value->error().message;
  EXPECT_EQ((*out.value)->groups.size(), 3u);
  EXPECT_TRUE((*out.value)->next_token.empty());
  ASSERT_EQ(caller.calls.size(), 2u);
  EXPECT_EQ(caller.calls[0].service, "autoscaling");
  EXPECT_EQ(caller.calls[0].region, "eu-west-1");
  EXPECT_EQ(caller.calls[0].api_class, ApiClass::kRead);
  EXPECT_EQ(caller.form(0),
            "Action=DescribeAutoScalingGroups&Version=2011-01-01&AutoScalingGroupNames.member.1=web-asg"
            "&AutoScalingGroupNames.member.2=spot%20asg&MaxRecords=100");
  EXPECT_EQ(caller.form(1),
            "Action=DescribeAutoScalingGroups&Version=2011-01-01&AutoScalingGroupNames.member.1=web-asg"
            "&AutoScalingGroupNames.member.2=spot%20asg&MaxRecords=100&NextToken=H4sIAAAAAAAAAE2Pz0rDQBCGX2XJOYdkN");
}

TEST(AutoScalingCalls, DescribeAllSendsNamesInChunksOfFifty) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.reply(aws_fixture("autoscaling/describe_auto_scaling_groups_page2.xml"));
  caller.reply(aws_fixture("autoscaling/describe_auto_scaling_groups_page2.xml"));
  DescribeAutoScalingGroupsRequest request;
  for (int i = 0; i < 51; ++i) request.group_names.push_back("g" + std::to_string(i));
  Outcome<DescribeAutoScalingGroupsResponse> out;
  describe_auto_scaling_groups_all(caller, "us-east-1", request, out.callback());
  caller.run();
  ASSERT_TRUE(*out.value) << out.value->error().message;
  EXPECT_EQ((*out.value)->groups.size(), 2u);
  ASSERT_EQ(caller.calls.size(), 2u);
  EXPECT_NE(caller.form(0).find("AutoScalingGroupNames.member.50=g49"), std::string::npos);
  EXPECT_EQ(caller.form(0).find("member.51"), std::string::npos);
  EXPECT_EQ(caller.form(1), "Action=DescribeAutoScalingGroups&Version=2011-01-01&AutoScalingGroupNames.member.1=g50");
}

TEST(AutoScalingCalls, UpdateSendsTheTemplateWhereTheGroupHasItAndErrorsNameTheOperation) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.reply(aws_fixture("autoscaling/update_auto_scaling_group.xml"));
  caller.reply_query_error(400, aws_fixture("autoscaling/error_validation.xml"));
  Outcome<UpdateAutoScalingGroupResponse> first, second;
  update_auto_scaling_group(caller, "us-east-1", {"web-asg", "lt-0b97f1e282EXAMPLE", "4", false}, first.callback());
  update_auto_scaling_group(caller, "us-east-1", {"spot-asg", "lt-0c1d2e3f4a5b6c7d8", "9", true}, second.callback());
  caller.run();
  ASSERT_TRUE(*first.value) << first.value->error().message;
  EXPECT_EQ(caller.calls[0].api_class, ApiClass::kMutate);
  EXPECT_EQ(caller.form(0),
            "Action=UpdateAutoScalingGroup&Version=2011-01-01&AutoScalingGroupName=web-asg"
            "&LaunchTemplate.LaunchTemplateId=lt-0b97f1e282EXAMPLE&LaunchTemplate.Version=4");
  EXPECT_EQ(caller.form(1),
            "Action=UpdateAutoScalingGroup&Version=2011-01-01&AutoScalingGroupName=spot-asg"
            "&MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId=lt-0c1d2e3f4a5b6c7d8"
            "&MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.Version=9");
  ASSERT_FALSE(*second.value);
  EXPECT_EQ(second.value->error().kind, ErrorKind::kAws);
  EXPECT_EQ(second.value->error().code, "ValidationError");
  EXPECT_TRUE(second.value->error().message.starts_with("autoscaling:UpdateAutoScalingGroup: "))
      << second.value->error().message;

  Outcome<UpdateAutoScalingGroupResponse> refused;
  update_auto_scaling_group(caller, "us-east-1", {"web-asg", "", "4", false}, refused.callback());
  caller.run();
  ASSERT_FALSE(*refused.value);
  EXPECT_EQ(refused.value->error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(caller.calls.size(), 2u);
}

}  // namespace
}  // namespace rolecall::aws::autoscaling

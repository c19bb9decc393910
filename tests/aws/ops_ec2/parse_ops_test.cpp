#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "aws/ops/ec2.h"
#include "aws/ops/ec2_egress.h"
#include "support/files.h"

namespace rolecall::aws::ec2 {
namespace {

using rolecall::testing::aws_fixture;

TEST(ParseDescribeRegions, ReadsNamesEndpointsAndOptIn) {
  auto r = parse_describe_regions(aws_fixture("ec2/describe_regions.xml"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->request_id, "59dbff89-35bd-4eac-99ed-be587EXAMPLE");
  ASSERT_EQ(r->regions.size(), 3u);
  EXPECT_EQ(r->regions[0].name, "us-east-1");
  EXPECT_EQ(r->regions[0].endpoint, "ec2.us-east-1.amazonaws.com");
  EXPECT_EQ(r->regions[0].opt_in_status, "opt-in-not-required");
  EXPECT_EQ(r->regions[1].opt_in_status, "not-opted-in");
  EXPECT_EQ(r->regions[2].name, "ap-east-1");
}

TEST(ParseProfileAssociations, DescribeListsAssociations) {
  auto r = parse_describe_profile_associations(aws_fixture("ec2/describe_iam_instance_profile_associations.xml"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->next_token, "assoc-page-2");
  ASSERT_EQ(r->associations.size(), 2u);
  const ProfileAssociation& a = r->associations[0];
  EXPECT_EQ(a.association_id, "iip-assoc-08049da59357d598c");
  EXPECT_EQ(a.instance_id, "i-1234567890abcdef0");
  EXPECT_EQ(a.profile_arn, "arn:aws:iam::123456789012:instance-profile/AdminRole");
  EXPECT_EQ(a.profile_id, "AIPAJEDNCAA64SSD265EY");
  EXPECT_EQ(a.state, "associated");
  EXPECT_EQ(r->associations[1].state, "disassociating");
}

TEST(ParseProfileAssociations, MutationResponses) {
  struct Case {
    const char* file;
    const char* action;
    const char* association;
    const char* state;
  } cases[] = {
      {"associate_iam_instance_profile.xml", "AssociateIamInstanceProfile", "iip-assoc-0750e3af14e2b40ad",
       "associating"},
      {"replace_iam_instance_profile_association.xml", "ReplaceIamInstanceProfileAssociation",
       "iip-assoc-0b1e9f8a2c3d4e5f6", "associating"},
      {"disassociate_iam_instance_profile.xml", "DisassociateIamInstanceProfile", "iip-assoc-05020b59952902f5f",
       "disassociating"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.action);
    auto r = parse_profile_association(aws_fixture(std::string("ec2/") + c.file), c.action);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->association.association_id, c.association);
    EXPECT_EQ(r->association.instance_id, "i-1234567890abcdef0");
    EXPECT_EQ(r->association.state, c.state);
    EXPECT_FALSE(r->association.profile_arn.empty());
    EXPECT_FALSE(r->request_id.empty());
    EXPECT_FALSE(r->dry_run_ok);
  }
  // A response for a different action is rejected, and so is one without the association.
  EXPECT_FALSE(parse_profile_association(aws_fixture("ec2/associate_iam_instance_profile.xml"),
                                         "DisassociateIamInstanceProfile"));
  auto missing = parse_profile_association(
      "<AssociateIamInstanceProfileResponse><requestId>x</requestId>"
      "</AssociateIamInstanceProfileResponse>",
      "AssociateIamInstanceProfile");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kParse);
}

TEST(ParseUserData, ValueOrEmpty) {
  auto r = parse_describe_user_data(aws_fixture("ec2/describe_instance_attribute_user_data.xml"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->instance_id, "i-1234567890abcdef0");
  EXPECT_EQ(r->user_data, "IyEvYmluL2Jhc2gKZXhwb3J0IEFXU19BQ0NFU1NfS0VZX0lEPUFLSUFJT1NGT0ROTjdFWEFNUExFCg==");
  auto none = parse_describe_user_data(aws_fixture("ec2/describe_instance_attribute_no_user_data.xml"));
  ASSERT_TRUE(none);
  EXPECT_EQ(none->instance_id, "i-0598c7d356eba48d7");
  EXPECT_EQ(none->user_data, "");
}

TEST(ParseLaunchTemplates, Templates) {
  auto r = parse_describe_launch_templates(aws_fixture("ec2/describe_launch_templates.xml"), "eu-west-1");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->next_token, "");
  ASSERT_EQ(r->templates.size(), 2u);
  EXPECT_EQ(r->templates[0].id, "lt-0a20c965061f64abc");
  EXPECT_EQ(r->templates[0].name, "MyLaunchTemplate");
  EXPECT_EQ(r->templates[0].default_version, 1);
  EXPECT_EQ(r->templates[0].latest_version, 3);
  EXPECT_EQ(r->templates[0].region, "eu-west-1");
  EXPECT_EQ(r->templates[1].default_version, 2);
  EXPECT_TRUE(r->templates[1].versions.empty());
}

TEST(ParseLaunchTemplates, Versions) {
  auto r = parse_describe_launch_template_versions(aws_fixture("ec2/describe_launch_template_versions.xml"));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->versions.size(), 2u);
  const LaunchTemplateVersion& v2 = r->versions[0];
  EXPECT_EQ(v2.template_id, "lt-0abcd290751193123");
  EXPECT_EQ(v2.template_name, "web-asg");
  EXPECT_EQ(v2.version_number, 2);
  EXPECT_TRUE(v2.is_default);
  EXPECT_EQ(v2.profile_arn, "arn:aws:iam::123456789012:instance-profile/web/WebProfile");
  EXPECT_EQ(v2.profile_name, "");
  EXPECT_EQ(v2.http_tokens, "required");
  EXPECT_EQ(v2.user_data, "");
  const LaunchTemplateVersion& v1 = r->versions[1];
  EXPECT_EQ(v1.version_number, 1);
  EXPECT_FALSE(v1.is_default);
  EXPECT_EQ(v1.profile_name, "LegacyProfile");
  EXPECT_EQ(v1.profile_arn, "");
  EXPECT_EQ(v1.http_tokens, "");
  EXPECT_EQ(v1.user_data, "IyEvYmluL2Jhc2gKZXhwb3J0IEFXU19BQ0NFU1NfS0VZX0lEPUFLSUFJT1NGT0ROTjdFWEFNUExFCg==");
}

TEST(ParseStartStop, StateChanges) {
  auto stop = parse_start_stop(aws_fixture("ec2/stop_instances.xml"), "StopInstances");
  ASSERT_TRUE(stop) << stop.error().message;
  ASSERT_EQ(stop->changes.size(), 1u);
  EXPECT_EQ(stop->changes[0].instance_id, "i-1234567890abcdef0");
  EXPECT_EQ(stop->changes[0].current_state, "stopping");
  EXPECT_EQ(stop->changes[0].previous_state, "running");
  auto start = parse_start_stop(aws_fixture("ec2/start_instances.xml"), "StartInstances");
  ASSERT_TRUE(start);
  EXPECT_EQ(start->changes[0].current_state, "pending");
  EXPECT_EQ(start->changes[0].previous_state, "stopped");
  EXPECT_FALSE(parse_start_stop(aws_fixture("ec2/start_instances.xml"), "StopInstances"));
}

// Every parser turns every truncation of its fixture into a kParse error naming its operation.
TEST(ParseAll, TruncatedFixturesAreCleanErrors) {
  struct Case {
    const char* file;
    const char* op;
    std::function<bool(std::string)> parses;
  } cases[] = {
      {"describe_regions.xml", "DescribeRegions", [](std::string b) { return !!parse_describe_regions(b); }},
      {"describe_iam_instance_profile_associations.xml", "DescribeIamInstanceProfileAssociations",
       [](std::string b) { return !!parse_describe_profile_associations(b); }},
      {"associate_iam_instance_profile.xml", "AssociateIamInstanceProfile",
       [](std::string b) { return !!parse_profile_association(b, "AssociateIamInstanceProfile"); }},
      {"describe_instance_attribute_user_data.xml", "DescribeInstanceAttribute",
       [](std::string b) { return !!parse_describe_user_data(b); }},
      {"describe_launch_templates.xml", "DescribeLaunchTemplates",
       [](std::string b) { return !!parse_describe_launch_templates(b, "r"); }},
      {"describe_launch_template_versions.xml", "DescribeLaunchTemplateVersions",
       [](std::string b) { return !!parse_describe_launch_template_versions(b); }},
      {"stop_instances.xml", "StopInstances", [](std::string b) { return !!parse_start_stop(b, "StopInstances"); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    std::string full = aws_fixture(std::string("ec2/") + c.file);
    ASSERT_TRUE(c.parses(full));
    std::string root_close = full.substr(full.rfind("</"));
    std::size_t end = full.size() - root_close.size();
    for (std::size_t n = 0; n < end; n += 7) {
      EXPECT_FALSE(c.parses(full.substr(0, n))) << n;
    }
  }
  auto e = parse_describe_regions("<DescribeRegionsResponse><regionInfo>");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, ErrorKind::kParse);
  EXPECT_NE(e.error().message.find("DescribeRegions"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::aws::ec2

// --- DescribeNatGateways / DescribeRouteTables (aws/ops/ec2_egress.h) ---------------------------------
namespace rolecall::aws::ec2 {
namespace {

TEST(DescribeEgress, NatGatewaysKeepLiveOnesWithTheirPublicAddresses) {
  auto parsed =
      parse_describe_nat_gateways(R"(<DescribeNatGatewaysResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>r-1</requestId>
  <natGatewaySet>
    <item><natGatewayId>nat-1</natGatewayId><vpcId>vpc-1</vpcId><state>available</state>
      <natGatewayAddressSet><item><allocationId>eipalloc-1</allocationId><publicIp>198.18.0.9</publicIp><privateIp>10.0.0.9</privateIp></item></natGatewayAddressSet></item>
    <item><natGatewayId>nat-2</natGatewayId><vpcId>vpc-1</vpcId><state>deleted</state>
      <natGatewayAddressSet><item><publicIp>198.18.0.10</publicIp></item></natGatewayAddressSet></item>
  </natGatewaySet>
  <nextToken>t2</nextToken>
</DescribeNatGatewaysResponse>)");
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->gateways.size(), 1u);
  EXPECT_EQ(parsed->gateways[0].id, "nat-1");
  EXPECT_EQ(parsed->gateways[0].vpc_id, "vpc-1");
  EXPECT_EQ(parsed->gateways[0].public_ips, std::vector<std::string>{"198.18.0.9"});
  EXPECT_EQ(parsed->next_token, "t2");
  EXPECT_FALSE(parse_describe_nat_gateways(
      "<DescribeNatGatewaysResponse><natGatewaySet><item><state>available</state></item></natGatewaySet>"
      "</DescribeNatGatewaysResponse>"));
}

TEST(DescribeEgress, RouteTablesGiveEachTableItsDefaultNatAndSubnets) {
  auto parsed = parse_describe_route_tables(R"(<DescribeRouteTablesResponse>
  <routeTableSet>
    <item><routeTableId>rtb-main</routeTableId><vpcId>vpc-1</vpcId>
      <routeSet><item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId></item>
                <item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><gatewayId>igw-1</gatewayId></item></routeSet>
      <associationSet><item><routeTableAssociationId>a-1</routeTableAssociationId><main>true</main></item></associationSet></item>
    <item><routeTableId>rtb-priv</routeTableId><vpcId>vpc-1</vpcId>
      <routeSet><item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><natGatewayId>nat-1</natGatewayId><state>active</state></item></routeSet>
      <associationSet><item><subnetId>subnet-a</subnetId><main>false</main></item><item><subnetId>subnet-b</subnetId><main>false</main></item></associationSet></item>
    <item><routeTableId>rtb-dead</routeTableId><vpcId>vpc-1</vpcId>
      <routeSet><item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><natGatewayId>nat-2</natGatewayId><state>blackhole</state></item></routeSet>
      <associationSet><item><subnetId>subnet-c</subnetId><main>false</main></item></associationSet></item>
  </routeTableSet>
</DescribeRouteTablesResponse>)");
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->tables.size(), 3u);
  EXPECT_TRUE(parsed->tables[0].main);
  EXPECT_EQ(parsed->tables[0].default_nat_gateway, "");
  EXPECT_FALSE(parsed->tables[1].main);
  EXPECT_EQ(parsed->tables[1].default_nat_gateway, "nat-1");
  EXPECT_EQ(parsed->tables[1].subnet_ids, (std::vector<std::string>{"subnet-a", "subnet-b"}));
  EXPECT_EQ(parsed->tables[2].default_nat_gateway, "") << "a blackhole route routes nothing";
}

}  // namespace
}  // namespace rolecall::aws::ec2

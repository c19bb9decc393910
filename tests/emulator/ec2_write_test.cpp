// EC2 writes: RunInstances (profile, user data, tags, metadata options, launch templates, counts),
// TerminateInstances, ModifyInstanceMetadataOptions and the launch template writes.
#include <map>

#include "emulator/fixture.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

using Ec2Write = EmulatorTest;

constexpr const char* kWriteI0 = "i-00000000000000a00";  // running, profile web

aws::QueryParams run(std::initializer_list<std::pair<std::string, std::string>> extra) {
  aws::QueryParams p = {
      {"Action", "RunInstances"}, {"ImageId", "ami-0123456789abcdef0"}, {"MinCount", "1"}, {"MaxCount", "1"}};
  for (const auto& kv : extra) {
    bool replaced = false;
    for (auto& existing : p) {
      if (existing.first == kv.first) {
        existing.second = kv.second;
        replaced = true;
      }
    }
    if (!replaced) p.push_back(kv);
  }
  return p;
}

TEST_F(Ec2Write, RunInstancesLaunchesPendingThenRunningWithItsProfile) {
  Answer a = query(admin_identity(), "ec2",
                   run({{"InstanceType", "t3.small"},
                        {"UserData", "IyEvYmluL2Jhc2gKZWNobyBoaQo="},
                        {"IamInstanceProfile.Name", "web"},
                        {"MetadataOptions.HttpTokens", "required"},
                        {"TagSpecification.1.ResourceType", "instance"},
                        {"TagSpecification.1.Tag.1.Key", "Name"},
                        {"TagSpecification.1.Tag.1.Value", "launched"}}));
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_TRUE(a.find("reservationId").starts_with("r-"));
  const std::string id = a.find("instanceId");
  ASSERT_TRUE(id.starts_with("i-"));
  EXPECT_EQ(id.size(), 19u);
  EXPECT_EQ(a.find("name"), "pending");
  EXPECT_EQ(a.find("arn"), "arn:aws:iam::111111111111:instance-profile/web");
  Answer d = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"InstanceId.1", id}});
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.find("name"), "running");
  EXPECT_EQ(d.find("instanceType"), "t3.small");
  EXPECT_EQ(d.find("httpTokens"), "required");
  EXPECT_EQ(d.find("value"), "launched");
  EXPECT_EQ(d.find("imageId"), "ami-0123456789abcdef0");
  Answer assoc = query(admin_identity(), "ec2",
                       {{"Action", "DescribeIamInstanceProfileAssociations"},
                        {"Filter.1.Name", "instance-id"},
                        {"Filter.1.Value.1", id}});
  EXPECT_EQ(assoc.find("state"), "associated");
  Answer ud = query(admin_identity(), "ec2",
                    {{"Action", "DescribeInstanceAttribute"}, {"InstanceId", id}, {"Attribute", "userData"}});
  EXPECT_EQ(ud.find("value"), "IyEvYmluL2Jhc2gKZWNobyBoaQo=");
}

TEST_F(Ec2Write, RunInstancesCountsAndErrors) {
  Answer three = query(admin_identity(), "ec2", run({{"MinCount", "2"}, {"MaxCount", "3"}}));
  ASSERT_EQ(three.status, 200) << three.body;
  EXPECT_EQ(three.all("instanceId").size(), 3u);
  EXPECT_EQ(query(admin_identity(), "ec2", run({{"MinCount", "3"}, {"MaxCount", "2"}})).code(),
            "InvalidParameterValue");
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "RunInstances"}, {"MinCount", "1"}, {"MaxCount", "1"}}).code(),
            "MissingParameter");
  EXPECT_EQ(query(admin_identity(), "ec2", run({{"ImageId", "ami-xyz"}})).code(), "InvalidAMIID.Malformed");
  EXPECT_EQ(query(admin_identity(), "ec2", run({{"UserData", "not base64!"}})).code(), "InvalidUserData.Malformed");
  EXPECT_EQ(query(admin_identity(), "ec2", run({{"IamInstanceProfile.Name", "nope"}})).code(), "InvalidParameterValue");
  EXPECT_EQ(query(admin_identity(), "ec2", run({{"DryRun", "true"}})).code(), "DryRunOperation");
  EXPECT_EQ(query(reader_identity(), "ec2", run({})).code(), "UnauthorizedOperation");
  // ec2:* without iam:PassRole may launch, but not with a role.
  EXPECT_EQ(query(ec2only_identity(), "ec2", run({})).status, 200);
  EXPECT_EQ(query(ec2only_identity(), "ec2",
                  run({{"IamInstanceProfile.Arn", "arn:aws:iam::111111111111:instance-profile/web"}}))
                .code(),
            "UnauthorizedOperation");
  Answer all = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}});
  EXPECT_EQ(all.all("instanceId").size(), 12u + 3u + 1u);
}

TEST_F(Ec2Write, RunInstancesFromALaunchTemplate) {
  // Template web: v1 (default) has profile web and IMDSv2 required; v2 only user data.
  Answer v1 = query(admin_identity(), "ec2",
                    run({{"LaunchTemplate.LaunchTemplateName", "web"}, {"ImageId", "ami-0123456789abcdef0"}}));
  ASSERT_EQ(v1.status, 200) << v1.body;
  EXPECT_EQ(v1.find("arn"), "arn:aws:iam::111111111111:instance-profile/web");
  EXPECT_EQ(v1.find("httpTokens"), "required");
  std::map<std::string, std::string> tags;
  for (auto& n : v1.xml.select_nodes("//*[local-name()='tagSet']/*")) {
    tags[n.node().child("key").text().as_string()] = n.node().child("value").text().as_string();
  }
  EXPECT_EQ(tags["aws:ec2launchtemplate:id"], "lt-0123456789abcdef0");
  EXPECT_EQ(tags["aws:ec2launchtemplate:version"], "1");
  Answer latest = query(admin_identity(), "ec2",
                        {{"Action", "RunInstances"},
                         {"MinCount", "1"},
                         {"MaxCount", "1"},
                         {"LaunchTemplate.LaunchTemplateId", "lt-0123456789abcdef0"},
                         {"LaunchTemplate.Version", "$Latest"}});
  ASSERT_EQ(latest.status, 200) << latest.body;
  EXPECT_EQ(latest.find("arn"), "");
  EXPECT_EQ(latest.find("httpTokens"), "optional");
  EXPECT_EQ(query(admin_identity(), "ec2", run({{"LaunchTemplate.LaunchTemplateId", "lt-0123456789abcdef9"}})).code(),
            "InvalidLaunchTemplateId.NotFound");
  EXPECT_EQ(query(admin_identity(), "ec2",
                  run({{"LaunchTemplate.LaunchTemplateName", "web"}, {"LaunchTemplate.Version", "7"}}))
                .code(),
            "InvalidLaunchTemplateId.VersionNotFound");
}

TEST_F(Ec2Write, TerminateInstancesEndsTheAssociation) {
  Answer t = query(admin_identity(), "ec2", {{"Action", "TerminateInstances"}, {"InstanceId.1", kWriteI0}});
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(t.xml.select_node("//*[local-name()='currentState']/*[local-name()='name']").node().text().as_string(),
            std::string("shutting-down"));
  EXPECT_EQ(t.xml.select_node("//*[local-name()='previousState']/*[local-name()='name']").node().text().as_string(),
            std::string("running"));
  Answer d = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"InstanceId.1", kWriteI0}});
  EXPECT_EQ(d.find("name"), "terminated");
  EXPECT_EQ(d.find("iamInstanceProfile"), "");
  EXPECT_EQ(
      query(admin_identity(), "ec2",
            {{"Action", "AssociateIamInstanceProfile"}, {"InstanceId", kWriteI0}, {"IamInstanceProfile.Name", "web"}})
          .code(),
      "IncorrectInstanceState");
  EXPECT_EQ(query(reader_identity(), "ec2", {{"Action", "TerminateInstances"}, {"InstanceId.1", kWriteI0}}).code(),
            "UnauthorizedOperation");
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "TerminateInstances"}, {"InstanceId.1", "i-0000000000000ffff"}})
                .code(),
            "InvalidInstanceID.NotFound");
}

TEST_F(Ec2Write, ModifyInstanceMetadataOptions) {
  Answer m = query(admin_identity(), "ec2",
                   {{"Action", "ModifyInstanceMetadataOptions"}, {"InstanceId", kWriteI0}, {"HttpTokens", "required"}});
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(m.find("httpTokens"), "required");
  EXPECT_EQ(m.find("state"), "pending");
  Answer d = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"InstanceId.1", kWriteI0}});
  EXPECT_EQ(d.find("httpTokens"), "required");
  EXPECT_EQ(query(admin_identity(), "ec2",
                  {{"Action", "ModifyInstanceMetadataOptions"}, {"InstanceId", kWriteI0}, {"HttpTokens", "sometimes"}})
                .code(),
            "InvalidParameterValue");
}

TEST_F(Ec2Write, LaunchTemplateWrites) {
  Answer c = query(admin_identity(), "ec2",
                   {{"Action", "CreateLaunchTemplate"},
                    {"LaunchTemplateName", "batch"},
                    {"LaunchTemplateData.UserData", "ZWNobyBoaQ=="},
                    {"LaunchTemplateData.IamInstanceProfile.Arn", "arn:aws:iam::111111111111:instance-profile/spare"},
                    {"LaunchTemplateData.MetadataOptions.HttpTokens", "required"}});
  ASSERT_EQ(c.status, 200) << c.body;
  const std::string id = c.find("launchTemplateId");
  EXPECT_TRUE(id.starts_with("lt-"));
  EXPECT_EQ(c.find("defaultVersionNumber"), "1");
  EXPECT_EQ(query(admin_identity(), "ec2",
                  {{"Action", "CreateLaunchTemplate"},
                   {"LaunchTemplateName", "batch"},
                   {"LaunchTemplateData.ImageId", "ami-0123456789abcdef0"}})
                .code(),
            "InvalidLaunchTemplateName.AlreadyExistsException");
  EXPECT_EQ(query(admin_identity(), "ec2",
                  {{"Action", "CreateLaunchTemplate"},
                   {"LaunchTemplateName", "x"},
                   {"LaunchTemplateData.ImageId", "ami-0123456789abcdef0"}})
                .code(),
            "InvalidParameterValue");
  Answer v2 = query(admin_identity(), "ec2",
                    {{"Action", "CreateLaunchTemplateVersion"},
                     {"LaunchTemplateId", id},
                     {"SourceVersion", "1"},
                     {"LaunchTemplateData.MetadataOptions.HttpTokens", "optional"}});
  ASSERT_EQ(v2.status, 200) << v2.body;
  EXPECT_EQ(v2.find("versionNumber"), "2");
  EXPECT_EQ(v2.find("defaultVersion"), "false");
  // Copied from the source version, in the form it was given (an ARN answers as the ARN, as in AWS).
  EXPECT_EQ(v2.find("arn"), "arn:aws:iam::111111111111:instance-profile/spare");
  EXPECT_EQ(v2.find("name"), "");
  EXPECT_EQ(v2.find("userData"), "ZWNobyBoaQ==");
  Answer m = query(admin_identity(), "ec2",
                   {{"Action", "ModifyLaunchTemplate"}, {"LaunchTemplateName", "batch"}, {"SetDefaultVersion", "2"}});
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(m.find("defaultVersionNumber"), "2");
  EXPECT_EQ(m.find("latestVersionNumber"), "2");
  EXPECT_EQ(query(admin_identity(), "ec2",
                  {{"Action", "ModifyLaunchTemplate"}, {"LaunchTemplateId", id}, {"SetDefaultVersion", "9"}})
                .code(),
            "InvalidLaunchTemplateId.VersionNotFound");
  Answer versions = query(admin_identity(), "ec2",
                          {{"Action", "DescribeLaunchTemplateVersions"},
                           {"LaunchTemplateId", id},
                           {"LaunchTemplateVersion.1", "$Default"}});
  EXPECT_EQ(versions.find("versionNumber"), "2");
  EXPECT_EQ(versions.find("httpTokens"), "optional");
  EXPECT_EQ(query(reader_identity(), "ec2",
                  {{"Action", "CreateLaunchTemplate"},
                   {"LaunchTemplateName", "other"},
                   {"LaunchTemplateData.ImageId", "ami-0123456789abcdef0"}})
                .code(),
            "UnauthorizedOperation");
}

}  // namespace
}  // namespace rolecall::emulator

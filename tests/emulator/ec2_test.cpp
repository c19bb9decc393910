#include <set>
#include <vector>

#include "emulator/fixture.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

constexpr const char* kI0 = "i-00000000000000a00";   // running, profile web
constexpr const char* kI6 = "i-00000000000000a06";   // running, no profile
constexpr const char* kI9 = "i-00000000000000a09";   // stopped
constexpr const char* kI10 = "i-00000000000000a0a";  // terminated
constexpr const char* kI11 = "i-00000000000000a0b";  // instance-store

using EC2 = EmulatorTest;

TEST_F(EC2, DescribeInstancesListsTheRegionWithRequestId) {
  Answer a = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"Version", "2016-11-15"}});
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.xml.first_child().name(), std::string("DescribeInstancesResponse"));
  EXPECT_EQ(a.xml.first_child().attribute("xmlns").as_string(),
            std::string("http://ec2.amazonaws.com/doc/2016-11-15/"));
  EXPECT_FALSE(a.find("requestId").empty());
  EXPECT_EQ(a.find("requestId"), a.request_id_header);
  EXPECT_EQ(a.all("instanceId").size(), 12u);  // terminated ones stay visible; eu-west-1 not included
  EXPECT_NE(a.body.find("arn:aws:iam::111111111111:instance-profile/web"), std::string::npos);
  EXPECT_EQ(a.find("ownerId"), "111111111111");
}

TEST_F(EC2, DescribeInstancesPaginatesWithOpaqueTokens) {
  std::set<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    aws::QueryParams p{{"Action", "DescribeInstances"}, {"MaxResults", "5"}};
    if (!token.empty()) p.emplace_back("NextToken", token);
    Answer a = query(admin_identity(), "ec2", p);
    ASSERT_EQ(a.status, 200) << a.body;
    auto ids = a.all("instanceId");
    EXPECT_LE(ids.size(), 5u);
    seen.insert(ids.begin(), ids.end());
    token = a.find("nextToken");
    if (!token.empty()) {
      EXPECT_GE(token.size(), 16u) << "token must be opaque, not a bare offset";
    }
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 12u);
}

TEST_F(EC2, BadPaginationInputIsAnAwsError) {
  Answer bad =
      query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"MaxResults", "5"}, {"NextToken", "garbage!"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.code(), "InvalidPaginationToken");
  EXPECT_EQ(bad.xml.first_child().name(), std::string("Response"));
  EXPECT_FALSE(bad.find("RequestID").empty());
  // A token of another listing is rejected too.
  Answer assoc =
      query(admin_identity(), "ec2", {{"Action", "DescribeIamInstanceProfileAssociations"}, {"MaxResults", "5"}});
  ASSERT_FALSE(assoc.find("nextToken").empty());
  Answer foreign =
      query(admin_identity(), "ec2",
            {{"Action", "DescribeInstances"}, {"MaxResults", "5"}, {"NextToken", assoc.find("nextToken")}});
  EXPECT_EQ(foreign.code(), "InvalidPaginationToken");
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"MaxResults", "4"}}).code(),
            "InvalidParameterValue");
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"MaxResults", "1001"}}).code(),
            "InvalidParameterValue");
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"MaxResults", "x"}}).code(),
            "InvalidParameterValue");
  EXPECT_EQ(
      query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"MaxResults", "5"}, {"InstanceId.1", kI0}})
          .code(),
      "InvalidParameterCombination");
}

TEST_F(EC2, DescribeInstancesFilters) {
  Answer stopped = query(
      admin_identity(), "ec2",
      {{"Action", "DescribeInstances"}, {"Filter.1.Name", "instance-state-name"}, {"Filter.1.Value.1", "stopped"}});
  EXPECT_EQ(stopped.all("instanceId"), std::vector<std::string>{kI9});
  Answer web = query(admin_identity(), "ec2",
                     {{"Action", "DescribeInstances"},
                      {"Filter.1.Name", "iam-instance-profile.arn"},
                      {"Filter.1.Value.1", "arn:aws:iam::111111111111:instance-profile/web"}});
  EXPECT_EQ(web.all("instanceId").size(), 6u);
  Answer two = query(admin_identity(), "ec2",
                     {{"Action", "DescribeInstances"},
                      {"Filter.1.Name", "instance-id"},
                      {"Filter.1.Value.1", kI0},
                      {"Filter.1.Value.2", kI6}});
  EXPECT_EQ(two.all("instanceId").size(), 2u);
  EXPECT_EQ(query(admin_identity(), "ec2",
                  {{"Action", "DescribeInstances"}, {"Filter.1.Name", "bogus"}, {"Filter.1.Value.1", "x"}})
                .code(),
            "InvalidParameterValue");
}

TEST_F(EC2, InstanceIdErrors) {
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"InstanceId.1", "i-xyz"}}).code(),
            "InvalidInstanceID.Malformed");
  Answer missing =
      query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"InstanceId.1", "i-0000000000000ffff"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.code(), "InvalidInstanceID.NotFound");
}

TEST_F(EC2, TerminatedInstancesDisappearAfterTheVisibilityWindow) {
  auto ids = [&] { return query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}}).all("instanceId"); };
  auto has = [](const std::vector<std::string>& v, const char* id) {
    return std::find(v.begin(), v.end(), id) != v.end();
  };
  EXPECT_TRUE(has(ids(), kI10));
  advance(std::chrono::minutes(61));
  EXPECT_FALSE(has(ids(), kI10));
}

TEST_F(EC2, AssociationLifecycle) {
  Answer assoc =
      query(admin_identity(), "ec2",
            {{"Action", "AssociateIamInstanceProfile"}, {"InstanceId", kI6}, {"IamInstanceProfile.Name", "spare"}});
  ASSERT_EQ(assoc.status, 200) << assoc.body;
  EXPECT_EQ(assoc.find("state"), "associating");
  std::string id = assoc.find("associationId");
  EXPECT_TRUE(id.starts_with("iip-assoc-"));
  Answer later = query(admin_identity(), "ec2",
                       {{"Action", "DescribeIamInstanceProfileAssociations"},
                        {"Filter.1.Name", "instance-id"},
                        {"Filter.1.Value.1", kI6}});
  EXPECT_EQ(later.find("state"), "associated");
  EXPECT_EQ(later.find("associationId"), id);

  Answer again =
      query(admin_identity(), "ec2",
            {{"Action", "AssociateIamInstanceProfile"}, {"InstanceId", kI6}, {"IamInstanceProfile.Name", "web"}});
  EXPECT_EQ(again.code(), "IncorrectState");

  Answer replaced = query(admin_identity(), "ec2",
                          {{"Action", "ReplaceIamInstanceProfileAssociation"},
                           {"AssociationId", id},
                           {"IamInstanceProfile.Arn", "arn:aws:iam::111111111111:instance-profile/web"}});
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  std::string new_id = replaced.find("associationId");
  EXPECT_NE(new_id, id);
  EXPECT_EQ(
      query(admin_identity(), "ec2", {{"Action", "DisassociateIamInstanceProfile"}, {"AssociationId", id}}).code(),
      "InvalidAssociationID.NotFound");

  Answer gone =
      query(admin_identity(), "ec2", {{"Action", "DisassociateIamInstanceProfile"}, {"AssociationId", new_id}});
  EXPECT_EQ(gone.find("state"), "disassociating");
  Answer after = query(admin_identity(), "ec2",
                       {{"Action", "DescribeIamInstanceProfileAssociations"},
                        {"Filter.1.Name", "instance-id"},
                        {"Filter.1.Value.1", kI6}});
  EXPECT_TRUE(after.all("associationId").empty());
}

TEST_F(EC2, AssociateValidatesProfileAndInstance) {
  EXPECT_EQ(query(admin_identity(), "ec2",
                  {{"Action", "AssociateIamInstanceProfile"}, {"InstanceId", kI6}, {"IamInstanceProfile.Name", "nope"}})
                .code(),
            "InvalidParameterValue");
  EXPECT_EQ(query(admin_identity(), "ec2",
                  {{"Action", "AssociateIamInstanceProfile"},
                   {"InstanceId", kI6},
                   {"IamInstanceProfile.Arn", "arn:aws:iam::111111111111:instance-profile/nope"}})
                .code(),
            "InvalidParameterValue");
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "AssociateIamInstanceProfile"}, {"InstanceId", kI6}}).code(),
            "MissingParameter");
  EXPECT_EQ(query(admin_identity(), "ec2",
                  {{"Action", "AssociateIamInstanceProfile"},
                   {"InstanceId", "i-0000000000000ffff"},
                   {"IamInstanceProfile.Name", "web"}})
                .code(),
            "InvalidInstanceID.NotFound");
}

TEST_F(EC2, AssociationCallsHaveNoDryRun) {
  // Regression (found with the AWS SDK v3 model): AssociateIamInstanceProfile, Replace...,
  // Disassociate... and DescribeIamInstanceProfileAssociations have no DryRun member, so EC2
  // rejects the parameter instead of answering DryRunOperation, and changes nothing.
  for (const aws::QueryParams& p :
       std::vector<aws::QueryParams>{{{"Action", "AssociateIamInstanceProfile"},
                                      {"InstanceId", kI6},
                                      {"IamInstanceProfile.Name", "web"},
                                      {"DryRun", "true"}},
                                     {{"Action", "ReplaceIamInstanceProfileAssociation"},
                                      {"AssociationId", "iip-assoc-0123456789abcdef0"},
                                      {"IamInstanceProfile.Name", "web"},
                                      {"DryRun", "true"}},
                                     {{"Action", "DisassociateIamInstanceProfile"},
                                      {"AssociationId", "iip-assoc-0123456789abcdef0"},
                                      {"DryRun", "false"}},
                                     {{"Action", "DescribeIamInstanceProfileAssociations"}, {"DryRun", "true"}}}) {
    Answer a = query(admin_identity(), "ec2", p);
    EXPECT_EQ(a.status, 400) << p.front().second;
    EXPECT_EQ(a.code(), "UnknownParameter") << p.front().second;
    EXPECT_NE(a.find("Message").find("DryRun"), std::string::npos);
  }
  Answer check = query(admin_identity(), "ec2",
                       {{"Action", "DescribeIamInstanceProfileAssociations"},
                        {"Filter.1.Name", "instance-id"},
                        {"Filter.1.Value.1", kI6}});
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_TRUE(check.all("associationId").empty());
}

TEST_F(EC2, DryRunAndAuthorization) {
  aws::QueryParams p{
      {"Action", "AssociateIamInstanceProfile"}, {"InstanceId", kI6}, {"IamInstanceProfile.Name", "web"}};
  Answer denied = query(nobody_identity(), "ec2", p);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.code(), "UnauthorizedOperation");
  // ec2:* without iam:PassRole cannot hand the role to an instance.
  Answer no_pass = query(ec2only_identity(), "ec2", p);
  EXPECT_EQ(no_pass.code(), "UnauthorizedOperation");
  EXPECT_NE(no_pass.find("Message").find("iam:PassRole"), std::string::npos);
  // The refused calls changed nothing.
  Answer check = query(admin_identity(), "ec2",
                       {{"Action", "DescribeIamInstanceProfileAssociations"},
                        {"Filter.1.Name", "instance-id"},
                        {"Filter.1.Value.1", kI6}});
  EXPECT_TRUE(check.all("associationId").empty());
  EXPECT_EQ(query(reader_identity(), "ec2", {{"Action", "DescribeInstances"}}).status, 200);
  EXPECT_EQ(query(reader_identity(), "ec2", {{"Action", "StopInstances"}, {"InstanceId.1", kI0}}).code(),
            "UnauthorizedOperation");
}

TEST_F(EC2, StopAndStartTransitions) {
  Answer stop = query(admin_identity(), "ec2", {{"Action", "StopInstances"}, {"InstanceId.1", kI0}});
  ASSERT_EQ(stop.status, 200) << stop.body;
  EXPECT_EQ(stop.xml.select_node("//*[local-name()='currentState']/*[local-name()='name']").node().text().as_string(),
            std::string("stopping"));
  // Copy the text out: the answer (and its XML document) dies at the end of the statement.
  auto state_of = [&](const char* id) -> std::string {
    return query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"InstanceId.1", id}})
        .xml.select_node("//*[local-name()='instanceState']/*[local-name()='name']")
        .node()
        .text()
        .as_string();
  };
  EXPECT_EQ(std::string(state_of(kI0)), "stopped");
  Answer start = query(admin_identity(), "ec2", {{"Action", "StartInstances"}, {"InstanceId.1", kI0}});
  EXPECT_EQ(start.status, 200);
  EXPECT_EQ(std::string(state_of(kI0)), "running");
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "StartInstances"}, {"InstanceId.1", kI10}}).code(),
            "IncorrectInstanceState");
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "StopInstances"}, {"InstanceId.1", kI11}}).code(),
            "UnsupportedOperation");
  EXPECT_EQ(
      query(admin_identity(), "ec2", {{"Action", "StopInstances"}, {"InstanceId.1", kI9}, {"DryRun", "true"}}).code(),
      "DryRunOperation");
}

TEST_F(EC2, UserDataAndLaunchTemplates) {
  Answer ud = query(admin_identity(), "ec2",
                    {{"Action", "DescribeInstanceAttribute"}, {"InstanceId", kI0}, {"Attribute", "userData"}});
  EXPECT_EQ(ud.find("value"), "IyEvYmluL2Jhc2gKZWNobyBoaQo=");
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "DescribeInstanceAttribute"}, {"InstanceId", kI0}}).code(),
            "MissingParameter");
  Answer lts = query(admin_identity(), "ec2", {{"Action", "DescribeLaunchTemplates"}});
  EXPECT_EQ(lts.find("launchTemplateId"), "lt-0123456789abcdef0");
  EXPECT_EQ(lts.find("latestVersionNumber"), "2");
  Answer versions = query(admin_identity(), "ec2",
                          {{"Action", "DescribeLaunchTemplateVersions"}, {"LaunchTemplateId", "lt-0123456789abcdef0"}});
  EXPECT_EQ(versions.all("versionNumber").size(), 2u);
  EXPECT_EQ(versions.find("httpTokens"), "required");
  Answer latest = query(admin_identity(), "ec2",
                        {{"Action", "DescribeLaunchTemplateVersions"},
                         {"LaunchTemplateName", "web"},
                         {"LaunchTemplateVersion.1", "$Latest"}});
  EXPECT_EQ(latest.all("versionNumber"), std::vector<std::string>{"2"});
  EXPECT_EQ(query(admin_identity(), "ec2",
                  {{"Action", "DescribeLaunchTemplates"}, {"LaunchTemplateId.1", "lt-0000000000000000f"}})
                .code(),
            "InvalidLaunchTemplateId.NotFound");
}

TEST_F(EC2, RegionsAndOptIn) {
  Answer enabled = query(admin_identity(), "ec2", {{"Action", "DescribeRegions"}});
  EXPECT_EQ(enabled.all("regionName"), (std::vector<std::string>{"us-east-1", "eu-west-1"}));
  Answer all = query(admin_identity(), "ec2", {{"Action", "DescribeRegions"}, {"AllRegions", "true"}});
  EXPECT_EQ(all.all("regionName").size(), 3u);
  EXPECT_EQ(all.all("optInStatus").back(), "not-opted-in");
  Answer disabled = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}}, "af-south-1");
  EXPECT_EQ(disabled.status, 401);
  EXPECT_EQ(disabled.code(), "AuthFailure");
  Answer eu = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}}, "eu-west-1");
  EXPECT_EQ(eu.all("instanceId"), std::vector<std::string>{"i-0e000000000000001"});
}

}  // namespace
}  // namespace rolecall::emulator

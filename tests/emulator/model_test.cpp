// The generated request model (emulator/services/model/) and its coverage of the service tables.
#include <gtest/gtest.h>

#include "emulator/services/autoscaling/operations.h"
#include "emulator/services/ec2/operations.h"
#include "emulator/services/iam/operations.h"
#include "emulator/services/model/model.h"
#include "emulator/services/sts/operations.h"

namespace rolecall::emulator::model {
namespace {

TEST(RequestModel, PatternReplacesIndexSegments) {
  EXPECT_EQ(pattern_of("Filter.1.Value.12"), "Filter.#.Value.#");
  EXPECT_EQ(pattern_of("Tags.member.3.Key"), "Tags.member.#.Key");
  EXPECT_EQ(pattern_of("MaxResults"), "MaxResults");
  EXPECT_EQ(pattern_of("A..1"), "A..#");
  EXPECT_EQ(pattern_of("X1.2a"), "X1.2a");
}

// Every operation the emulator serves over the Query protocol has a model: a row added to a table
// without re-running scripts/gen_emulator_model.py fails here.
TEST(RequestModel, CoversEveryQueryOperationInTheTables) {
  for (const auto& op : ec2::operations()) EXPECT_NE(inputs("ec2", op.name), nullptr) << op.name;
  for (const auto& op : iam::operations()) EXPECT_NE(inputs("iam", op.name), nullptr) << op.name;
  for (const auto& op : sts::operations()) EXPECT_NE(inputs("sts", op.name), nullptr) << op.name;
  for (const auto& op : autoscaling::operations()) EXPECT_NE(inputs("autoscaling", op.name), nullptr) << op.name;
}

// The operations issue 16 adds are generated already, so adding them needs no regeneration.
TEST(RequestModel, CoversThePlannedOperations) {
  for (const char* op :
       {"CreateRole", "DeleteRole", "UpdateAssumeRolePolicy", "PutRolePolicy", "DeleteRolePolicy", "AttachRolePolicy",
        "DetachRolePolicy", "CreatePolicy", "CreatePolicyVersion", "RemoveRoleFromInstanceProfile",
        "DeleteInstanceProfile", "CreateUser", "CreateAccessKey", "ListUsers", "ListAccessKeys", "TagRole"}) {
    EXPECT_NE(inputs("iam", op), nullptr) << op;
  }
  for (const char* op :
       {"RunInstances", "TerminateInstances", "CreateLaunchTemplate", "CreateLaunchTemplateVersion",
        "ModifyLaunchTemplate", "ModifyInstanceMetadataOptions", "DescribeVpcs", "DescribeSubnets", "DescribeAddresses",
        "DescribeNatGateways", "DescribeRouteTables", "DescribeNetworkInterfaces", "DescribeSecurityGroups"}) {
    EXPECT_NE(inputs("ec2", op), nullptr) << op;
  }
}

TEST(RequestModel, SerializedNamesFollowEachProtocol) {
  const auto* run = inputs("ec2", "RunInstances");
  ASSERT_NE(run, nullptr);
  for (const char* p : {"IamInstanceProfile.Arn", "TagSpecification.#.Tag.#.Key", "UserData",
                        "MetadataOptions.HttpTokens", "LaunchTemplate.LaunchTemplateId", "MinCount"}) {
    EXPECT_TRUE(run->contains(p)) << p;
  }
  const auto* tag_role = inputs("iam", "TagRole");
  ASSERT_NE(tag_role, nullptr);
  EXPECT_TRUE(tag_role->contains("Tags.member.#.Key"));
  EXPECT_TRUE(tag_role->contains("Tags"));  // the query protocol's empty list
  EXPECT_FALSE(tag_role->contains("Tags.#.Key"));
}

// The permissions boundary operations and members (issue 12 §3.1) are modelled as botocore says.
TEST(RequestModel, CoversPermissionsBoundaries) {
  for (const char* op : {"PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary", "PutUserPermissionsBoundary",
                         "DeleteUserPermissionsBoundary", "GetUser", "DeletePolicy"}) {
    EXPECT_NE(inputs("iam", op), nullptr) << op;
  }
  for (const char* op : {"CreateRole", "CreateUser", "PutRolePermissionsBoundary", "PutUserPermissionsBoundary"}) {
    const auto* names = inputs("iam", op);
    ASSERT_NE(names, nullptr) << op;
    EXPECT_TRUE(names->contains("PermissionsBoundary")) << op;
  }
  Params put({{"Action", "PutRolePermissionsBoundary"}, {"RoleName", "r"}});
  EXPECT_EQ(check_parameters("iam", "PutRolePermissionsBoundary", put).missing,
            std::vector<std::string>{"permissionsBoundary"});
}

TEST(RequestModel, CheckListsWhatTheModelLacks) {
  Params params({{"Action", "DescribeInstances"},
                 {"Version", "2016-11-15"},
                 {"X-Amz-Security-Token", "t"},
                 {"InstanceId.1", "i-1"},
                 {"InstanceIds.1", "i-1"},
                 {"MaxResult", "5"}});
  ParameterCheck check = check_parameters("ec2", "DescribeInstances", params);
  EXPECT_TRUE(check.modelled);
  std::vector<std::string> expected{"InstanceIds.1", "MaxResult"};
  EXPECT_EQ(check.unknown, expected);
  EXPECT_FALSE(check_parameters("ec2", "NoSuchOperation", params).modelled);
}

TEST(RequestModel, RequiredMembersNestInsideWhatIsSent) {
  const auto* create = required_members("iam", "CreateRole");
  ASSERT_NE(create, nullptr);
  ASSERT_GE(create->size(), 2u);
  EXPECT_STREQ((*create)[0].pattern, "RoleName");
  EXPECT_STREQ((*create)[0].shown, "roleName");
  Params tags({{"Action", "CreateRole"},
               {"RoleName", "r"},
               {"AssumeRolePolicyDocument", "{}"},
               {"Tags.member.1.Key", "k"},
               {"Tags.member.1.Value", "v"},
               {"Tags.member.3.Value", "v"}});
  std::vector<std::string> expected{"tags.3.member.key"};
  EXPECT_EQ(check_parameters("iam", "CreateRole", tags).missing, expected);
  // Nested two lists deep, each index carried into the name.
  Params run({{"MinCount", "1"}, {"MaxCount", "1"}, {"SecondaryInterface.2.PrivateIpAddress.4.Primary", "true"}});
  expected = {"SecondaryInterface.2.PrivateIpAddress.4.PrivateIpAddress"};
  EXPECT_EQ(check_parameters("ec2", "RunInstances", run).missing, expected);
  // A prefix alone is not the member: "InstanceIdX" does not send "InstanceId".
  Params terminate({{"Action", "TerminateInstances"}, {"InstanceIdX", "i-1"}});
  expected = {"InstanceId"};
  EXPECT_EQ(check_parameters("ec2", "TerminateInstances", terminate).missing, expected);
  EXPECT_TRUE(
      check_parameters("ec2", "TerminateInstances", Params({{"Action", "TerminateInstances"}, {"InstanceId.1", "i-1"}}))
          .missing.empty());
}

}  // namespace
}  // namespace rolecall::emulator::model

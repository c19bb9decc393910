// Requests without a member their operation's model requires get the error each service gives
// (issue 16, "Fidelity"): EC2 MissingParameter, IAM/STS ValidationError, and a recorded mismatch.
#include <fmt/format.h>

#include "emulator/fixture.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

using RequiredMembers = EmulatorTest;

TEST_F(RequiredMembers, Ec2NamesTheFirstMissingParameter) {
  Answer assoc = query(admin_identity(), "ec2",
                       {{"Action", "AssociateIamInstanceProfile"}, {"IamInstanceProfile.Name", "web-profile"}});
  EXPECT_EQ(assoc.status, 400) << assoc.body;
  EXPECT_EQ(assoc.code(), "MissingParameter");
  EXPECT_EQ(assoc.find("Message"), "The request must contain the parameter InstanceId");
  // A required list is present through its elements (`InstanceId.1`); none sent is missing.
  Answer stop = query(admin_identity(), "ec2", {{"Action", "StopInstances"}});
  EXPECT_EQ(stop.code(), "MissingParameter");
  EXPECT_EQ(stop.find("Message"), "The request must contain the parameter InstanceId");
  // A required structure is present through any of its members.
  Answer no_profile = query(admin_identity(), "ec2",
                            {{"Action", "AssociateIamInstanceProfile"}, {"InstanceId", "i-00000000000000a00"}});
  EXPECT_EQ(no_profile.find("Message"), "The request must contain the parameter IamInstanceProfile");
  std::vector<std::string> expected{"ec2 AssociateIamInstanceProfile: missing InstanceId",
                                    "ec2 StopInstances: missing InstanceId",
                                    "ec2 AssociateIamInstanceProfile: missing IamInstanceProfile"};
  EXPECT_EQ(emu_->model_mismatches(), expected);
}

TEST_F(RequiredMembers, Ec2NestedMemberIsRequiredOnlyWhereItsStructureIsSent) {
  Answer run =
      query(admin_identity(), "ec2",
            {{"Action", "RunInstances"}, {"MinCount", "1"}, {"MaxCount", "1"}, {"ImageId", "ami-0123456789abcdef0"}});
  EXPECT_EQ(run.status, 200) << run.body;
  Answer accelerators = query(admin_identity(), "ec2",
                              {{"Action", "RunInstances"},
                               {"MinCount", "1"},
                               {"MaxCount", "1"},
                               {"ImageId", "ami-0123456789abcdef0"},
                               {"ElasticInferenceAccelerator.1.Type", "eia1.medium"},
                               {"ElasticInferenceAccelerator.2.Count", "1"}});
  EXPECT_EQ(accelerators.status, 400);
  // The element that lacks it is named with its own index.
  EXPECT_EQ(accelerators.find("Message"), "The request must contain the parameter ElasticInferenceAccelerator.2.Type");
  Answer counts = query(admin_identity(), "ec2", {{"Action", "RunInstances"}, {"ImageId", "ami-0123456789abcdef0"}});
  EXPECT_EQ(counts.find("Message"), "The request must contain the parameter MaxCount");
}

TEST_F(RequiredMembers, IamListsEveryMissingMemberAsAValidationError) {
  Answer get = query(admin_identity(), "iam", {{"Action", "GetInstanceProfile"}});
  EXPECT_EQ(get.status, 400) << get.body;
  EXPECT_EQ(get.code(), "ValidationError");
  EXPECT_EQ(get.find("Message"),
            "1 validation error detected: Value null at 'instanceProfileName' failed to satisfy constraint: Member "
            "must not be null");
  Answer create = query(admin_identity(), "iam",
                        {{"Action", "CreateRole"},
                         {"Tags.member.1.Key", "team"},
                         {"Tags.member.2.Key", "env"},
                         {"Tags.member.2.Value", "prod"}});
  EXPECT_EQ(create.code(), "ValidationError");
  EXPECT_EQ(create.find("Message"),
            "3 validation errors detected: Value null at 'roleName' failed to satisfy constraint: Member must not be "
            "null; Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null; "
            "Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null");
  // Nothing was created.
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "ListRoles"}}).status, 200);
  EXPECT_EQ(emu_->model_mismatches().size(), 2u);
}

TEST_F(RequiredMembers, StsRefusesAssumeRoleWithoutItsMembers) {
  Answer sts = query(admin_identity(), "sts", {{"Action", "AssumeRole"}, {"RoleSessionName", "s"}});
  EXPECT_EQ(sts.status, 400) << sts.body;
  EXPECT_EQ(sts.code(), "ValidationError");
  EXPECT_EQ(sts.find("Message"),
            "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be "
            "null");
  std::vector<std::string> expected{"sts AssumeRole: missing roleArn"};
  EXPECT_EQ(emu_->model_mismatches(), expected);
}

// An empty query-protocol list (`Tags=`) is a list sent with no elements: present.
TEST_F(RequiredMembers, IamEmptyListCountsAsSent) {
  Answer tag = query(admin_identity(), "iam", {{"Action", "TagRole"}, {"RoleName", "no-such-role"}, {"Tags", ""}});
  EXPECT_NE(tag.code(), "ValidationError") << tag.body;
  EXPECT_TRUE(emu_->model_mismatches().empty());
}

}  // namespace
}  // namespace rolecall::emulator

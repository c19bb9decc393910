// IAM writes: roles, role policies, managed policies and versions, profiles, users and keys, each
// authorized through the caller's policies and failing with IAM's errors.
#include "emulator/fixture.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

using IamWrite = EmulatorTest;

const char* kEc2Trust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
const char* kAllowS3 =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})";

Answer create_role(EmulatorTest& t, const Identity& who, const std::string& name,
                   const std::string& trust = kEc2Trust) {
  return t.query(who, "iam", {{"Action", "CreateRole"}, {"RoleName", name}, {"AssumeRolePolicyDocument", trust}});
}

TEST_F(IamWrite, CreateRoleThenGetRole) {
  Answer created = query(admin_identity(), "iam",
                         {{"Action", "CreateRole"},
                          {"RoleName", "app"},
                          {"Path", "/svc/"},
                          {"Description", "the app"},
                          {"AssumeRolePolicyDocument", kEc2Trust},
                          {"Tags.member.1.Key", "team"},
                          {"Tags.member.1.Value", "web"}});
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.find("Arn"), "arn:aws:iam::111111111111:role/svc/app");
  EXPECT_TRUE(created.find("RoleId").starts_with("AROA"));
  EXPECT_NE(created.find("AssumeRolePolicyDocument").find("%22ec2.amazonaws.com%22"), std::string::npos);
  Answer got = query(reader_identity(), "iam", {{"Action", "GetRole"}, {"RoleName", "app"}});
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.find("Description"), "the app");
  EXPECT_EQ(got.find("Value"), "web");
  Answer again = create_role(*this, admin_identity(), "APP");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.code(), "EntityAlreadyExists");
}

TEST_F(IamWrite, CreateRoleRejectsBadInput) {
  EXPECT_EQ(create_role(*this, admin_identity(), "bad/name").code(), "ValidationError");
  EXPECT_EQ(create_role(*this, admin_identity(), std::string(65, 'a')).code(), "ValidationError");
  EXPECT_EQ(create_role(*this, admin_identity(), "x", "{not json").code(), "MalformedPolicyDocument");
  EXPECT_EQ(create_role(*this, admin_identity(), "x", kAllowS3).code(), "MalformedPolicyDocument");
  std::string huge = std::string(R"({"Version":"2012-10-17","Statement":[{"Sid":")") + std::string(2100, 'a') +
                     R"(","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
  Answer big = create_role(*this, admin_identity(), "x", huge);
  EXPECT_EQ(big.status, 409);
  EXPECT_EQ(big.code(), "LimitExceeded");
  Answer denied = create_role(*this, reader_identity(), "x");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.code(), "AccessDenied");
  EXPECT_NE(denied.find("Message").find("iam:CreateRole"), std::string::npos);
  EXPECT_EQ(query(reader_identity(), "iam", {{"Action", "GetRole"}, {"RoleName", "x"}}).code(), "NoSuchEntity");
}

TEST_F(IamWrite, RolePoliciesAndDeleteConflicts) {
  ASSERT_EQ(create_role(*this, admin_identity(), "app").status, 200);
  Answer put =
      query(admin_identity(), "iam",
            {{"Action", "PutRolePolicy"}, {"RoleName", "app"}, {"PolicyName", "s3"}, {"PolicyDocument", kAllowS3}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.xml.first_child().child("PutRolePolicyResult").type(), pugi::node_null);
  EXPECT_EQ(
      query(reader_identity(), "iam", {{"Action", "GetRolePolicy"}, {"RoleName", "app"}, {"PolicyName", "s3"}}).status,
      200);
  Answer attach = query(admin_identity(), "iam",
                        {{"Action", "AttachRolePolicy"},
                         {"RoleName", "app"},
                         {"PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess"}});
  ASSERT_EQ(attach.status, 200) << attach.body;
  EXPECT_EQ(query(admin_identity(), "iam",
                  {{"Action", "AttachRolePolicy"}, {"RoleName", "app"}, {"PolicyArn", "arn:aws:iam::aws:policy/Nope"}})
                .code(),
            "NoSuchEntity");
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "AttachRolePolicy"}, {"RoleName", "app"}, {"PolicyArn", "junk"}})
                .code(),
            "InvalidInput");
  ASSERT_EQ(query(admin_identity(), "iam",
                  {{"Action", "AddRoleToInstanceProfile"}, {"RoleName", "app"}, {"InstanceProfileName", "empty"}})
                .status,
            200);

  auto delete_role = [&] { return query(admin_identity(), "iam", {{"Action", "DeleteRole"}, {"RoleName", "app"}}); };
  Answer conflict = delete_role();
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.code(), "DeleteConflict");
  Answer profile_conflict =
      query(admin_identity(), "iam", {{"Action", "DeleteInstanceProfile"}, {"InstanceProfileName", "empty"}});
  EXPECT_EQ(profile_conflict.code(), "DeleteConflict");
  ASSERT_EQ(query(admin_identity(), "iam",
                  {{"Action", "RemoveRoleFromInstanceProfile"}, {"RoleName", "app"}, {"InstanceProfileName", "empty"}})
                .status,
            200);
  EXPECT_EQ(query(admin_identity(), "iam",
                  {{"Action", "RemoveRoleFromInstanceProfile"}, {"RoleName", "app"}, {"InstanceProfileName", "empty"}})
                .code(),
            "NoSuchEntity");
  EXPECT_EQ(delete_role().code(), "DeleteConflict");  // still has policies
  ASSERT_EQ(query(admin_identity(), "iam",
                  {{"Action", "DetachRolePolicy"},
                   {"RoleName", "app"},
                   {"PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess"}})
                .status,
            200);
  EXPECT_EQ(delete_role().code(), "DeleteConflict");
  ASSERT_EQ(query(admin_identity(), "iam", {{"Action", "DeleteRolePolicy"}, {"RoleName", "app"}, {"PolicyName", "s3"}})
                .status,
            200);
  EXPECT_EQ(delete_role().status, 200);
  EXPECT_EQ(delete_role().code(), "NoSuchEntity");
  EXPECT_EQ(
      query(admin_identity(), "iam", {{"Action", "DeleteInstanceProfile"}, {"InstanceProfileName", "empty"}}).status,
      200);
  EXPECT_EQ(
      query(reader_identity(), "iam", {{"Action", "GetInstanceProfile"}, {"InstanceProfileName", "empty"}}).code(),
      "NoSuchEntity");
}

TEST_F(IamWrite, UpdateAssumeRolePolicyAndAttachLimit) {
  const char* lambda =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
  ASSERT_EQ(query(admin_identity(), "iam",
                  {{"Action", "UpdateAssumeRolePolicy"}, {"RoleName", "spare"}, {"PolicyDocument", lambda}})
                .status,
            200);
  EXPECT_NE(query(reader_identity(), "iam", {{"Action", "GetRole"}, {"RoleName", "spare"}})
                .find("AssumeRolePolicyDocument")
                .find("lambda.amazonaws.com"),
            std::string::npos);
  for (int i = 0; i < 10; ++i) {
    std::string name = "p" + std::to_string(i);
    Answer p = query(admin_identity(), "iam",
                     {{"Action", "CreatePolicy"}, {"PolicyName", name}, {"PolicyDocument", kAllowS3}});
    ASSERT_EQ(p.status, 200) << p.body;
    ASSERT_EQ(query(admin_identity(), "iam",
                    {{"Action", "AttachRolePolicy"}, {"RoleName", "spare"}, {"PolicyArn", p.find("Arn")}})
                  .status,
              200);
  }
  Answer over = query(admin_identity(), "iam",
                      {{"Action", "AttachRolePolicy"},
                       {"RoleName", "spare"},
                       {"PolicyArn", "arn:aws:iam::111111111111:policy/app-read"}});
  EXPECT_EQ(over.code(), "LimitExceeded");
}

TEST_F(IamWrite, PolicyVersionsSetAsDefaultAndFiveVersionLimit) {
  Answer created = query(admin_identity(), "iam",
                         {{"Action", "CreatePolicy"}, {"PolicyName", "grow"}, {"PolicyDocument", kAllowS3}});
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string arn = created.find("Arn");
  EXPECT_EQ(arn, "arn:aws:iam::111111111111:policy/grow");
  EXPECT_EQ(created.find("DefaultVersionId"), "v1");
  EXPECT_EQ(
      query(admin_identity(), "iam", {{"Action", "CreatePolicy"}, {"PolicyName", "grow"}, {"PolicyDocument", kAllowS3}})
          .code(),
      "EntityAlreadyExists");
  const char* admin = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
  Answer v2 = query(admin_identity(), "iam",
                    {{"Action", "CreatePolicyVersion"}, {"PolicyArn", arn}, {"PolicyDocument", admin}});
  ASSERT_EQ(v2.status, 200) << v2.body;
  EXPECT_EQ(v2.find("VersionId"), "v2");
  EXPECT_EQ(v2.find("IsDefaultVersion"), "false");
  EXPECT_EQ(query(reader_identity(), "iam", {{"Action", "GetPolicy"}, {"PolicyArn", arn}}).find("DefaultVersionId"),
            "v1");
  Answer v3 = query(
      admin_identity(), "iam",
      {{"Action", "CreatePolicyVersion"}, {"PolicyArn", arn}, {"PolicyDocument", admin}, {"SetAsDefault", "true"}});
  EXPECT_EQ(v3.find("IsDefaultVersion"), "true");
  EXPECT_EQ(query(reader_identity(), "iam", {{"Action", "GetPolicy"}, {"PolicyArn", arn}}).find("DefaultVersionId"),
            "v3");
  Answer doc =
      query(reader_identity(), "iam", {{"Action", "GetPolicyVersion"}, {"PolicyArn", arn}, {"VersionId", "v1"}});
  EXPECT_NE(doc.find("Document").find("s3%3AGetObject"), std::string::npos);
  EXPECT_EQ(doc.find("IsDefaultVersion"), "false");
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(query(admin_identity(), "iam",
                    {{"Action", "CreatePolicyVersion"}, {"PolicyArn", arn}, {"PolicyDocument", kAllowS3}})
                  .status,
              200);
  }
  Answer sixth = query(admin_identity(), "iam",
                       {{"Action", "CreatePolicyVersion"}, {"PolicyArn", arn}, {"PolicyDocument", kAllowS3}});
  EXPECT_EQ(sixth.status, 409);
  EXPECT_EQ(sixth.code(), "LimitExceeded");
  // AWS managed policies are not the account's to change.
  EXPECT_EQ(query(admin_identity(), "iam",
                  {{"Action", "CreatePolicyVersion"},
                   {"PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"},
                   {"PolicyDocument", kAllowS3}})
                .code(),
            "NoSuchEntity");
}

TEST_F(IamWrite, CreatedAccessKeyAuthenticates) {
  Answer user = query(admin_identity(), "iam", {{"Action", "CreateUser"}, {"UserName", "ci"}});
  ASSERT_EQ(user.status, 200) << user.body;
  EXPECT_TRUE(user.find("UserId").starts_with("AIDA"));
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "CreateUser"}, {"UserName", "CI"}}).code(),
            "EntityAlreadyExists");
  Answer key = query(admin_identity(), "iam", {{"Action", "CreateAccessKey"}, {"UserName", "ci"}});
  ASSERT_EQ(key.status, 200) << key.body;
  Identity ci{key.find("AccessKeyId"), key.find("SecretAccessKey"), ""};
  EXPECT_TRUE(ci.key.starts_with("AKIA"));
  EXPECT_EQ(ci.key.size(), 20u);
  EXPECT_EQ(ci.secret.size(), 40u);
  Answer who = query(ci, "sts", {{"Action", "GetCallerIdentity"}});
  ASSERT_EQ(who.status, 200) << who.body;
  EXPECT_EQ(who.find("Arn"), "arn:aws:iam::111111111111:user/ci");
  // No policies yet: the new user may not list users.
  EXPECT_EQ(query(ci, "iam", {{"Action", "ListUsers"}}).code(), "AccessDenied");
  Answer users = query(admin_identity(), "iam", {{"Action", "ListUsers"}});
  ASSERT_EQ(users.status, 200) << users.body;
  auto names = users.all("UserName");
  EXPECT_NE(std::find(names.begin(), names.end(), "ci"), names.end());
  Answer keys = query(admin_identity(), "iam", {{"Action", "ListAccessKeys"}, {"UserName", "ci"}});
  ASSERT_EQ(keys.status, 200) << keys.body;
  EXPECT_EQ(keys.all("AccessKeyId"), std::vector<std::string>{ci.key});
  EXPECT_EQ(keys.find("SecretAccessKey"), "");
  Answer own = query(admin_identity(), "iam", {{"Action", "ListAccessKeys"}});
  EXPECT_EQ(own.all("AccessKeyId"), std::vector<std::string>{admin_identity().key});
  ASSERT_EQ(query(admin_identity(), "iam", {{"Action", "CreateAccessKey"}, {"UserName", "ci"}}).status, 200);
  Answer third = query(admin_identity(), "iam", {{"Action", "CreateAccessKey"}, {"UserName", "ci"}});
  EXPECT_EQ(third.code(), "LimitExceeded");
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "CreateAccessKey"}, {"UserName", "ghost"}}).code(),
            "NoSuchEntity");
}

TEST_F(IamWrite, TagRoleMergesAndLimits) {
  ASSERT_EQ(
      query(admin_identity(), "iam",
            {{"Action", "TagRole"}, {"RoleName", "web"}, {"Tags.member.1.Key", "a"}, {"Tags.member.1.Value", "1"}})
          .status,
      200);
  ASSERT_EQ(
      query(admin_identity(), "iam",
            {{"Action", "TagRole"}, {"RoleName", "web"}, {"Tags.member.1.Key", "a"}, {"Tags.member.1.Value", "2"}})
          .status,
      200);
  Answer got = query(reader_identity(), "iam", {{"Action", "GetRole"}, {"RoleName", "web"}});
  EXPECT_EQ(got.all("Value"), std::vector<std::string>{"2"});
  aws::QueryParams many = {{"Action", "TagRole"}, {"RoleName", "web"}};
  for (int i = 1; i <= 50; ++i) {
    many.emplace_back("Tags.member." + std::to_string(i) + ".Key", "k" + std::to_string(i));
    many.emplace_back("Tags.member." + std::to_string(i) + ".Value", "v");
  }
  EXPECT_EQ(query(admin_identity(), "iam", many).code(), "LimitExceeded");
  EXPECT_EQ(
      query(reader_identity(), "iam",
            {{"Action", "TagRole"}, {"RoleName", "web"}, {"Tags.member.1.Key", "a"}, {"Tags.member.1.Value", "1"}})
          .code(),
      "AccessDenied");
}

}  // namespace
}  // namespace rolecall::emulator

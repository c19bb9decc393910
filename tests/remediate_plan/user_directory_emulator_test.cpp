// Reading users' permissions (GetAccountAuthorizationDetails, Filter User/Group) from the
// in-process emulator, and planning their roles from what was read: groups' policies included.
#include <gtest/gtest.h>

#include "emulator/emulator.h"
#include "remediate/user_directory.h"
#include "remediate/user_roles.h"
#include "support/emulator_fixture.h"

namespace rolecall::remediate {
namespace {

using UserDirectoryEmulator = rolecall::testing::EmulatorFixture;

constexpr const char* kDirectoryAcct = "111111111111";

nlohmann::json grouped_estate() {
  return nlohmann::json::parse(R"({
    "schema_version": 1,
    "regions": ["us-east-1"],
    "accounts": [{
      "id": "111111111111", "name": "prod",
      "managed_policies": [{"name": "app-logs", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}]}}],
      "groups": [
        {"name": "builders", "attached_policy_arns": ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
         "inline_policies": [{"name": "queue", "document": {"Version": "2012-10-17", "Statement": [
           {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}}]},
        {"name": "admins", "attached_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"]}
      ],
      "users": [
        {"name": "auditor",
         "access_keys": [{"id": "AKIAAUDITORAUDITOR01", "secret": "auditorsecretauditorsecretauditorsecret0"}],
         "attached_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]},
        {"name": "deploy", "groups": ["builders"],
         "attached_policy_arns": ["arn:aws:iam::111111111111:policy/app-logs"],
         "inline_policies": [{"name": "read", "document": {"Version": "2012-10-17", "Statement": [
           {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]},
        {"name": "operator", "groups": ["admins"]}
      ],
      "instances": [{"id": "i-00000001", "region": "us-east-1"}]
    }]
  })");
}

TEST_F(UserDirectoryEmulator, ReadsUsersGroupsAndPoliciesAndPlansFromThem) {
  emulator::EmulatorOptions eo;
  eo.estate = grouped_estate();
  start_emulator(eo);
  auto s = session();
  ASSERT_TRUE(s);
  auto provider = s->credentials();
  auto client = s->client(provider, "test");
  auto directories =
      read_user_directories(s->loop(), {{kDirectoryAcct, client.get()}}, {kDirectoryAcct, "222222222222"});
  ASSERT_EQ(directories.size(), 2u);
  EXPECT_TRUE(directories["222222222222"].error) << "no caller reaches it";
  const UserDirectory& d = directories[kDirectoryAcct];
  ASSERT_FALSE(d.error) << d.error->describe();
  ASSERT_TRUE(d.users.contains("deploy"));
  EXPECT_EQ(d.users.at("deploy").groups, std::vector<std::string>{"builders"});
  ASSERT_TRUE(d.groups.contains("builders"));
  EXPECT_EQ(d.groups.at("builders").attached_policy_arns,
            std::vector<std::string>{"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"});
  ASSERT_EQ(d.groups.at("builders").inline_policies.size(), 1u);
  EXPECT_NE(d.groups.at("builders").inline_policies[0].document.find("sqs:SendMessage"), std::string::npos);
  // The documents of the managed policies attached to users and groups, for the admin-level judgement.
  EXPECT_TRUE(d.policies.contains("arn:aws:iam::111111111111:policy/app-logs"));
  EXPECT_TRUE(d.policies.contains("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"));

  AccountInventory account;
  account.account_id = kDirectoryAcct;
  account.iam_collected = true;
  account.build_index();
  UserRolePlan deploy = plan_user_role(account, d, "deploy");
  ASSERT_EQ(deploy.target.blocked_reason, "");
  ASSERT_TRUE(deploy.create_role);
  EXPECT_EQ(deploy.create_role->managed_policy_arns,
            (std::vector<std::string>{"arn:aws:iam::111111111111:policy/app-logs",
                                      "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}));
  ASSERT_EQ(deploy.create_role->inline_policies.size(), 2u);
  EXPECT_EQ(deploy.create_role->inline_policies[0].name, "group.builders.queue");
  EXPECT_EQ(deploy.create_role->inline_policies[1].name, "user.read");
  // Admin-level through a group only: still blocked.
  UserRolePlan op = plan_user_role(account, d, "operator");
  EXPECT_FALSE(op.create_role);
  EXPECT_NE(op.target.blocked_reason.find("admin-level"), std::string::npos) << op.target.blocked_reason;
}

TEST_F(UserDirectoryEmulator, EstateRefusesAUserInAnUnknownGroup) {
  nlohmann::json estate = grouped_estate();
  estate["accounts"][0]["users"][1]["groups"] = {"nope"};
  emulator::EmulatorOptions eo;
  eo.estate = estate;
  auto emu = emulator::Emulator::start(eo);
  ASSERT_FALSE(emu);
  EXPECT_NE(emu.error().message.find("users[1].groups[0]"), std::string::npos) << emu.error().message;
}

}  // namespace
}  // namespace rolecall::remediate

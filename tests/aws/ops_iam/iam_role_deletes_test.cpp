#include "aws/ops/iam_role_deletes.h"

#include <gtest/gtest.h>

#include "support/fake_aws_caller.h"
#include "support/files.h"

namespace rolecall::aws::iam {
namespace {

using testing::FakeAwsCaller;
using testing::param;

// A metadata-only answer of `action`.
std::string deletes_answer(const std::string& action) {
  return "<" + action + R"(Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata>)" +
         "<RequestId>req-" + action + "</RequestId></ResponseMetadata></" + action + "Response>";
}

const char* kDeleteConflict = R"(<ErrorResponse><Error><Type>Sender</Type><Code>DeleteConflict</Code>)"
                              R"(<Message>Cannot delete entity, must detach all policies first.</Message></Error>)"
                              R"(<RequestId>r-9</RequestId></ErrorResponse>)";

TEST(DeleteRolePolicy, IsAMutationNamingRoleAndPolicy) {
  const ServiceCall call = delete_role_policy_call({"rolecall-deploy", "user.put"});
  EXPECT_EQ(call.action, "DeleteRolePolicy");
  EXPECT_EQ(call.api_class, ApiClass::kMutate);
  EXPECT_EQ(param(call, "RoleName"), "rolecall-deploy");
  EXPECT_EQ(param(call, "PolicyName"), "user.put");
  FakeAwsCaller caller;
  caller.reply(deletes_answer("DeleteRolePolicy"));
  auto done = testing::run<RoleChangeResponse>([&](auto d) {
    delete_role_policy(caller, {"rolecall-deploy", "user.put"}, d);
  });
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->request_id, "req-DeleteRolePolicy");
  auto rejected = testing::run<RoleChangeResponse>([&](auto d) {
    delete_role_policy(caller, {"rolecall-deploy", ""}, d);
  });
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(caller.calls.size(), 1u) << "a rejected request makes no call";
  EXPECT_FALSE(parse_delete_role_policy(deletes_answer("DeleteRole"))) << "another action's answer is refused";
}

TEST(DetachRolePolicy, IsAMutationNamingThePolicyArn) {
  const ServiceCall call = detach_role_policy_call({"rolecall-deploy", "arn:aws:iam::aws:policy/ReadOnlyAccess"});
  EXPECT_EQ(call.action, "DetachRolePolicy");
  EXPECT_EQ(call.api_class, ApiClass::kMutate);
  EXPECT_EQ(param(call, "PolicyArn"), "arn:aws:iam::aws:policy/ReadOnlyAccess");
  FakeAwsCaller caller;
  caller.reply_query_error(404, R"(<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code>)"
                                R"(<Message>Policy is not attached.</Message></Error>)"
                                R"(<RequestId>r-3</RequestId></ErrorResponse>)");
  auto missing = testing::run<RoleChangeResponse>([&](auto d) {
    detach_role_policy(caller, {"rolecall-deploy", "arn:aws:iam::aws:policy/ReadOnlyAccess"}, d);
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "NoSuchEntity");
  EXPECT_NE(missing.error().message.find("iam:DetachRolePolicy"), std::string::npos);
  caller.reply(deletes_answer("DetachRolePolicy"));
  auto done = testing::run<RoleChangeResponse>([&](auto d) {
    detach_role_policy(caller, {"rolecall-deploy", "arn:aws:iam::aws:policy/ReadOnlyAccess"}, d);
  });
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->request_id, "req-DetachRolePolicy");
}

TEST(RemoveRoleFromInstanceProfile, NamesProfileAndRole) {
  const ServiceCall call = remove_role_from_instance_profile_call({"rolecall-deploy", "rolecall-deploy"});
  EXPECT_EQ(call.action, "RemoveRoleFromInstanceProfile");
  EXPECT_EQ(call.api_class, ApiClass::kMutate);
  EXPECT_EQ(param(call, "InstanceProfileName"), "rolecall-deploy");
  EXPECT_EQ(param(call, "RoleName"), "rolecall-deploy");
  FakeAwsCaller caller;
  caller.reply(deletes_answer("RemoveRoleFromInstanceProfile"));
  auto done = testing::run<RoleChangeResponse>([&](auto d) {
    remove_role_from_instance_profile(caller, {"rolecall-deploy", "rolecall-deploy"}, d);
  });
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->request_id, "req-RemoveRoleFromInstanceProfile");
  auto rejected = testing::run<RoleChangeResponse>([&](auto d) {
    remove_role_from_instance_profile(caller, {"", "rolecall-deploy"}, d);
  });
  EXPECT_EQ(rejected.error().kind, ErrorKind::kInvalidArgument);
}

TEST(DeleteInstanceProfile, NamesTheProfile) {
  const ServiceCall call = delete_instance_profile_call({"rolecall-deploy"});
  EXPECT_EQ(call.action, "DeleteInstanceProfile");
  EXPECT_EQ(call.api_class, ApiClass::kMutate);
  EXPECT_EQ(param(call, "InstanceProfileName"), "rolecall-deploy");
  FakeAwsCaller caller;
  caller.reply(deletes_answer("DeleteInstanceProfile"));
  auto done =
      testing::run<RoleChangeResponse>([&](auto d) { delete_instance_profile(caller, {"rolecall-deploy"}, d); });
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->request_id, "req-DeleteInstanceProfile");
}

TEST(DeleteRole, ConflictIsAnErrorWithItsCode) {
  const ServiceCall call = delete_role_call({"rolecall-deploy"});
  EXPECT_EQ(call.action, "DeleteRole");
  EXPECT_EQ(call.api_class, ApiClass::kMutate);
  EXPECT_EQ(param(call, "RoleName"), "rolecall-deploy");
  FakeAwsCaller caller;
  caller.reply_query_error(409, kDeleteConflict);
  auto conflict = testing::run<RoleChangeResponse>([&](auto d) { delete_role(caller, {"rolecall-deploy"}, d); });
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, "DeleteConflict");
  caller.reply(deletes_answer("DeleteRole"));
  auto done = testing::run<RoleChangeResponse>([&](auto d) { delete_role(caller, {"rolecall-deploy"}, d); });
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->request_id, "req-DeleteRole");
  auto rejected = testing::run<RoleChangeResponse>([&](auto d) { delete_role(caller, {""}, d); });
  EXPECT_EQ(rejected.error().kind, ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace rolecall::aws::iam

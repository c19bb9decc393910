// What a CloudTrail record says a call touched (inventory/change_resources.h), on records shaped as
// AWS writes them, and on records that are not: those are unknown, never a guess.
#include "inventory/change_resources.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rolecall::inventory {
namespace {

using nlohmann::json;

TEST(ChangeResources, RunInstancesNamesTheLaunchedInstancesFromItsResponse) {
  json response = {
      {"reservationId", "r-0123456789abcdef0"},
      {"instancesSet",
       {{"items",
         {{{"instanceId", "i-0aaaaaaaaaaaaaaa1"}, {"imageId", "ami-1"}}, {{"instanceId", "i-0aaaaaaaaaaaaaaa2"}}}}}}};
  auto r = read_change_resources("RunInstances", {{"instanceType", "t3.micro"}}, response);
  ASSERT_TRUE(r.known);
  EXPECT_EQ(r.instance_ids, (std::vector<std::string>{"i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2"}));
}

TEST(ChangeResources, ProfileAssociationCallsNameTheirInstanceInEitherCase) {
  json request = {{"DisassociateIamInstanceProfileRequest", {{"AssociationId", "iip-assoc-08049da59357d598c"}}}};
  json response = {{"DisassociateIamInstanceProfileResponse",
                    {{"iamInstanceProfileAssociation",
                      {{"associationId", "iip-assoc-08049da59357d598c"}, {"instanceId", "i-1234567890abcdef0"}}}}}};
  auto r = read_change_resources("DisassociateIamInstanceProfile", request, response);
  ASSERT_TRUE(r.known);
  EXPECT_EQ(r.instance_ids, std::vector<std::string>{"i-1234567890abcdef0"});
  auto modify = read_change_resources(
      "ModifyInstanceMetadataOptions",
      {{"ModifyInstanceMetadataOptionsRequest", {{"InstanceId", "i-1234567890abcdef0"}, {"HttpTokens", "required"}}}},
      nullptr);
  EXPECT_EQ(modify.instance_ids, std::vector<std::string>{"i-1234567890abcdef0"});
  auto start =
      read_change_resources("StartInstances", {{"instancesSet", {{"items", {{{"instanceId", "i-0b"}}}}}}}, nullptr);
  EXPECT_EQ(start.instance_ids, std::vector<std::string>{"i-0b"});
}

TEST(ChangeResources, IamCallsNameTheirRolePolicyProfileAndUser) {
  auto attach = read_change_resources(
      "AttachRolePolicy", {{"roleName", "app"}, {"policyArn", "arn:aws:iam::aws:policy/AdministratorAccess"}}, nullptr);
  ASSERT_TRUE(attach.known);
  EXPECT_EQ(attach.role_name, "app");
  auto version = read_change_resources(
      "CreatePolicyVersion", {{"policyArn", "arn:aws:iam::111122223333:policy/p"}, {"setAsDefault", true}}, nullptr);
  EXPECT_EQ(version.policy_arn, "arn:aws:iam::111122223333:policy/p");
  auto remove = read_change_resources("RemoveRoleFromInstanceProfile",
                                      {{"instanceProfileName", "web"}, {"roleName", "app"}}, nullptr);
  EXPECT_EQ(remove.profile_name, "web");
  EXPECT_EQ(remove.role_name, "app");
  auto key = read_change_resources("CreateAccessKey", {{"userName", "ci"}},
                                   {{"accessKey", {{"accessKeyId", "AKIAIOSFODNN7EXAMPLE"}, {"status", "Active"}}}});
  EXPECT_EQ(key.user_name, "ci");
  EXPECT_EQ(key.access_key_id, "AKIAIOSFODNN7EXAMPLE");
  auto lt = read_change_resources("CreateLaunchTemplateVersion",
                                  {{"CreateLaunchTemplateVersionRequest", {{"LaunchTemplateId", "lt-0abc"}}}}, nullptr);
  EXPECT_EQ(lt.launch_template_id, "lt-0abc");
}

TEST(ChangeResources, MissingOrOddFieldsAreUnknown) {
  EXPECT_FALSE(read_change_resources("RunInstances", nullptr, nullptr).known);
  EXPECT_FALSE(read_change_resources("StartInstances", "not an object", json::array()).known);
  EXPECT_FALSE(read_change_resources("StartInstances", {{"instanceId", 42}}, nullptr).known);
  EXPECT_FALSE(read_change_resources("StartInstances", {{"instanceId", "i-0a; DROP"}}, nullptr).known);
  EXPECT_FALSE(read_change_resources("AttachRolePolicy", {{"roleName", ""}}, nullptr).known);
  EXPECT_FALSE(read_change_resources("AttachRolePolicy", {{"roleName", "a/b"}}, nullptr).known);
  EXPECT_FALSE(read_change_resources("CreateAccessKey", json::object(), nullptr).known) << "own keys: who is unknown";
  EXPECT_FALSE(read_change_resources("ModifyLaunchTemplate", {{"LaunchTemplateName", "web"}}, nullptr).known);
  EXPECT_FALSE(read_change_resources_text("RunInstances", "{\"instancesSet\":", "").known);
  // Two different role names: which one is meant cannot be told.
  EXPECT_FALSE(read_change_resources("DeleteRole", {{"roleName", "a"}, {"x", {{"roleName", "b"}}}}, nullptr).known);
  // Nesting beyond what any record has is not followed.
  json deep = {{"instanceId", "i-0deep"}};
  for (int i = 0; i < 20; ++i) deep = {{"x", deep}};
  EXPECT_FALSE(read_change_resources("StartInstances", deep, nullptr).known);
}

}  // namespace
}  // namespace rolecall::inventory

#include "aws/ops/iam_instance_profiles.h"

#include <gtest/gtest.h>

#include "support/fake_aws_caller.h"
#include "support/files.h"

namespace rolecall::aws::iam {
namespace {

using testing::aws_fixture;
using testing::FakeAwsCaller;
using testing::param;

TEST(GetInstanceProfile, RequestAndParse) {
  const ServiceCall call = get_instance_profile_call({"web-profile"});
  EXPECT_EQ(call.action, "GetInstanceProfile");
  EXPECT_EQ(call.api_class, ApiClass::kRead);
  EXPECT_EQ(param(call, "InstanceProfileName"), "web-profile");

  auto parsed = parse_get_instance_profile(aws_fixture("iam/get_instance_profile.xml"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  const ProfileWithRoles& p = parsed->profile;
  EXPECT_EQ(p.profile.arn, "arn:aws:iam::123456789012:instance-profile/app/web-profile");
  EXPECT_EQ(p.profile.id, "AIPAWEB0000000000001");
  EXPECT_EQ(p.profile.path, "/app/");
  EXPECT_EQ(p.profile.role_arns, std::vector<std::string>{"arn:aws:iam::123456789012:role/app/web"});
  ASSERT_EQ(p.roles.size(), 1u);
  EXPECT_NE(p.roles[0].trust_policy.find("ec2.amazonaws.com"), std::string::npos);
}

TEST(GetInstanceProfile, NoSuchEntityAndEmptyName) {
  FakeAwsCaller caller;
  caller.reply_query_error(404, aws_fixture("iam/error_no_such_entity.xml"));
  auto missing =
      testing::run<GetInstanceProfileResponse>([&](auto done) { get_instance_profile(caller, {"gone"}, done); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(missing.error().message.find("iam:GetInstanceProfile"), std::string::npos);

  auto empty = testing::run<GetInstanceProfileResponse>([&](auto done) { get_instance_profile(caller, {""}, done); });
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(caller.calls.size(), 1u);
}

TEST(ListInstanceProfiles, ParsesZeroAndOneRoleProfiles) {
  auto page = parse_list_instance_profiles(aws_fixture("iam/list_instance_profiles_page1.xml"));
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->profiles.size(), 2u);
  EXPECT_EQ(page->profiles[0].profile.name, "empty-profile");
  EXPECT_TRUE(page->profiles[0].profile.role_arns.empty());
  EXPECT_TRUE(page->profiles[0].roles.empty());
  EXPECT_EQ(page->profiles[1].profile.role_arns, std::vector<std::string>{"arn:aws:iam::123456789012:role/app/web"});
  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->marker, "bWFya2VyLXByb2ZpbGVzLTI=");
}

TEST(ListInstanceProfiles, AllPagesThroughFakeCaller) {
  FakeAwsCaller caller;
  caller.reply(aws_fixture("iam/list_instance_profiles_page1.xml"));
  caller.reply(aws_fixture("iam/list_instance_profiles_page2.xml"));
  ListInstanceProfilesRequest request;
  request.path_prefix = "/";
  auto all =
      testing::run<ListInstanceProfilesResponse>([&](auto done) { list_instance_profiles_all(caller, request, done); });
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->profiles.size(), 3u);
  EXPECT_EQ(all->profiles[2].profile.name, "admin-profile");
  ASSERT_EQ(caller.calls.size(), 2u);
  EXPECT_EQ(param(caller.calls[0], "Marker"), std::nullopt);
  EXPECT_EQ(param(caller.calls[1], "Marker"), "bWFya2VyLXByb2ZpbGVzLTI=");
  EXPECT_EQ(param(caller.calls[1], "PathPrefix"), "/");
}

TEST(ListInstanceProfiles, ThrottledFirstPage) {
  FakeAwsCaller caller;
  caller.reply_query_error(400, aws_fixture("iam/error_throttling.xml"));
  auto page = testing::run<ListInstanceProfilesResponse>([&](auto done) { list_instance_profiles(caller, {}, done); });
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().kind, ErrorKind::kThrottled);
}

TEST(ListInstanceProfiles, ProfileRoleWithoutArnNamesNestedElement) {
  std::string body = testing::replace_once(aws_fixture("iam/list_instance_profiles_page1.xml"),
                                           "<Arn>arn:aws:iam::123456789012:role/app/web</Arn>", "");
  auto page = parse_list_instance_profiles(body);
  ASSERT_FALSE(page);
  EXPECT_NE(page.error().message.find("InstanceProfiles/member[2]/Roles/member[1]/Arn"), std::string::npos)
      << page.error().message;
}

TEST(CreateInstanceProfile, IsAMutationAndParses) {
  CreateInstanceProfileRequest request{"rolecall-web", "/rolecall/"};
  const ServiceCall call = create_instance_profile_call(request);
  EXPECT_EQ(call.action, "CreateInstanceProfile");
  EXPECT_EQ(call.api_class, ApiClass::kMutate);
  EXPECT_EQ(param(call, "InstanceProfileName"), "rolecall-web");
  EXPECT_EQ(param(call, "Path"), "/rolecall/");
  EXPECT_EQ(param(create_instance_profile_call({"x", ""}), "Path"), std::nullopt);

  FakeAwsCaller caller;
  caller.reply(aws_fixture("iam/create_instance_profile.xml"));
  auto created =
      testing::run<CreateInstanceProfileResponse>([&](auto done) { create_instance_profile(caller, request, done); });
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->profile.arn, "arn:aws:iam::123456789012:instance-profile/rolecall/rolecall-web");
  EXPECT_TRUE(created->profile.role_arns.empty());
}

TEST(AddRoleToInstanceProfile, IsAMutationAndReturnsRequestId) {
  AddRoleToInstanceProfileRequest request{"rolecall-web", "web"};
  const ServiceCall call = add_role_to_instance_profile_call(request);
  EXPECT_EQ(call.action, "AddRoleToInstanceProfile");
  EXPECT_EQ(call.api_class, ApiClass::kMutate);
  EXPECT_EQ(param(call, "InstanceProfileName"), "rolecall-web");
  EXPECT_EQ(param(call, "RoleName"), "web");

  FakeAwsCaller caller;
  caller.reply(aws_fixture("iam/add_role_to_instance_profile.xml"));
  auto added = testing::run<AddRoleToInstanceProfileResponse>(
      [&](auto done) { add_role_to_instance_profile(caller, request, done); });
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->request_id, "12657608-99f2-11e1-a4c3-27EXAMPLE804");
}

TEST(AddRoleToInstanceProfile, ErrorsAndRejections) {
  FakeAwsCaller caller;
  caller.reply_query_error(409,
                           R"(<ErrorResponse><Error><Type>Sender</Type><Code>LimitExceeded</Code>)"
                           R"(<Message>Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1</Message></Error>)"
                           R"(<RequestId>r-1</RequestId></ErrorResponse>)");
  auto full = testing::run<AddRoleToInstanceProfileResponse>([&](auto done) {
    add_role_to_instance_profile(caller, {"web-profile", "other"}, done);
  });
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, "LimitExceeded");
  EXPECT_NE(full.error().message.find("iam:AddRoleToInstanceProfile"), std::string::npos);

  auto rejected = testing::run<AddRoleToInstanceProfileResponse>([&](auto done) {
    add_role_to_instance_profile(caller, {"web-profile", ""}, done);
  });
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().kind, ErrorKind::kInvalidArgument);

  // A 200 whose body is some other action's response is not silently accepted.
  auto wrong = parse_add_role_to_instance_profile(aws_fixture("iam/create_instance_profile.xml"));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::kParse);
}

}  // namespace
}  // namespace rolecall::aws::iam

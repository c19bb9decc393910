#include "aws/ops/iam_access_keys.h"

#include <gtest/gtest.h>

#include "support/fake_aws_caller.h"

namespace rolecall::aws::iam {
namespace {

// The response shapes of https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccessKeyLastUsed.html
// and API_ListAccessKeys.html.
constexpr const char* kLastUsed = R"(<GetAccessKeyLastUsedResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <GetAccessKeyLastUsedResult>
    <AccessKeyLastUsed>
      <Region>us-west-2</Region>
      <LastUsedDate>2026-11-30T18:04:00Z</LastUsedDate>
      <ServiceName>s3</ServiceName>
    </AccessKeyLastUsed>
    <UserName>legacy-deploy</UserName>
  </GetAccessKeyLastUsedResult>
  <ResponseMetadata><RequestId>510a6abf-d8ff-11e4-b9ee-EXAMPLE</RequestId></ResponseMetadata>
</GetAccessKeyLastUsedResponse>)";

constexpr const char* kNeverUsed = R"(<GetAccessKeyLastUsedResponse>
  <GetAccessKeyLastUsedResult>
    <AccessKeyLastUsed><Region>N/A</Region><ServiceName>N/A</ServiceName></AccessKeyLastUsed>
    <UserName>readonly</UserName>
  </GetAccessKeyLastUsedResult>
</GetAccessKeyLastUsedResponse>)";

constexpr const char* kList = R"(<ListAccessKeysResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <ListAccessKeysResult>
    <UserName>legacy-deploy</UserName>
    <AccessKeyMetadata>
      <member><UserName>legacy-deploy</UserName><AccessKeyId>AKIAQWERTYUIOPASDFGH</AccessKeyId>
        <Status>Active</Status><CreateDate>2024-01-10T09:00:00Z</CreateDate></member>
      <member><UserName>legacy-deploy</UserName><AccessKeyId>AKIAZXCVBNMASDFGHJKL</AccessKeyId>
        <Status>Inactive</Status><CreateDate>2022-05-01T00:00:00Z</CreateDate></member>
    </AccessKeyMetadata>
    <IsTruncated>true</IsTruncated>
    <Marker>page2</Marker>
  </ListAccessKeysResult>
</ListAccessKeysResponse>)";

constexpr const char* kListLast = R"(<ListAccessKeysResponse><ListAccessKeysResult>
    <AccessKeyMetadata><member><UserName>legacy-deploy</UserName><AccessKeyId>AKIAPOIUYTREWQLKJHGF</AccessKeyId>
      <Status>Active</Status><CreateDate>2025-01-01T00:00:00Z</CreateDate></member></AccessKeyMetadata>
    <IsTruncated>false</IsTruncated>
  </ListAccessKeysResult></ListAccessKeysResponse>)";

TEST(GetAccessKeyLastUsed, RequestAndParse) {
  const ServiceCall call = get_access_key_last_used_call({"AKIAQWERTYUIOPASDFGH"});
  EXPECT_EQ(call.service, "iam");
  EXPECT_EQ(call.action, "GetAccessKeyLastUsed");
  EXPECT_EQ(call.api_class, ApiClass::kRead);
  EXPECT_EQ(call.params, (QueryParams{{"AccessKeyId", "AKIAQWERTYUIOPASDFGH"}}));
  auto used = parse_get_access_key_last_used(kLastUsed);
  ASSERT_TRUE(used) << used.error().message;
  EXPECT_EQ(used->user_name, "legacy-deploy");
  EXPECT_EQ(used->last_used_date, "2026-11-30T18:04:00Z");
  EXPECT_EQ(used->service_name, "s3");
  EXPECT_EQ(used->region, "us-west-2");
  auto never = parse_get_access_key_last_used(kNeverUsed);
  ASSERT_TRUE(never) << never.error().message;
  EXPECT_EQ(never->last_used_date, "");
  EXPECT_EQ(never->service_name, "N/A");
}

TEST(GetAccessKeyLastUsed, MalformedBodiesAreParseErrors) {
  auto no_user = parse_get_access_key_last_used(
      "<GetAccessKeyLastUsedResponse><GetAccessKeyLastUsedResult><AccessKeyLastUsed><Region>N/A</Region>"
      "</AccessKeyLastUsed></GetAccessKeyLastUsedResult></GetAccessKeyLastUsedResponse>");
  ASSERT_FALSE(no_user);
  EXPECT_EQ(no_user.error().kind, ErrorKind::kParse);
  EXPECT_NE(no_user.error().message.find("UserName"), std::string::npos);
  auto bad_date = parse_get_access_key_last_used(
      "<GetAccessKeyLastUsedResponse><GetAccessKeyLastUsedResult><UserName>u</UserName><AccessKeyLastUsed>"
      "<LastUsedDate>yesterday</LastUsedDate></AccessKeyLastUsed></GetAccessKeyLastUsedResult>"
      "</GetAccessKeyLastUsedResponse>");
  ASSERT_FALSE(bad_date);
  EXPECT_NE(bad_date.error().message.find("LastUsedDate"), std::string::npos);
}

TEST(GetAccessKeyLastUsed, NoSuchEntityIsNotFound) {
  testing::FakeAwsCaller caller;
  caller.reply_query_error(404, R"(<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code>
<Message>The Access Key with id AKIAQWERTYUIOPASDFGH cannot be found.</Message></Error></ErrorResponse>)");
  auto gone = testing::run<GetAccessKeyLastUsedResponse>(
      [&](auto done) { get_access_key_last_used(caller, {"AKIAQWERTYUIOPASDFGH"}, done); });
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(gone.error().code, "NoSuchEntity");
}

TEST(ListAccessKeys, EveryPageWithStatusAndCreateDate) {
  EXPECT_EQ(list_access_keys_call({"legacy-deploy", 50, "m"}).params,
            (QueryParams{{"UserName", "legacy-deploy"}, {"MaxItems", "50"}, {"Marker", "m"}}));
  testing::FakeAwsCaller caller;
  caller.reply(kList);
  caller.reply(kListLast);
  auto all = testing::run<ListAccessKeysResponse>([&](auto done) {
    list_access_keys_all(caller, {"legacy-deploy", std::nullopt, ""}, done);
  });
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->keys.size(), 3u);
  EXPECT_EQ(all->keys[0].access_key_id, "AKIAQWERTYUIOPASDFGH");
  EXPECT_EQ(all->keys[0].status, "Active");
  EXPECT_EQ(all->keys[0].create_date, "2024-01-10T09:00:00Z");
  EXPECT_EQ(all->keys[1].status, "Inactive");
  EXPECT_EQ(all->keys[2].user_name, "legacy-deploy");
  ASSERT_EQ(caller.calls.size(), 2u);
  EXPECT_EQ(caller.calls[1].params, (QueryParams{{"UserName", "legacy-deploy"}, {"Marker", "page2"}}));
  auto missing = parse_list_access_keys(
      "<ListAccessKeysResponse><ListAccessKeysResult><AccessKeyMetadata><member><AccessKeyId>AKIAQWERTYUIOPASDFGH"
      "</AccessKeyId></member></AccessKeyMetadata><IsTruncated>false</IsTruncated></ListAccessKeysResult>"
      "</ListAccessKeysResponse>");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("Status"), std::string::npos);
}

TEST(ListUsers, EveryPageOfUserNames) {
  EXPECT_EQ(list_users_call({100, "m"}).params, (QueryParams{{"MaxItems", "100"}, {"Marker", "m"}}));
  testing::FakeAwsCaller caller;
  caller.reply(
      "<ListUsersResponse><ListUsersResult><Users><member><UserName>legacy-deploy</UserName><Path>/</Path></member>"
      "</Users><IsTruncated>true</IsTruncated><Marker>page2</Marker></ListUsersResult></ListUsersResponse>");
  caller.reply(
      "<ListUsersResponse><ListUsersResult><Users><member><UserName>auditor</UserName></member></Users>"
      "<IsTruncated>false</IsTruncated></ListUsersResult></ListUsersResponse>");
  auto all = testing::run<ListUsersResponse>([&](auto done) { list_users_all(caller, {}, done); });
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->user_names, (std::vector<std::string>{"legacy-deploy", "auditor"}));
  ASSERT_EQ(caller.calls.size(), 2u);
  EXPECT_EQ(caller.calls[1].params, (QueryParams{{"Marker", "page2"}}));
  auto missing = parse_list_users(
      "<ListUsersResponse><ListUsersResult><Users><member><Path>/</Path></member></Users>"
      "<IsTruncated>false</IsTruncated></ListUsersResult></ListUsersResponse>");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("UserName"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::aws::iam

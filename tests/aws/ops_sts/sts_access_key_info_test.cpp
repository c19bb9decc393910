#include "aws/ops/sts_access_key_info.h"

#include <gtest/gtest.h>

#include "support/fake_aws_caller.h"

namespace rolecall::aws::sts {
namespace {

// The response shape of https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html.
constexpr const char* kBody = R"(<GetAccessKeyInfoResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetAccessKeyInfoResult>
    <Account>111122223333</Account>
  </GetAccessKeyInfoResult>
  <ResponseMetadata><RequestId>c5a076e9-f1b0-11df-8fbe-45274EXAMPLE</RequestId></ResponseMetadata>
</GetAccessKeyInfoResponse>)";

TEST(GetAccessKeyInfo, RequestSendsOnlyTheKeyId) {
  const ServiceCall call = get_access_key_info_call({"AKIAQWERTYUIOPASDFGH", ""});
  EXPECT_EQ(call.service, "sts");
  EXPECT_EQ(call.region, "us-east-1");
  EXPECT_EQ(call.action, "GetAccessKeyInfo");
  EXPECT_EQ(call.api_version, "2011-06-15");
  EXPECT_EQ(call.api_class, ApiClass::kRead);
  EXPECT_EQ(call.params, (QueryParams{{"AccessKeyId", "AKIAQWERTYUIOPASDFGH"}}));
  EXPECT_EQ(get_access_key_info_call({"AKIAQWERTYUIOPASDFGH", "eu-west-1"}).region, "eu-west-1");
}

TEST(GetAccessKeyInfo, ParsesTheAccount) {
  auto parsed = parse_get_access_key_info(kBody);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->account, "111122223333");
  auto missing =
      parse_get_access_key_info("<GetAccessKeyInfoResponse><GetAccessKeyInfoResult/></GetAccessKeyInfoResponse>");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kParse);
  EXPECT_NE(missing.error().message.find("Account"), std::string::npos);
  EXPECT_FALSE(parse_get_access_key_info("<GetCallerIdentityResponse/>"));
}

TEST(GetAccessKeyInfo, CallsAndReportsDenial) {
  testing::FakeAwsCaller caller;
  caller.reply(kBody);
  caller.reply_query_error(403, R"(<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>
<Message>not authorized to perform: sts:GetAccessKeyInfo</Message></Error></ErrorResponse>)");
  auto ok = testing::run<GetAccessKeyInfoResponse>([&](auto done) {
    get_access_key_info(caller, {"AKIAQWERTYUIOPASDFGH", ""}, done);
  });
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->account, "111122223333");
  auto denied = testing::run<GetAccessKeyInfoResponse>([&](auto done) {
    get_access_key_info(caller, {"AKIAQWERTYUIOPASDFGH", ""}, done);
  });
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().kind, ErrorKind::kAccessDenied);
  EXPECT_NE(denied.error().message.find("sts:GetAccessKeyInfo"), std::string::npos);
  ASSERT_EQ(caller.calls.size(), 2u);
}

}  // namespace
}  // namespace rolecall::aws::sts

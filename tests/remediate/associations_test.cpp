// Reading live associations for a plan: every page is followed, and an endpoint that answers
// with the same token again cannot keep the read going forever.
#include "remediate/associations.h"

#include <gtest/gtest.h>

#include <string>

#include "aws/http/curl_loop.h"
#include "support/fake_aws_caller.h"

namespace rolecall::remediate {
namespace {

using rolecall::testing::FakeAwsCaller;

std::string associations_page(const std::string& instance_id, const std::string& token) {
  std::string body =
      "<DescribeIamInstanceProfileAssociationsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
      "<requestId>r-1</requestId><iamInstanceProfileAssociationSet><item>"
      "<associationId>iip-assoc-" +
      instance_id + "</associationId><instanceId>" + instance_id +
      "</instanceId>"
      "<iamInstanceProfile><arn>arn:aws:iam::111122223333:instance-profile/app</arn><id>AIPAEXAMPLE</id>"
      "</iamInstanceProfile><state>associated</state></item></iamInstanceProfileAssociationSet>";
  if (!token.empty()) body += "<nextToken>" + token + "</nextToken>";
  return body + "</DescribeIamInstanceProfileAssociationsResponse>";
}

TEST(FetchAssociations, FollowsEveryPage) {
  FakeAwsCaller caller;
  caller.reply(associations_page("i-1", "t1"));
  caller.reply(associations_page("i-2", "t2"));
  caller.reply(associations_page("i-3", ""));
  aws::CurlLoop loop;
  auto result = fetch_associations(loop, {{"111122223333", "us-east-1", &caller}});
  ASSERT_EQ(result.size(), 1u);
  EXPECT_FALSE(result[0].error.has_value()) << result[0].error->message;
  EXPECT_EQ(result[0].by_instance.size(), 3u);
  ASSERT_EQ(caller.calls.size(), 3u);
  EXPECT_EQ(testing::param(caller.calls[2], "NextToken"), "t2");
}

TEST(FetchAssociations, ATokenThatComesBackStopsTheReadWithAnError) {
  FakeAwsCaller caller;
  for (int i = 0; i < 5; ++i) caller.reply(associations_page("i-" + std::to_string(i), "same"));
  aws::CurlLoop loop;
  auto result = fetch_associations(loop, {{"111122223333", "eu-west-1", &caller}});
  ASSERT_EQ(result.size(), 1u);
  ASSERT_TRUE(result[0].error.has_value()) << "a repeating token was followed to the end of the script";
  EXPECT_NE(result[0].error->message.find("DescribeIamInstanceProfileAssociations"), std::string::npos)
      << result[0].error->message;
  EXPECT_NE(result[0].error->message.find("eu-west-1"), std::string::npos) << result[0].error->message;
  EXPECT_EQ(caller.calls.size(), 2u);
}

}  // namespace
}  // namespace rolecall::remediate

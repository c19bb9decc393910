// aws::s3 ListBuckets and GetBucketPolicy: their request shapes (botocore's s3 2006-03-01 model),
// every page of a listing, a bucket without a policy, and the errors that remain errors.
#include "aws/ops/s3_buckets.h"

#include <gtest/gtest.h>

#include "aws/aws_client.h"
#include "aws/endpoints.h"
#include "support/fake_aws_caller.h"

namespace rolecall::aws::s3 {
namespace {

// The shape of https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html.
std::string buckets_page(const std::string& buckets, const std::string& token) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
         "<Buckets>" +
         buckets + "</Buckets><Owner><ID>abc</ID></Owner>" +
         (token.empty() ? "" : "<ContinuationToken>" + token + "</ContinuationToken>") + "</ListAllMyBucketsResult>";
}

TEST(S3Buckets, ListBucketsAsksForRegionsAndFollowsEveryPage) {
  testing::FakeAwsCaller caller;
  caller.reply(
      buckets_page("<Bucket><Name>artifacts</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate>"
                   "<BucketRegion>eu-west-1</BucketRegion></Bucket>",
                   "tok/1="));
  caller.reply(
      buckets_page("<Bucket><Name>logs</Name><BucketRegion>us-east-1</BucketRegion></Bucket>"
                   "<Bucket><Name>old</Name></Bucket>",
                   ""));
  std::optional<Result<std::vector<BucketSummary>>> got;
  list_all_buckets(caller, [&](Result<std::vector<BucketSummary>> r) { got = std::move(r); });
  ASSERT_TRUE(got && *got) << (got ? got->error().message : "no answer");
  ASSERT_EQ((*got)->size(), 3u);
  EXPECT_EQ((**got)[0].name, "artifacts");
  EXPECT_EQ((**got)[0].region, "eu-west-1");
  EXPECT_EQ((**got)[2].name, "old");
  EXPECT_EQ((**got)[2].region, "") << "a bucket S3 gave no region for";
  ASSERT_EQ(caller.calls.size(), 2u);
  EXPECT_EQ(caller.calls[0].action, "ListBuckets");
  EXPECT_EQ(caller.calls[0].rest_bucket, "");
  EXPECT_EQ(caller.calls[0].rest_query, (QueryParams{{"max-buckets", "1000"}}));
  EXPECT_EQ(caller.calls[1].rest_query, (QueryParams{{"continuation-token", "tok/1="}, {"max-buckets", "1000"}}));
  // Against an endpoint override the listing is the service's root, as the AWS CLI sends it.
  EndpointOverrides overrides;
  overrides.command_line_url = "http://127.0.0.1:4566/";
  auto local = resolve_endpoint("s3", "us-east-1", overrides);
  ASSERT_TRUE(local);
  EXPECT_EQ(build_request(list_buckets_call(""), *local, "rolecall/test").url,
            "http://127.0.0.1:4566/?max-buckets=1000");
}

TEST(S3Buckets, RefusesListingsThatCannotBeRead) {
  EXPECT_FALSE(parse_list_buckets("<ListBucketResult/>"));
  auto nameless = parse_list_buckets(buckets_page("<Bucket><BucketRegion>eu-west-1</BucketRegion></Bucket>", ""));
  ASSERT_FALSE(nameless);
  EXPECT_EQ(nameless.error().kind, ErrorKind::kParse);
  EXPECT_NE(nameless.error().message.find("Buckets[0] has no Name"), std::string::npos);
  auto empty = parse_list_buckets(buckets_page("", ""));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->buckets.empty());
}

TEST(S3Buckets, GetBucketPolicyGivesTheDocumentOrNothingAndKeepsOtherErrors) {
  testing::FakeAwsCaller caller;
  const std::string policy = R"({"Version":"2012-10-17","Statement":[]})";
  caller.reply(policy);
  caller.reply_query_error(404, R"(<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message><BucketName>b</BucketName></Error>)");
  caller.reply_query_error(403, R"(<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R2</RequestId></Error>)");
  std::vector<Result<std::optional<std::string>>> got;
  for (const char* bucket : {"artifacts", "logs", "secret"}) {
    get_bucket_policy(caller, "eu-west-1", bucket,
                      [&](Result<std::optional<std::string>> r) { got.push_back(std::move(r)); });
  }
  ASSERT_EQ(got.size(), 3u);
  ASSERT_TRUE(got[0] && *got[0]);
  EXPECT_EQ(**got[0], policy);
  ASSERT_TRUE(got[1]);
  EXPECT_FALSE(*got[1]) << "no policy is no error";
  ASSERT_FALSE(got[2]);
  EXPECT_EQ(got[2].error().code, "AccessDenied");
  EXPECT_NE(got[2].error().message.find("s3:GetBucketPolicy"), std::string::npos) << got[2].error().message;
  EXPECT_EQ(caller.calls[0].action, "GetBucketPolicy");
  EXPECT_EQ(caller.calls[0].rest_bucket, "artifacts");
  EXPECT_EQ(caller.calls[0].region, "eu-west-1");
  EXPECT_EQ(caller.calls[0].rest_query, (QueryParams{{"policy", ""}}));
}

}  // namespace
}  // namespace rolecall::aws::s3

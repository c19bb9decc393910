// aws::s3: the ListObjectsV2, GetObject and GetBucketLocation calls, their request shapes (botocore's
// s3 2006-03-01 model), the parsing of their bodies and errors, and how a REST-XML call becomes an
// HTTP request: virtual-hosted against AWS, path-style against an endpoint override.
#include "aws/ops/s3_objects.h"

#include <gtest/gtest.h>

#include "aws/aws_client.h"
#include "aws/endpoints.h"
#include "aws/s3_location.h"
#include "support/fake_aws_caller.h"

namespace rolecall::aws::s3 {
namespace {

// The shape of https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html.
constexpr const char* kPage = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>org-trail</Name><Prefix>AWSLogs/</Prefix>
<KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>
<Contents><Key>AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/31/a &amp; b.json.gz</Key><LastModified>2025-01-31T00:05:00.000Z</LastModified><ETag>"x"</ETag><Size>1234</Size><StorageClass>STANDARD</StorageClass></Contents>
<Contents><Key>AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2025/01/31/d.json.gz</Key><Size>10</Size></Contents>
<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken></ListBucketResult>)";

TEST(S3Objects, ListObjectsV2Request) {
  ListObjectsRequest request;
  request.region = "eu-west-1";
  request.bucket = "org-trail";
  request.prefix = "AWSLogs/";
  request.continuation_token = "tok/en=";
  const ServiceCall call = list_objects_call(request);
  EXPECT_EQ(call.service, "s3");
  EXPECT_EQ(call.protocol, Protocol::kRestXml);
  EXPECT_EQ(call.action, "ListObjectsV2");
  EXPECT_EQ(call.rest_bucket, "org-trail");
  EXPECT_EQ(call.rest_path, "/");
  EXPECT_EQ(call.rest_query,
            (QueryParams{
                {"list-type", "2"}, {"continuation-token", "tok/en="}, {"max-keys", "1000"}, {"prefix", "AWSLogs/"}}));
}

TEST(S3Objects, ParsesAPageAndItsContinuation) {
  auto page = parse_list_objects(kPage);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[0].key, "AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/31/a & b.json.gz");
  EXPECT_EQ(page->objects[0].size, 1234u);
  EXPECT_EQ(page->next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
  auto last = parse_list_objects(
      R"(<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><IsTruncated>false</IsTruncated></ListBucketResult>)");
  ASSERT_TRUE(last);
  EXPECT_TRUE(last->objects.empty());
  EXPECT_TRUE(last->next_continuation_token.empty());
}

TEST(S3Objects, RefusesPagesThatCannotBeRead) {
  for (const char* bad : {"<ListAllMyBucketsResult/>", "<ListBucketResult><Contents><Size>1</Size></Contents>",
                          "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>",
                          "<ListBucketResult><Contents><Size>1</Size></Contents></ListBucketResult>"}) {
    auto page = parse_list_objects(bad);
    ASSERT_FALSE(page) << bad;
    EXPECT_EQ(page.error().kind, ErrorKind::kParse) << bad;
    EXPECT_NE(page.error().message.find("s3:ListObjectsV2"), std::string::npos) << page.error().message;
  }
}

TEST(S3Objects, BucketLocationAndItsLegacyValues) {
  EXPECT_EQ(
      *parse_bucket_location(
          R"(<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-central-1</LocationConstraint>)"),
      "eu-central-1");
  EXPECT_EQ(*parse_bucket_location(R"(<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>)"),
            "us-east-1");
  EXPECT_EQ(*parse_bucket_location("<LocationConstraint>EU</LocationConstraint>"), "eu-west-1");
  EXPECT_FALSE(parse_bucket_location("<Error/>"));
  const ServiceCall call = get_bucket_location_call("us-east-1", "org-trail");
  EXPECT_EQ(call.rest_query, (QueryParams{{"location", ""}}));
}

TEST(S3Objects, GetObjectHandsTheBytesAndNamesItsErrors) {
  testing::FakeAwsCaller caller;
  caller.reply(std::string("\x1f\x8b\x08\0binary", 10));
  caller.reply_query_error(403, R"(<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R1</RequestId></Error>)");
  std::optional<Result<std::string>> got, denied;
  get_object(caller, "eu-west-1", "org-trail", "AWSLogs/a.json.gz", [&](Result<std::string> r) { got = std::move(r); });
  get_object(caller, "eu-west-1", "org-trail", "AWSLogs/b.json.gz",
             [&](Result<std::string> r) { denied = std::move(r); });
  ASSERT_TRUE(got && *got);
  EXPECT_EQ(**got, std::string("\x1f\x8b\x08\0binary", 10));
  EXPECT_EQ(caller.calls[0].rest_path, "/AWSLogs/a.json.gz");
  EXPECT_EQ(caller.calls[0].action, "GetObject");
  ASSERT_TRUE(denied && !*denied);
  EXPECT_EQ(denied->error().code, "AccessDenied");
  EXPECT_EQ(denied->error().request_id, "R1");
  EXPECT_NE(denied->error().message.find("s3:GetObject"), std::string::npos) << denied->error().message;
}

TEST(S3Objects, VirtualHostedAgainstAwsPathStyleAgainstAnOverride) {
  const ServiceCall call = get_object_call("eu-west-1", "org-trail", "AWSLogs/1/CloudTrail/a b+c.json.gz");
  auto aws_endpoint = resolve_endpoint("s3", "eu-west-1", {});
  ASSERT_TRUE(aws_endpoint);
  EXPECT_FALSE(aws_endpoint->overridden);
  HttpRequest at_aws = build_request(call, *aws_endpoint, "rolecall/test");
  EXPECT_EQ(at_aws.method, "GET");
  EXPECT_EQ(at_aws.url, "https://org-trail.s3.eu-west-1.amazonaws.com/AWSLogs/1/CloudTrail/a%20b%2Bc.json.gz");
  EXPECT_TRUE(at_aws.body.empty());
  EndpointOverrides overrides;
  overrides.command_line_url = "http://127.0.0.1:4566/";
  auto local = resolve_endpoint("s3", "eu-west-1", overrides);
  ASSERT_TRUE(local);
  EXPECT_TRUE(local->overridden);
  EXPECT_EQ(local->signing_name, "s3");
  ListObjectsRequest list;
  list.region = "eu-west-1";
  list.bucket = "org-trail";
  list.prefix = "AWSLogs/";
  HttpRequest path_style = build_request(list_objects_call(list), *local, "rolecall/test");
  EXPECT_EQ(path_style.url, "http://127.0.0.1:4566/org-trail?list-type=2&max-keys=1000&prefix=AWSLogs%2F");
}

// --output-file s3://: the object's bytes in a signed PUT with their media type; DeleteObject.
TEST(S3Objects, PutAndDeleteObjectCarryTheirMethodAndBody) {
  const ServiceCall put = put_object_call("eu-west-1", "reports", "scans/today.html", "<html/>", "text/html");
  EXPECT_EQ(put.action, "PutObject");
  EXPECT_EQ(put.api_class, ApiClass::kMutate);
  EndpointOverrides overrides;
  overrides.command_line_url = "http://127.0.0.1:4566";
  auto local = resolve_endpoint("s3", "eu-west-1", overrides);
  ASSERT_TRUE(local);
  HttpRequest request = build_request(put, *local, "rolecall/test");
  EXPECT_EQ(request.method, "PUT");
  EXPECT_EQ(request.url, "http://127.0.0.1:4566/reports/scans/today.html");
  EXPECT_EQ(request.body, "<html/>");
  EXPECT_EQ(request.header("Content-Type"), "text/html");
  HttpRequest removal = build_request(delete_object_call("eu-west-1", "reports", "scans/today.html"), *local, "t");
  EXPECT_EQ(removal.method, "DELETE");
  EXPECT_TRUE(removal.body.empty());
  EXPECT_EQ(removal.header("Content-Type"), "");

  testing::FakeAwsCaller caller;
  caller.reply("");
  caller.reply_query_error(404, R"(<Error><Code>NoSuchBucket</Code><Message>gone</Message></Error>)");
  std::optional<Result<std::monostate>> stored, missing;
  put_object(caller, "eu-west-1", "reports", "a.json", "{}", "application/json",
             [&](Result<std::monostate> r) { stored = std::move(r); });
  put_object(caller, "eu-west-1", "gone", "a.json", "{}", "application/json",
             [&](Result<std::monostate> r) { missing = std::move(r); });
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ(caller.calls[0].rest_body, "{}");
  ASSERT_TRUE(missing && !*missing);
  EXPECT_EQ(missing->error().kind, ErrorKind::kNotFound) << "S3's NoSuchBucket is a not-found";
  EXPECT_NE(missing->error().message.find("s3:PutObject"), std::string::npos) << missing->error().message;
}

TEST(S3Location, AnObjectUrlNamesAKey) {
  auto object = parse_s3_object_url("s3://reports/scans/2026/today.json", "--output-file");
  ASSERT_TRUE(object);
  EXPECT_EQ(object->bucket, "reports");
  EXPECT_EQ(object->prefix, "scans/2026/today.json");
  for (const char* bad : {"s3://reports", "s3://reports/", "s3://reports/scans/", "s3://Reports/a.json", "reports/a"}) {
    auto r = parse_s3_object_url(bad, "--output-file");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(r.error().message.find(std::string("--output-file ") + bad), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace rolecall::aws::s3

#include "aws/ops/cloudtrail_lookup_events.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/iso8601.h"

namespace rolecall::aws::cloudtrail {
namespace {

// The shape of https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html:
// EventTime in epoch seconds, CloudTrailEvent the whole record as a JSON string.
constexpr const char* kBody = R"({"Events":[{"EventId":"3f4a2b1c-0000-4000-8000-000000000001",
  "EventName":"GetObject","ReadOnly":"true","AccessKeyId":"AKIAQWERTYUIOPASDFGH","EventTime":1764892800.0,
  "EventSource":"s3.amazonaws.com","Username":"legacy-deploy","Resources":[],
  "CloudTrailEvent":"{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\",\"arn\":\"arn:aws:iam::111122223333:user/legacy-deploy\",\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIAQWERTYUIOPASDFGH\",\"userName\":\"legacy-deploy\"},\"eventTime\":\"2025-12-05T00:00:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"10.0.1.7\",\"vpcEndpointId\":\"vpce-0123456789abcdef0\",\"userAgent\":\"aws-cli/2.15.0\"}"},
  {"EventId":"3f4a2b1c-0000-4000-8000-000000000002","EventName":"ListBuckets","EventTime":1764806400,
   "EventSource":"s3.amazonaws.com","Username":"legacy-deploy"}],
  "NextToken":"page-2"})";

TEST(LookupEvents, RequestLooksUpOneKeyInOneRegion) {
  LookupEventsRequest request;
  request.region = "eu-west-1";
  request.attribute_key = "AccessKeyId";
  request.attribute_value = "AKIAQWERTYUIOPASDFGH";
  request.start_time = *base::parse_iso8601("2025-09-06T00:00:00Z");
  request.end_time = *base::parse_iso8601("2025-12-05T00:00:00Z");
  request.next_token = "page-2";
  const ServiceCall call = lookup_events_call(request);
  EXPECT_EQ(call.service, "cloudtrail");
  EXPECT_EQ(call.region, "eu-west-1");
  EXPECT_EQ(call.protocol, Protocol::kJson11);
  EXPECT_EQ(call.json_target, "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents");
  const auto body = nlohmann::json::parse(call.json_body);
  EXPECT_EQ(body["LookupAttributes"],
            nlohmann::json::parse(R"([{"AttributeKey":"AccessKeyId","AttributeValue":"AKIAQWERTYUIOPASDFGH"}])"));
  EXPECT_EQ(body["StartTime"].get<double>(), 1757116800.0);
  EXPECT_EQ(body["EndTime"].get<double>(), 1764892800.0);
  EXPECT_EQ(body["MaxResults"], 50);
  EXPECT_EQ(body["NextToken"], "page-2");

  request.max_results = 500;  // the API's maximum is 50
  EXPECT_EQ(nlohmann::json::parse(lookup_events_call(request).json_body)["MaxResults"], 50);
  LookupEventsRequest bare;
  bare.region = "us-east-1";
  const auto plain = nlohmann::json::parse(lookup_events_call(bare).json_body);
  EXPECT_FALSE(plain.contains("LookupAttributes"));
  EXPECT_FALSE(plain.contains("NextToken"));
}

TEST(LookupEvents, ParsesEventsAndTheirRecords) {
  auto parsed = parse_lookup_events(kBody);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->events.size(), 2u);
  const TrailEvent& e = parsed->events[0];
  EXPECT_EQ(e.event_name, "GetObject");
  EXPECT_EQ(e.event_time, "2025-12-05T00:00:00Z");
  EXPECT_EQ(e.access_key_id, "AKIAQWERTYUIOPASDFGH");
  EXPECT_EQ(e.username, "legacy-deploy");
  EXPECT_EQ(e.identity_type, "IAMUser");
  EXPECT_EQ(e.account_id, "111122223333");
  EXPECT_EQ(e.aws_region, "eu-west-1");
  EXPECT_EQ(e.source_ip, "10.0.1.7");
  EXPECT_EQ(e.vpc_endpoint_id, "vpce-0123456789abcdef0");
  EXPECT_EQ(e.user_agent, "aws-cli/2.15.0");
  // Without a record: the summary fields only.
  EXPECT_EQ(parsed->events[1].event_time, "2025-12-04T00:00:00Z");
  EXPECT_TRUE(parsed->events[1].source_ip.empty());
  EXPECT_EQ(parsed->next_token, "page-2");
}

TEST(LookupEvents, RefusesMalformedAnswersNamingTheField) {
  for (const char* body :
       {R"({"Events":[{"EventName":"x","EventTime":1}]})", R"({"Events":[{"EventId":"a","EventTime":"yesterday"}]})",
        R"({"Events":[{"EventId":"a","EventTime":1,"CloudTrailEvent":"not json"}]})", R"({"Events":{}})", R"([])", "{",
        R"({"Events":[{"EventId":"a","EventTime":17648922800}]})",  // beyond the clock (fuzz)
        R"({"Events":[{"EventId":"a","EventTime":1e300}]})", R"({"Events":[{"EventId":"a","EventTime":-1}]})"}) {
    auto parsed = parse_lookup_events(body);
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kParse) << body;
    EXPECT_NE(parsed.error().message.find("cloudtrail:LookupEvents"), std::string::npos) << parsed.error().message;
  }
  auto empty = parse_lookup_events("{}");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->events.empty());
}

}  // namespace
}  // namespace rolecall::aws::cloudtrail

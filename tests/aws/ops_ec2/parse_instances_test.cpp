#include <gtest/gtest.h>

#include <string>

#include "aws/ops/ec2_instances.h"
#include "bench/parse_describe_instances/baseline_walk.h"
#include "bench/parse_describe_instances/generate_page.h"
#include "support/files.h"

namespace rolecall::aws::ec2 {
namespace {

using rolecall::testing::aws_fixture;

TEST(ParseDescribeInstances, FirstPageFields) {
  auto r = parse_describe_instances(aws_fixture("ec2/describe_instances_page1.xml"), "eu-west-1");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->request_id, "8f7724cf-496f-496e-8fe3-example");
  EXPECT_EQ(r->next_token, "eyJ2IjoiMiIsImMiOiJwYWdlMiJ9");
  ASSERT_EQ(r->instances.size(), 3u);

  const Instance& a = r->instances[0];
  EXPECT_EQ(a.id, "i-1234567890abcdef0");
  EXPECT_EQ(a.account_id, "123456789012");
  EXPECT_EQ(a.region, "eu-west-1");
  EXPECT_EQ(a.state, "running");
  EXPECT_EQ(a.instance_type, "t2.micro");
  EXPECT_EQ(a.profile_arn, "arn:aws:iam::123456789012:instance-profile/AdminRole");
  EXPECT_EQ(a.profile_id, "ABCAJEDNCAA64SSD123AB");
  EXPECT_EQ(a.launch_time, "2018-05-08T16:46:19.000Z");
  EXPECT_EQ(a.root_device_type, "ebs");
  EXPECT_EQ(a.metadata.http_tokens, "required");
  EXPECT_EQ(a.metadata.http_endpoint, "enabled");
  EXPECT_EQ(a.metadata.http_put_response_hop_limit, 2);
  ASSERT_EQ(a.tags.size(), 3u);
  EXPECT_EQ(a.tags[0].key, "Name");
  EXPECT_EQ(a.tags[0].value, "Server_1 & friends <prod>");  // entities decoded
  EXPECT_EQ(a.tag("Name"), "Server_1 & friends <prod>");
  EXPECT_EQ(a.launch_template_id, "lt-0abcd290751193123");
  EXPECT_EQ(a.launch_template_version, "3");
  EXPECT_FALSE(a.user_data.has_value());

  const Instance& b = r->instances[1];
  EXPECT_EQ(b.id, "i-0598c7d356eba48d7");
  EXPECT_EQ(b.state, "stopped");
  EXPECT_EQ(b.instance_type, "m5.large");
  EXPECT_EQ(b.profile_arn, "");
  EXPECT_EQ(b.profile_id, "");
  EXPECT_EQ(b.root_device_type, "instance-store");
  EXPECT_EQ(b.metadata.http_tokens, "optional");
  EXPECT_EQ(b.metadata.http_endpoint, "disabled");
  EXPECT_EQ(b.metadata.http_put_response_hop_limit, 1);
  EXPECT_TRUE(b.tags.empty());
  EXPECT_EQ(b.launch_template_id, "");

  const Instance& c = r->instances[2];
  EXPECT_EQ(c.id, "i-0aaaabbbbccccdddd");
  EXPECT_EQ(c.account_id, "210987654321");  // second reservation's owner
  EXPECT_EQ(c.state, "pending");
  ASSERT_EQ(c.tags.size(), 1u);
  EXPECT_EQ(c.tags[0].key, "Owner");
  EXPECT_EQ(c.tags[0].value, "");
  // No metadataOptions element: the model's defaults stand.
  EXPECT_EQ(c.metadata.http_tokens, "optional");
  EXPECT_EQ(c.metadata.http_put_response_hop_limit, 1);
}

TEST(ParseDescribeInstances, LastAndEmptyPages) {
  auto p2 = parse_describe_instances(aws_fixture("ec2/describe_instances_page2.xml"), "us-east-1");
  ASSERT_TRUE(p2);
  EXPECT_EQ(p2->next_token, "");
  ASSERT_EQ(p2->instances.size(), 1u);
  EXPECT_EQ(p2->instances[0].profile_arn, "arn:aws:iam::123456789012:instance-profile/web/WebProfile");

  auto empty = parse_describe_instances(aws_fixture("ec2/describe_instances_empty.xml"), "us-east-1");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->instances.empty());
  EXPECT_EQ(empty->request_id, "e7f9a3c1-empty-example");
}

TEST(ParseDescribeInstances, EveryTruncationIsACleanParseError) {
  const std::string full = aws_fixture("ec2/describe_instances_page1.xml");
  // The closing tag is the last thing: every strict prefix that cuts into the document is broken.
  const std::size_t end = full.rfind("</DescribeInstancesResponse>");
  for (std::size_t n = 0; n < end; n += 13) {
    auto r = parse_describe_instances(full.substr(0, n), "eu-west-1");
    ASSERT_FALSE(r) << "prefix of " << n << " bytes parsed";
    EXPECT_EQ(r.error().kind, ErrorKind::kParse);
    EXPECT_NE(r.error().message.find("DescribeInstances"), std::string::npos) << r.error().message;
  }
}

TEST(ParseDescribeInstances, WrongDocumentsAreParseErrors) {
  for (const char* body : {"<Response><Errors><Error><Code>X</Code></Error></Errors></Response>",
                           "<html><body>proxy error</body></html>", "{\"reservationSet\":[]}", "\xff\xfe\x00",
                           "<DescribeInstancesResponse><reservationSet><item><instancesSet><item>"
                           "<instanceType>t2.micro</instanceType></item></instancesSet></item></reservationSet>"
                           "</DescribeInstancesResponse>"}) {
    auto r = parse_describe_instances(body, "us-east-1");
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().kind, ErrorKind::kParse) << body;
  }
}

TEST(ParseDescribeInstances, OddButValidContentIsTolerated) {
  auto r = parse_describe_instances(
      "<DescribeInstancesResponse><reservationSet><item><instancesSet>"
      "<item><instanceId>i-1</instanceId><metadataOptions><httpPutResponseHopLimit>lots</httpPutResponseHopLimit>"
      "</metadataOptions><tagSet><item><key>k</key></item></tagSet><unknownNewField><x/></unknownNewField></item>"
      "</instancesSet></item></reservationSet></DescribeInstancesResponse>",
      "us-east-1");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->instances.size(), 1u);
  EXPECT_EQ(r->instances[0].metadata.http_put_response_hop_limit, 1);  // unparsable: default kept
  ASSERT_EQ(r->instances[0].tags.size(), 1u);
  EXPECT_EQ(r->instances[0].tags[0].value, "");
}

// The fast parser must extract exactly what the straightforward DOM walk extracts.
TEST(ParseDescribeInstances, MatchesBaselineWalkOnGeneratedPage) {
  const std::string body = rolecall::bench::describe_instances_page(257, "tok");
  auto baseline = rolecall::bench::baseline_dom_walk(body, "ap-south-1");
  auto ours = parse_describe_instances(body, "ap-south-1");
  ASSERT_TRUE(ours);
  EXPECT_EQ(ours->next_token, "tok");
  ASSERT_EQ(ours->instances.size(), 257u);
  ASSERT_EQ(baseline.size(), 257u);
  int with_profile = 0;
  int from_template = 0;
  for (std::size_t i = 0; i < baseline.size(); ++i) {
    const Instance& x = ours->instances[i];
    const Instance& y = baseline[i];
    SCOPED_TRACE(y.id);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.account_id, y.account_id);
    EXPECT_EQ(x.region, y.region);
    EXPECT_EQ(x.state, y.state);
    EXPECT_EQ(x.instance_type, y.instance_type);
    EXPECT_EQ(x.profile_arn, y.profile_arn);
    EXPECT_EQ(x.profile_id, y.profile_id);
    EXPECT_EQ(x.launch_template_id, y.launch_template_id);
    EXPECT_EQ(x.launch_template_version, y.launch_template_version);
    EXPECT_EQ(x.root_device_type, y.root_device_type);
    EXPECT_EQ(x.launch_time, y.launch_time);
    EXPECT_EQ(x.metadata.http_tokens, y.metadata.http_tokens);
    EXPECT_EQ(x.metadata.http_endpoint, y.metadata.http_endpoint);
    EXPECT_EQ(x.metadata.http_put_response_hop_limit, y.metadata.http_put_response_hop_limit);
    ASSERT_EQ(x.tags.size(), y.tags.size());
    for (std::size_t t = 0; t < x.tags.size(); ++t) {
      EXPECT_EQ(x.tags[t].key, y.tags[t].key);
      EXPECT_EQ(x.tags[t].value, y.tags[t].value);
    }
    with_profile += !x.profile_arn.empty();
    from_template += !x.launch_template_id.empty();
  }
  // The generated page exercises both branches of each optional element.
  EXPECT_GT(with_profile, 0);
  EXPECT_LT(with_profile, 257);
  EXPECT_GT(from_template, 0);
}

TEST(GeneratedPage, IsAboutThreeMegabytesForAThousandInstances) {
  std::string body = rolecall::bench::describe_instances_page(1000);
  EXPECT_GT(body.size(), 2'500'000u);
  EXPECT_LT(body.size(), 4'000'000u);
}

}  // namespace
}  // namespace rolecall::aws::ec2

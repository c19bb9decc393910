// Reading Query-protocol responses (aws/ops/query_xml.h): the root and result checks, list members,
// IAM Marker pages and EC2 page headers, with errors naming the operation.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "aws/ops/query_xml.h"

namespace rolecall::aws::ops {
namespace {

Result<std::string> read_name(const QueryXml& xml, pugi::xml_node node, std::string_view where) {
  return required_text(xml, node, "Name", where);
}

TEST(QueryXml, ParseChecksTheRootAndNamesTheOperation) {
  auto wrong = QueryXml::parse(std::string_view("<OtherResponse/>"), "iam:GetRole", "GetRole");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::kParse);
  EXPECT_EQ(wrong.error().message.rfind("iam:GetRole: ", 0), 0u) << wrong.error().message;
  auto malformed = QueryXml::parse(std::string("<GetRoleResponse>"), "iam:GetRole", "GetRole");
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().kind, ErrorKind::kParse);
}

TEST(QueryXml, ParseResultRequiresTheResultElement) {
  auto none = QueryXml::parse_result("<GetRoleResponse/>", "iam:GetRole", "GetRole");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "iam:GetRole: response lacks GetRoleResult");
  auto ok = QueryXml::parse_result(
      "<GetRoleResponse><GetRoleResult><X>1</X></GetRoleResult>"
      "<ResponseMetadata><RequestId>r-9</RequestId></ResponseMetadata></GetRoleResponse>",
      "iam:GetRole", "GetRole");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(xml::child_string(ok->result(), "X"), "1");
  EXPECT_EQ(ok->request_id(), "r-9");
  EXPECT_EQ(std::string(ok->root().name()), "GetRoleResponse");
}

TEST(QueryXml, ReadMembersNamesTheFailingMember) {
  auto xml = QueryXml::parse_result(
      "<ListResponse><ListResult><Items><member><Name>a</Name></member><member><Name>b</Name></member>"
      "</Items><Bad><member><Name>a</Name></member><member/></Bad></ListResult></ListResponse>",
      "iam:List", "List");
  ASSERT_TRUE(xml) << xml.error().message;
  std::vector<std::string> names;
  ASSERT_TRUE(read_members(*xml, xml->result(), "Items", names, read_name));
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b"}));
  std::vector<std::string> partial;
  auto bad = read_members(*xml, xml->result(), "Bad", partial, read_name);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "iam:List: response lacks Bad/member[2]/Name");
}

struct MarkerPage {
  bool is_truncated = false;
  std::string marker;
};

TEST(QueryXml, PageMarkerIntoAPage) {
  auto xml = QueryXml::parse_result(
      "<ListResponse><ListResult><IsTruncated>true</IsTruncated><Marker>m2</Marker></ListResult></ListResponse>",
      "iam:List", "List");
  ASSERT_TRUE(xml);
  MarkerPage page;
  ASSERT_TRUE(read_page_marker_into(*xml, xml->result(), page));
  EXPECT_TRUE(page.is_truncated);
  EXPECT_EQ(page.marker, "m2");
  auto lost = QueryXml::parse_result(
      "<ListResponse><ListResult><IsTruncated>true</IsTruncated></ListResult></ListResponse>", "iam:List", "List");
  ASSERT_TRUE(lost);
  auto bad = read_page_marker_into(*lost, lost->result(), page);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "iam:List: IsTruncated is true but Marker is missing");
}

struct Ec2Page {
  std::string next_token;
  std::string request_id;
};

TEST(QueryXml, Ec2PageHeader) {
  Ec2Page page;
  auto xml = ec2::parse_page(
      "<DescribeThingsResponse><requestId>q-1</requestId><nextToken>n=</nextToken><things/></DescribeThingsResponse>",
      "DescribeThings", page);
  ASSERT_TRUE(xml) << xml.error().message;
  EXPECT_EQ(page.request_id, "q-1");
  EXPECT_EQ(page.next_token, "n=");
  EXPECT_TRUE(xml->root().child("things"));
  Ec2Page other;
  auto wrong = ec2::parse_page("<OtherResponse/>", "DescribeThings", other);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message.rfind("DescribeThings: ", 0), 0u) << wrong.error().message;
}

}  // namespace
}  // namespace rolecall::aws::ops

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "aws/protocol/json11.h"
#include "aws/protocol/xml.h"

namespace rolecall::aws {
namespace {

constexpr const char* kIamList = R"(<ListInstanceProfilesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <ListInstanceProfilesResult>
    <IsTruncated>true</IsTruncated>
    <Marker>bWFya2Vy</Marker>
    <InstanceProfiles>
      <member><InstanceProfileName>a</InstanceProfileName></member>
      <member><InstanceProfileName>b &amp; c</InstanceProfileName></member>
    </InstanceProfiles>
    <Names><member>x</member><member>y</member></Names>
  </ListInstanceProfilesResult>
  <ResponseMetadata>
    <RequestId>fd74fa8d-99f3-11e1-a4c3-27EXAMPLE804</RequestId>
  </ResponseMetadata>
</ListInstanceProfilesResponse>)";

TEST(XmlDocument, ParsesAndReadsIamShapes) {
  auto doc = xml::Document::parse(kIamList, "ListInstanceProfiles");
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_TRUE(xml::expect_root(*doc, "ListInstanceProfilesResponse", "ListInstanceProfiles"));
  pugi::xml_node result = xml::result_node(doc->root(), "ListInstanceProfiles");
  ASSERT_TRUE(result);
  EXPECT_TRUE(xml::child_bool(result, "IsTruncated"));
  EXPECT_EQ(xml::child_text(result, "Marker"), "bWFya2Vy");
  auto members = xml::members(result, "InstanceProfiles");
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(xml::child_string(members[1], "InstanceProfileName"), "b & c");
  EXPECT_EQ(xml::member_strings(result, "Names"), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(xml::request_id(doc->root()), "fd74fa8d-99f3-11e1-a4c3-27EXAMPLE804");
}

TEST(XmlDocument, Ec2ItemsAndLowercaseRequestId) {
  auto doc = xml::Document::parse(
      "<R><requestId>req-1</requestId><set><item>1</item><other/><item>2</item></set><n>42</n><bad>4x</bad>"
      "<t>TRUE</t><f>yes</f></R>",
      "Test");
  ASSERT_TRUE(doc);
  EXPECT_EQ(xml::request_id(doc->root()), "req-1");
  EXPECT_EQ(xml::item_strings(doc->root(), "set"), (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(xml::items(doc->root(), "absent").empty());
  EXPECT_EQ(xml::child_int(doc->root(), "n"), 42);
  EXPECT_EQ(xml::child_int(doc->root(), "bad", -1), -1);
  EXPECT_EQ(xml::child_int(doc->root(), "absent", 7), 7);
  EXPECT_TRUE(xml::child_bool(doc->root(), "t"));
  EXPECT_FALSE(xml::child_bool(doc->root(), "f"));
  EXPECT_FALSE(xml::child_bool(doc->root(), "absent"));
  EXPECT_EQ(xml::path_text(doc->root(), {"set", "item"}), "1");
  EXPECT_EQ(xml::path_text(doc->root(), {"set", "nope", "x"}), "");
  EXPECT_EQ(xml::child_text(pugi::xml_node(), "x"), "");
}

TEST(XmlDocument, ErrorsNameTheOperation) {
  for (const char* body : {"", "<a>", "<a></b>", "not xml at all", "<a><b>text</a>", "<?xml version=\"1.0\"?>"}) {
    auto doc = xml::Document::parse(body, "DescribeThings");
    ASSERT_FALSE(doc) << body;
    EXPECT_EQ(doc.error().kind, ErrorKind::kParse) << body;
    EXPECT_NE(doc.error().message.find("DescribeThings"), std::string::npos) << doc.error().message;
  }
}

TEST(XmlDocument, WrongRootIsAParseError) {
  auto doc = xml::Document::parse("<Other/>", "X");
  ASSERT_TRUE(doc);
  auto r = xml::expect_root(*doc, "XResponse", "X");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
  EXPECT_NE(r.error().message.find("<Other>"), std::string::npos);
}

TEST(XmlDocument, CopiesShareTheTreeSafely) {
  xml::Document copy = [] {
    auto doc = xml::Document::parse("<R><v>short</v></R>", "X");  // small: would sit in a string's SSO buffer
    EXPECT_TRUE(doc);
    return *doc;
  }();
  EXPECT_EQ(xml::child_text(copy.root(), "v"), "short");
}

TEST(Json11, ParseAndLookups) {
  auto j = json11::parse(R"({"s":"x","i":5,"f":2.9,"b":true,"a":[1],"o":{"k":"v"},"n":null})", "ListAccounts");
  ASSERT_TRUE(j);
  EXPECT_EQ(json11::get_string(*j, "s"), "x");
  EXPECT_EQ(json11::get_string(*j, "i"), "");
  EXPECT_EQ(json11::get_int(*j, "i"), 5);
  EXPECT_EQ(json11::get_int(*j, "f"), 2);
  EXPECT_EQ(json11::get_int(*j, "s", -1), -1);
  EXPECT_TRUE(json11::get_bool(*j, "b"));
  EXPECT_TRUE(json11::get_bool(*j, "absent", true));
  EXPECT_EQ(json11::get_array(*j, "a").size(), 1u);
  EXPECT_TRUE(json11::get_array(*j, "o").empty());
  EXPECT_EQ(json11::get_string(json11::get_object(*j, "o"), "k"), "v");
  EXPECT_TRUE(json11::get_object(*j, "n").empty());
  EXPECT_EQ(json11::get_string(nlohmann::json::array(), "s"), "");
}

TEST(Json11, MalformedIsAnErrorNamingTheOperation) {
  for (const char* body : {"", "{", "{\"a\":}", "[1,", "nul", "{\"a\":1} trailing"}) {
    auto j = json11::parse(body, "ListAccounts");
    ASSERT_FALSE(j) << body;
    EXPECT_EQ(j.error().kind, ErrorKind::kParse);
    EXPECT_NE(j.error().message.find("ListAccounts"), std::string::npos);
  }
}

TEST(Json11, NumberBeyondADoubleIsAnErrorNotAnAbort) {
  auto j = json11::parse(R"({"Accounts":[],"NextToken":1e400})", "ListAccounts");
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().kind, ErrorKind::kParse);
  EXPECT_EQ(j.error().message.rfind("ListAccounts response: malformed JSON at byte offset", 0), 0u)
      << j.error().message;
}

TEST(Json11, GetIntSaturatesNumbersOutsideLongLong) {
  auto j = json11::parse(R"({"big":1e300,"small":-1e300,"u":18446744073709551615,"x":-3.5})", "X");
  ASSERT_TRUE(j);
  EXPECT_EQ(json11::get_int(*j, "big"), std::numeric_limits<long long>::max());
  EXPECT_EQ(json11::get_int(*j, "small"), std::numeric_limits<long long>::min());
  EXPECT_EQ(json11::get_int(*j, "u"), std::numeric_limits<long long>::max());
  EXPECT_EQ(json11::get_int(*j, "x"), -3);
}

}  // namespace
}  // namespace rolecall::aws

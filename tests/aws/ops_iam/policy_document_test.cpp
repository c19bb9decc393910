#include "aws/ops/policy_document.h"

#include <gtest/gtest.h>

namespace rolecall::aws {
namespace {

TEST(PolicyDocument, DecodesRfc3986PercentEncoding) {
  auto decoded = decode_policy_document("%7B%22Version%22%3A%222012-10-17%22%7D", "test");
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, R"({"Version":"2012-10-17"})");
}

TEST(PolicyDocument, PlusIsLiteralNotSpace) {
  auto decoded = decode_policy_document("a+b%2Bc%20d", "test");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, "a+b+c d");
}

TEST(PolicyDocument, LowercaseHexAndMultibyteUtf8) {
  auto decoded = decode_policy_document("%c3%a9t%C3%A9", "test");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, "\xc3\xa9t\xc3\xa9");
}

TEST(PolicyDocument, PlainJsonPassesThrough) {
  const std::string json = R"({"Statement":[{"Effect":"Allow","Action":"s3:*"}]})";
  auto decoded = decode_policy_document(json, "test");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, json);
}

TEST(PolicyDocument, EmptyIsEmpty) {
  auto decoded = decode_policy_document("", "test");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, "");
}

TEST(PolicyDocument, PrettyPrintedDocumentRoundTrips) {
  // Newlines and indentation survive decoding byte for byte.
  auto decoded = decode_policy_document("%7B%0A%20%20%22Version%22%3A%20%222012-10-17%22%0A%7D", "test");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, "{\n  \"Version\": \"2012-10-17\"\n}");
}

TEST(PolicyDocument, BadEscapesFailNamingTheInput) {
  for (const char* bad : {"%", "%4", "abc%zz", "%G0", "%%"}) {
    auto decoded = decode_policy_document(bad, "role web AssumeRolePolicyDocument");
    ASSERT_FALSE(decoded) << bad;
    EXPECT_EQ(decoded.error().kind, ErrorKind::kParse);
    EXPECT_NE(decoded.error().message.find("role web AssumeRolePolicyDocument"), std::string::npos);
  }
}

TEST(PolicyDocument, BadEscapeErrorsGiveTheOffsetOfThePercent) {
  for (const auto& [input, offset] : std::vector<std::pair<std::string, std::string>>{
           {"abc%zz", "offset 3"}, {"%7B%2", "offset 3"}, {"trailing%", "offset 8"}}) {
    auto decoded = decode_policy_document(input, "test");
    ASSERT_FALSE(decoded) << input;
    EXPECT_NE(decoded.error().message.find(offset), std::string::npos) << input << ": " << decoded.error().message;
  }
}

}  // namespace
}  // namespace rolecall::aws

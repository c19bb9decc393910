// The one parser of untrusted JSON: every failure is an error value naming the input and the place.
#include "base/untrusted_json.h"

#include <gtest/gtest.h>

#include <string>

namespace rolecall::base {
namespace {

TEST(UntrustedJson, ParsesDocuments) {
  auto doc = parse_untrusted_json(R"({"a": [1, 2.5, "x", null, true], "b": {"c": {}}, "d": 18446744073709551615})",
                                  "doc.json");
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ((*doc)["a"].size(), 5u);
  EXPECT_EQ((*doc)["a"][2], "x");
  EXPECT_DOUBLE_EQ((*doc)["a"][1].get<double>(), 2.5);
  EXPECT_TRUE((*doc)["b"]["c"].is_object());
  EXPECT_TRUE((*doc)["d"].is_number_unsigned());
  EXPECT_EQ(*parse_untrusted_json("42", "n"), nlohmann::json(42));
  EXPECT_EQ(*parse_untrusted_json(R"([[1], [2, [3]]])", "n"), nlohmann::json::parse("[[1],[2,[3]]]"));
}

TEST(UntrustedJson, RepeatedKeyKeepsTheLastAsNlohmannDoes) {
  auto doc = parse_untrusted_json(R"({"a": 1, "a": {"b": 2}})", "dup");
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ((*doc)["a"]["b"], 2);
}

TEST(UntrustedJson, NumberBeyondADoubleIsAnErrorNamingInputAndPlace) {
  auto doc = parse_untrusted_json("{\n  \"Version\": 1e400\n}", "credential_process output of profile dev");
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().kind, ErrorKind::kParse);
  const std::string& m = doc.error().message;
  EXPECT_EQ(m.rfind("credential_process output of profile dev: malformed JSON at byte offset", 0), 0u) << m;
  EXPECT_NE(m.find("byte offset 15 of 22 (line 2, column 14)"), std::string::npos) << m;  // where 1e400 starts
  EXPECT_NE(m.find("beyond the range of a double"), std::string::npos) << m;
  EXPECT_FALSE(parse_untrusted_json("-1e400", "x").has_value());
  EXPECT_FALSE(parse_untrusted_json("[1e999999999]", "x").has_value());
}

TEST(UntrustedJson, TruncatedInputSaysWhere) {
  auto doc = parse_untrusted_json(R"({"a": [1, 2)", "cut.json");
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(
      doc.error().message.rfind("cut.json: malformed JSON at byte offset 11 of 11 (truncated?) (line 1, column 12)", 0),
      0u)
      << doc.error().message;
}

TEST(UntrustedJson, NeverQuotesTheInput) {
  // A credential in a malformed document must not reach the message (nlohmann quotes the last token).
  auto doc = parse_untrusted_json(R"({"SecretAccessKey": wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY})", "creds");
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().message.find("wJalr"), std::string::npos) << doc.error().message;
  EXPECT_NE(doc.error().message.find("invalid literal"), std::string::npos) << doc.error().message;
}

TEST(UntrustedJson, InvalidUtf8AndControlCharactersAreErrors) {
  EXPECT_FALSE(parse_untrusted_json("{\"a\": \"\xff\"}", "x").has_value());
  EXPECT_FALSE(parse_untrusted_json("{\"a\": \"\x01\"}", "x").has_value());
}

TEST(UntrustedJson, EmptyInputIsAnError) {
  for (const char* text : {"", "  \n\t "}) {
    auto doc = parse_untrusted_json(text, "plan.json");
    ASSERT_FALSE(doc.has_value());
    EXPECT_EQ(doc.error().kind, ErrorKind::kParse);
    EXPECT_EQ(doc.error().message, "plan.json: empty, not a JSON document");
  }
}

TEST(UntrustedJson, TrailingGarbageIsAnError) {
  auto doc = parse_untrusted_json("{} {}", "x");
  ASSERT_FALSE(doc.has_value());
  EXPECT_NE(doc.error().message.find("byte offset 3 of 5"), std::string::npos) << doc.error().message;
}

TEST(UntrustedJson, DeepNestingIsRefused) {
  const std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(parse_untrusted_json(ok, "x").has_value());
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto doc = parse_untrusted_json(deep, "deep.json");
  ASSERT_FALSE(doc.has_value());
  EXPECT_NE(doc.error().message.find("deep.json: malformed JSON: nested deeper than"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::base

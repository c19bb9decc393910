// The one JSON writer: invalid UTF-8 is replaced, never thrown.
#include "base/json_text.h"

#include <gtest/gtest.h>

namespace rolecall::base {
namespace {

TEST(JsonText, ReplacesInvalidUtf8) {
  nlohmann::json doc{{"name", std::string("a\xff"
                                          "b")},
                     {"list", {std::string("\xc3")}}};
  EXPECT_THROW((void)doc.dump(), nlohmann::json::type_error);  // what every writer did before
  EXPECT_EQ(json_text(doc),
            "{\"list\":[\"\xEF\xBF\xBD\"],\"name\":\"a\xEF\xBF\xBD"
            "b\"}");
}

TEST(JsonText, Indents) {
  nlohmann::json doc{{"a", 1}};
  EXPECT_EQ(json_text(doc, 2), "{\n  \"a\": 1\n}");
  EXPECT_EQ(json_text(doc), "{\"a\":1}");
}

TEST(JsonText, OrderedDocumentsToo) {
  nlohmann::ordered_json doc{{"z", std::string("\xff")}, {"a", 1}};
  EXPECT_EQ(json_text(doc), "{\"z\":\"\xEF\xBF\xBD\",\"a\":1}");
}

}  // namespace
}  // namespace rolecall::base

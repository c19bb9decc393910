// XML and HTML escaping: the five characters, and nothing else.
#include "base/markup_escape.h"

#include <gtest/gtest.h>

namespace rolecall::base {
namespace {

TEST(EscapeMarkup, EscapesTheFiveCharacters) {
  EXPECT_EQ(escape_markup(R"(<a href="x">Tom & Jerry's</a>)", Markup::kXml),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;");
  EXPECT_EQ(escape_markup(R"(<a href="x">Tom & Jerry's</a>)", Markup::kHtml),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
}

TEST(EscapeMarkup, LeavesEverythingElse) {
  EXPECT_EQ(escape_markup("", Markup::kXml), "");
  EXPECT_EQ(escape_markup("plain text, \xC3\xA9, \t\n", Markup::kHtml), "plain text, \xC3\xA9, \t\n");
  EXPECT_EQ(escape_markup(std::string_view("a\0b", 3), Markup::kXml), std::string("a\0b", 3));
  EXPECT_EQ(escape_markup("&&", Markup::kXml), "&amp;&amp;");
  EXPECT_EQ(escape_markup("&amp;", Markup::kXml), "&amp;amp;");  // escaping is not idempotent, on purpose
}

TEST(EscapeMarkup, AppendsToWhatIsThere) {
  std::string out = "<v>";
  escape_markup_into(out, "1 < 2", Markup::kXml);
  out += "</v>";
  EXPECT_EQ(out, "<v>1 &lt; 2</v>");
}

}  // namespace
}  // namespace rolecall::base

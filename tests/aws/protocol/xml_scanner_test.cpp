#include "aws/protocol/xml_scanner.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rolecall::aws::xml {
namespace {

// Reads <R><a>..</a>...</R> into name=text pairs with the scanner; "ERR: ..." on failure.
std::vector<std::string> leaves(std::string_view doc) {
  std::vector<std::string> out;
  Scanner s(doc);
  std::string text;
  if (!s.next()) return {"ERR: " + s.error()};
  bool ok = s.for_each_child([&] {
    std::string name(s.name());
    if (!s.read_text(text)) return false;
    out.push_back(name + "=" + text);
    return true;
  });
  if (!ok || !s.finished()) return {"ERR: " + s.error()};
  return out;
}

TEST(XmlScanner, ReadsLeavesWithEntitiesCdataAndComments) {
  auto got = leaves(
      "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c --><R xmlns=\"http://x/\" a='1>2'>\n"
      "  <a>plain</a>\n  <b>x &amp; y &lt;z&gt; &quot;q&quot; &apos;s&apos;</b>\n"
      "  <c>&#65;&#x42;&#xe9;&#x1F511;</c>\n  <d><![CDATA[<raw> & stuff]]></d>\n"
      "  <e/>\n  <f>a<!-- note -->b<?pi x?>c</f>\n  <g>before<child>ignored<x/></child>after</g>\n"
      "  <h>&unknown; &amp &#0; &#xD800;</h>\n</R>\n<!-- trailing -->\n");
  std::vector<std::string> want = {
      "a=plain", "b=x & y <z> \"q\" 's'", "c=AB\xC3\xA9\xF0\x9F\x94\x91",  "d=<raw> & stuff", "e=",
      "f=abc",   "g=beforeafter",         "h=&unknown; &amp &#0; &#xD800;"};
  EXPECT_EQ(got, want);
}

TEST(XmlScanner, SkipValidatesNesting) {
  Scanner s("<R><skip><a><b/></a><c>t</c></skip><keep>v</keep></R>");
  ASSERT_TRUE(s.next());
  std::string keep;
  ASSERT_TRUE(s.for_each_child([&] { return s.name() == "keep" ? s.read_text(keep) : s.skip(); }));
  EXPECT_TRUE(s.finished());
  EXPECT_EQ(keep, "v");
}

TEST(XmlScanner, RejectsMalformedDocuments) {
  const char* bad[] = {
      "",
      "   ",
      "just text",
      "<R>",
      "<R><a>text</a>",
      "<R><a>text</b></R>",
      "<R></R><R></R>",
      "<R></R>trailing",
      "junk<R></R>",
      "<R><a x=\"unterminated></a></R>",
      "<R><!-- never closed </R>",
      "<R><![CDATA[ never closed </R>",
      "<R><a>x</a></R",
      "<R><a",
      "<R></a></R>",
      "</R>",
      "<R><a/ ></R>",
      "<><a/></>",
      "<R><a <b>x</b></a></R>",
      "<?xml version=\"1.0\"",
      "<R><!weird></R>",
      "<![CDATA[x]]><R/>",
  };
  for (const char* doc : bad) {
    auto got = leaves(doc);
    ASSERT_EQ(got.size(), 1u) << doc;
    EXPECT_EQ(got[0].rfind("ERR: ", 0), 0u) << doc << " -> " << got[0];
    EXPECT_GT(got[0].size(), 5u) << "error has no text: " << doc;
  }
}

TEST(XmlScanner, ErrorsSayWhereAndWhat) {
  auto got = leaves("<R><a>x</b></R>");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].find("mismatched end tag </b>, expected </a>"), std::string::npos) << got[0];
  EXPECT_NE(got[0].find("offset"), std::string::npos);
  auto trunc = leaves("<R><a>x</a><b>");
  EXPECT_NE(trunc[0].find("truncated"), std::string::npos) << trunc[0];
}

TEST(XmlScanner, DepthIsBounded) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  Scanner s(deep);
  while (s.next()) {
  }
  EXPECT_TRUE(s.failed());
  EXPECT_NE(s.error().find("deep"), std::string::npos) << s.error();
}

TEST(XmlScanner, DoctypeIsSkippedNotExpanded) {
  auto got = leaves("<!DOCTYPE R [<!ENTITY x \"boom\"> <!ELEMENT R ANY>]><R><a>&x;</a></R>");
  EXPECT_EQ(got, (std::vector<std::string>{"a=&x;"}));
}

TEST(XmlScanner, SelfClosingRootIsAWholeDocument) {
  Scanner s("<R/>");
  ASSERT_TRUE(s.next());
  EXPECT_TRUE(s.self_closing());
  EXPECT_TRUE(s.for_each_child([] { return false; }));
  EXPECT_TRUE(s.finished());
}

TEST(AppendDecoded, Basics) {
  std::string out = "pre:";
  append_decoded(out, "a&amp;b&#x20;c&bogus;&");
  EXPECT_EQ(out, "pre:a&b c&bogus;&");
}

}  // namespace
}  // namespace rolecall::aws::xml

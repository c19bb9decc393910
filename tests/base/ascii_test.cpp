// ASCII case folding: letters only, never other bytes, whatever the locale.
#include "base/ascii.h"

#include <gtest/gtest.h>

namespace rolecall::base {
namespace {

TEST(Ascii, ToLowerFoldsOnlyCapitals) {
  EXPECT_EQ(to_lower("Content-Type: AZaz09@[`{"), "content-type: azaz09@[`{");
  EXPECT_EQ(to_lower(""), "");
  EXPECT_EQ(to_lower("\xC3\x89T\xC3\x89"), "\xC3\x89t\xC3\x89");  // "ÉTÉ": UTF-8 bytes untouched
  static_assert(to_lower('Q') == 'q' && to_lower('q') == 'q' && to_lower('@') == '@' && to_lower('[') == '[');
}

TEST(Ascii, IEquals) {
  EXPECT_TRUE(iequals("X-Amz-Credential", "x-amz-credential"));
  EXPECT_TRUE(iequals("", ""));
  EXPECT_FALSE(iequals("true", "tru"));
  EXPECT_FALSE(iequals("@", "`"));  // 0x40 and 0x60 differ by the case bit but are not letters
}

TEST(Ascii, IStartsWith) {
  EXPECT_TRUE(istarts_with("Content-Type: text/plain", "content-type:"));
  EXPECT_TRUE(istarts_with("abc", ""));
  EXPECT_FALSE(istarts_with("Content", "content-type"));
  EXPECT_FALSE(istarts_with("MIME-Version", "mime-versio_"));
}

}  // namespace
}  // namespace rolecall::base

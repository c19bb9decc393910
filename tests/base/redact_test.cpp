// The one key-id redaction rule: first and last four characters, nothing of a short id.
#include "base/redact.h"

#include <gtest/gtest.h>

namespace rolecall::base {
namespace {

TEST(RedactKeyId, KeepsFirstAndLastFour) {
  EXPECT_EQ(redact_key_id("AKIAIOSFODNN7EXAMPLE"), "AKIA\u2026MPLE");
  EXPECT_EQ(redact_key_id("ASIAXXXXXXXXXXXXWXYZ"), "ASIA\u2026WXYZ");
  EXPECT_EQ(redact_key_id("ABCDEFGHIJKLMNOP"), "ABCD\u2026MNOP");  // the shortest id shown at all
}

TEST(RedactKeyId, MasksShortIdsFully) {
  EXPECT_EQ(redact_key_id("AKIA1234"), "****");
  EXPECT_EQ(redact_key_id("ABCDEFGHIJKLMNO"), "****");
  EXPECT_EQ(redact_key_id("short"), "****");
  EXPECT_EQ(redact_key_id("A"), "****");
  EXPECT_EQ(redact_key_id(""), "");
}

TEST(RedactKeyId, NeverShowsTheMiddle) {
  const std::string id = "AKIA" + std::string(12, 'Q') + "WXYZ";
  EXPECT_EQ(redact_key_id(id).find('Q'), std::string::npos);
}

}  // namespace
}  // namespace rolecall::base

#include <gtest/gtest.h>

#include "aws/credentials/credentials.h"
#include "aws/credentials/timestamp.h"

namespace rolecall::aws {
namespace {

// The rule itself is tested in tests/base/redact_test.cpp.
TEST(RedactKeyId, KeepsFirstAndLastFour) {
  Credentials c;
  c.access_key_id = "ASIAXXXXXXXXXXXXWXYZ";
  EXPECT_EQ(c.redacted_key_id(), "ASIA\u2026WXYZ");
}

// whoami's "(temporary)" label: by key prefix, so a long-term key with a stray token is not one.
TEST(Credentials, TemporaryByKeyPrefixNotByToken) {
  Credentials long_term{"AKIAXXXXXXXXXXXXWXYZ", "secret", "stray-token", std::nullopt, "environment"};
  EXPECT_FALSE(long_term.temporary());
  Credentials session{"ASIAXXXXXXXXXXXXWXYZ", "secret", "token", std::nullopt, "environment"};
  EXPECT_TRUE(session.temporary());
  session.session_token.clear();
  EXPECT_TRUE(session.temporary());
}

TEST(Iso8601, ParsesUtcOffsetsAndFractions) {
  using namespace std::chrono;
  auto base = parse_iso8601("2024-05-01T12:00:00Z", "t");
  ASSERT_TRUE(base.has_value());
  EXPECT_EQ(duration_cast<seconds>(base->time_since_epoch()).count(), 1714564800);
  auto frac = parse_iso8601("2024-05-01T12:00:00.123Z", "t");
  ASSERT_TRUE(frac.has_value());
  EXPECT_EQ(*frac, *base);
  auto offset = parse_iso8601("2024-05-01T14:00:00+02:00", "t");
  ASSERT_TRUE(offset.has_value());
  EXPECT_EQ(*offset, *base);
}

TEST(Iso8601, RejectsMalformedNamingTheInput) {
  for (const char* bad : {"", "2024-05-01", "2024-13-01T00:00:00Z", "2024-05-01T12:00:00", "2024-05-01T12:00:00Zjunk",
                          "2024-02-30T00:00:00Z"}) {
    auto r = parse_iso8601(bad, "Expiration of test");
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kParse);
    EXPECT_NE(r.error().message.find("Expiration of test"), std::string::npos);
  }
}

}  // namespace
}  // namespace rolecall::aws

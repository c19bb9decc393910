#include <gtest/gtest.h>

#include "aws/credentials/assume_role_provider.h"
#include "aws/credentials/caching_provider.h"
#include "aws/credentials/static_provider.h"
#include "aws/credentials/timestamp.h"
#include "fakes.h"

namespace rolecall::aws {
namespace {

using namespace std::chrono_literals;
using testing::FakeClock;
using testing::FakeSts;

// Counts calls and hands out credentials expiring `lifetime` after the clock's now.
class CountingProvider final : public CredentialsProvider {
 public:
  CountingProvider(const base::Clock& clock, std::optional<std::chrono::seconds> lifetime)
      : clock_(clock), lifetime_(lifetime) {}
  Result<Credentials> resolve() override {
    ++*calls;
    if (*failing) return fail(ErrorKind::kNetwork, "source down");
    Credentials c;
    c.access_key_id = "ASIACOUNT" + std::to_string(*calls) + "XXXXXXXXXX";
    c.secret_access_key = "s";
    if (lifetime_) c.expiration = clock_.now() + *lifetime_;
    return c;
  }
  std::string name() const override { return "counting"; }
  std::shared_ptr<int> calls = std::make_shared<int>(0);
  std::shared_ptr<bool> failing = std::make_shared<bool>(false);

 private:
  const base::Clock& clock_;
  std::optional<std::chrono::seconds> lifetime_;
};

TEST(CachingProvider, RefreshesWithinFiveMinutesOfExpiry) {
  FakeClock clock(testing::kTestNow);
  auto inner = std::make_unique<CountingProvider>(clock, 3600s);
  auto calls = inner->calls;
  CachingProvider cache(std::move(inner), clock);
  EXPECT_EQ(cache.name(), "counting");
  ASSERT_TRUE(cache.resolve().has_value());
  ASSERT_TRUE(cache.resolve().has_value());
  EXPECT_EQ(*calls, 1);
  clock.advance(3600s - 5min - 1s);  // just outside the window
  EXPECT_EQ(cache.resolve()->access_key_id, "ASIACOUNT1XXXXXXXXXX");
  EXPECT_EQ(*calls, 1);
  clock.advance(1s);  // exactly 5 minutes before expiry
  EXPECT_EQ(cache.resolve()->access_key_id, "ASIACOUNT2XXXXXXXXXX");
  EXPECT_EQ(*calls, 2);
}

TEST(CachingProvider, LongTermCredentialsAreKept) {
  FakeClock clock(testing::kTestNow);
  auto inner = std::make_unique<CountingProvider>(clock, std::nullopt);
  auto calls = inner->calls;
  CachingProvider cache(std::move(inner), clock);
  ASSERT_TRUE(cache.resolve().has_value());
  clock.advance(24h * 365);
  ASSERT_TRUE(cache.resolve().has_value());
  EXPECT_EQ(*calls, 1);
}

// Hands out credentials whose Expiration is the text `expiration`, read as credential sources are.
class FixedExpiryProvider final : public CredentialsProvider {
 public:
  explicit FixedExpiryProvider(std::string expiration) : expiration_(std::move(expiration)) {}
  Result<Credentials> resolve() override {
    ++*calls;
    auto when = parse_iso8601(expiration_, "Expiration");
    if (!when) return fail(when.error());
    Credentials c;
    c.access_key_id = "ASIAFIXEDXXXXXXXXXXX";
    c.secret_access_key = "s";
    c.expiration = *when;
    return c;
  }
  std::string name() const override { return "fixed"; }
  std::shared_ptr<int> calls = std::make_shared<int>(0);

 private:
  std::string expiration_;
};

TEST(CachingProvider, FarFutureExpiryDoesNotExpireInThisRun) {
  // Year 9999 is past system_clock's range: it saturates, and the credentials are resolved once.
  FakeClock clock(testing::kTestNow);
  auto inner = std::make_unique<FixedExpiryProvider>("9999-12-31T00:00:00Z");
  auto calls = inner->calls;
  CachingProvider cache(std::move(inner), clock);
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(cache.resolve().has_value());
    clock.advance(24h);
  }
  EXPECT_EQ(*calls, 1);
}

TEST(CachingProvider, FarPastExpiryIsExpiredWithoutOverflow) {
  // Year 1 saturates to time_point::min(): always expired, and min() - window must not be computed.
  FakeClock clock(testing::kTestNow);
  auto inner = std::make_unique<FixedExpiryProvider>("0001-01-01T00:00:00Z");
  auto calls = inner->calls;
  CachingProvider cache(std::move(inner), clock);
  ASSERT_TRUE(cache.resolve().has_value());
  ASSERT_TRUE(cache.resolve().has_value());
  EXPECT_EQ(*calls, 2);
}

TEST(CachingProvider, FailedRefreshUsesUnexpiredCredentialsThenFails) {
  FakeClock clock(testing::kTestNow);
  auto inner = std::make_unique<CountingProvider>(clock, 3600s);
  auto calls = inner->calls;
  auto failing = inner->failing;
  CachingProvider cache(std::move(inner), clock);
  ASSERT_TRUE(cache.resolve().has_value());
  *failing = true;
  clock.advance(3600s - 1min);
  auto stale = cache.resolve();
  ASSERT_TRUE(stale.has_value());
  EXPECT_EQ(stale->access_key_id, "ASIACOUNT1XXXXXXXXXX");
  EXPECT_EQ(*calls, 2);
  clock.advance(2min);  // now past expiry
  auto expired = cache.resolve();
  ASSERT_FALSE(expired.has_value());
  EXPECT_EQ(expired.error().message, "source down");
}

TEST(AssumeRoleProvider, UsesSourceAndCachesUntilNearExpiry) {
  FakeClock clock(testing::kTestNow);
  FakeSts sts;
  sts.expiration = clock.now() + 1h;
  Credentials base;
  base.access_key_id = "AKIAMGMTXXXXXXXXXXXX";
  base.secret_access_key = "mgmtsecret";
  auto source = std::make_shared<StaticProvider>(base, "management");
  AssumeRoleParams params;
  params.role_arn = "arn:aws:iam::222233334444:role/OrganizationAccountAccessRole";
  auto provider = make_assume_role_provider(source, params, sts, clock, "account 222233334444");
  auto creds = provider->resolve();
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->provider, "assume-role (account 222233334444)");
  EXPECT_EQ(sts.sources.at(0).access_key_id, "AKIAMGMTXXXXXXXXXXXX");
  EXPECT_EQ(sts.assume_calls.at(0).role_session_name, "rolecall-1700000000");
  ASSERT_TRUE(provider->resolve().has_value());
  EXPECT_EQ(sts.assume_calls.size(), 1u);
  clock.advance(56min);
  sts.expiration = clock.now() + 1h;
  ASSERT_TRUE(provider->resolve().has_value());
  EXPECT_EQ(sts.assume_calls.size(), 2u);
}

TEST(AssumeRoleProvider, ErrorsCarryTheRole) {
  FakeClock clock(testing::kTestNow);
  FakeSts sts;
  sts.assume_error = Error::service(ErrorKind::kAccessDenied, "AccessDenied", "denied", 403);
  Credentials base;
  base.access_key_id = "AKIAMGMTXXXXXXXXXXXX";
  base.secret_access_key = "mgmtsecret";
  AssumeRoleParams params;
  params.role_arn = "arn:aws:iam::1:role/R";
  AssumeRoleProvider provider(std::make_shared<StaticProvider>(base), params, sts, clock);
  auto creds = provider.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_EQ(creds.error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(creds.error().code, "AccessDenied");
  EXPECT_EQ(creds.error().message, "assume role arn:aws:iam::1:role/R: denied");

  AssumeRoleProvider no_source(std::make_shared<StaticProvider>(Credentials{}), params, sts, clock);
  EXPECT_FALSE(no_source.resolve().has_value());
}

TEST(ParseDurationSeconds, Bounds) {
  EXPECT_EQ(parse_duration_seconds("900", "d").value(), 900);
  EXPECT_EQ(parse_duration_seconds("43200", "d").value(), 43200);
  EXPECT_FALSE(parse_duration_seconds("899", "d").has_value());
  EXPECT_FALSE(parse_duration_seconds("43201", "d").has_value());
  EXPECT_FALSE(parse_duration_seconds("1h", "d").has_value());
  EXPECT_FALSE(parse_duration_seconds("", "d").has_value());
}

}  // namespace
}  // namespace rolecall::aws

// Role profiles with mfa_serial: the code comes from the injected source (a fake here), goes to
// AssumeRole with SerialNumber, and the session is cached in the CLI's layout so the next run
// does not ask; with no source and no cached session the run fails clearly.

#include <gtest/gtest.h>

#include "aws/credentials/profile_provider.h"
#include "fakes.h"

namespace rolecall::aws {
namespace {

using testing::FakeBlockingHttp;
using testing::FakeSts;
using namespace std::chrono_literals;

constexpr const char* kConfig =
    "[profile base]\naws_access_key_id = AKIABASEXXXXXXXXXXXX\naws_secret_access_key = basesecret\n"
    "[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/Admin\nsource_profile = base\n"
    "mfa_serial = arn:aws:iam::111122223333:mfa/alice\nduration_seconds = 3600\n";

class MfaProfileTest : public ::testing::Test {
 protected:
  MfaProfileTest() {
    env_.fake_clock().set_now(testing::kTestNow);
    env_.set("HOME", "/home/u");
    env_.add_file("/home/u/.aws/config", kConfig);
  }
  Result<Credentials> resolve(MfaCodeSource source) {
    ProfileProviderOptions options{ProfileChoice{"admin", "--profile", true}, env_, http_, sts_, "us-east-1"};
    options.mfa_code = std::move(source);
    return ProfileProvider(std::move(options)).resolve();
  }
  MfaCodeSource counting_source() {
    return [this](const std::string& serial) -> Result<std::string> {
      asked.push_back(serial);
      return std::string("654321");
    };
  }

  testing::FakeEnv env_;
  FakeBlockingHttp http_;
  FakeSts sts_;
  std::vector<std::string> asked;
  // botocore's key for {"DurationSeconds": 3600, "RoleArn": ..., "SerialNumber": ...} (generated session name).
  const std::string cache_ = "/home/u/.aws/cli/cache/e6ff8d5be8fbaf97473f0b9938e8fdbe847e885a.json";
};

TEST_F(MfaProfileTest, AsksOnceSendsTheCodeAndCachesTheSession) {
  auto creds = resolve(counting_source());
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  ASSERT_EQ(asked, std::vector<std::string>{"arn:aws:iam::111122223333:mfa/alice"});
  ASSERT_EQ(sts_.assume_calls.size(), 1u);
  EXPECT_EQ(sts_.assume_calls[0].serial_number, "arn:aws:iam::111122223333:mfa/alice");
  EXPECT_EQ(sts_.assume_calls[0].token_code, "654321");
  EXPECT_EQ(sts_.sources.at(0).access_key_id, "AKIABASEXXXXXXXXXXXX");

  const std::string& path = cache_;
  ASSERT_TRUE(env_.file(path).has_value());
  EXPECT_EQ(env_.file_access(path), base::Access::kOwnerOnly);
  EXPECT_EQ(env_.file(path)->find("654321"), std::string::npos);  // the code is not stored

  // The next run: no prompt, no STS call, even with nobody to ask.
  auto again = resolve(MfaCodeSource{});
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(again->access_key_id, creds->access_key_id);
  EXPECT_EQ(asked.size(), 1u);
  EXPECT_EQ(sts_.assume_calls.size(), 1u);

  // Within 15 minutes of expiry the cached session is not used: asked again.
  env_.fake_clock().set_now(testing::kTestNow + 50min);
  ASSERT_TRUE(resolve(counting_source()).has_value());
  EXPECT_EQ(asked.size(), 2u);
}

TEST_F(MfaProfileTest, UnattendedWithoutACachedSessionFailsClearly) {
  auto none = resolve(MfaCodeSource{});
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().kind, ErrorKind::kCredentials);
  EXPECT_NE(none.error().message.find("needs an MFA code for arn:aws:iam::111122223333:mfa/alice"), std::string::npos);

  auto refused = resolve([](const std::string&) -> Result<std::string> {
    return fail(ErrorKind::kCredentials, "no terminal to ask on: pass --mfa-code");
  });
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("pass --mfa-code"), std::string::npos);
  EXPECT_TRUE(sts_.assume_calls.empty());
}

}  // namespace
}  // namespace rolecall::aws

// --debug's line per role assumption: the role, the session, the key id it gave (redacted by the
// one rule) and its expiry; never the secret key, the session token, a web identity token or an
// MFA code, also when the call fails.
#include "aws/credentials/logged_sts_api.h"

#include <gtest/gtest.h>

#include "base/redact.h"
#include "fakes.h"

namespace rolecall::testing {
namespace {

struct Logged {
  FakeSts* sts = nullptr;
  std::vector<std::string> lines;
  std::unique_ptr<aws::LoggedStsApi> api;
  Logged() {
    auto fake = std::make_unique<FakeSts>();
    sts = fake.get();
    api = std::make_unique<aws::LoggedStsApi>(std::move(fake), [this](std::string_view l) { lines.emplace_back(l); });
  }
};

aws::AssumeRoleParams role_params() {
  aws::AssumeRoleParams p;
  p.role_arn = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole";
  p.role_session_name = "rolecall-scan";
  p.serial_number = "arn:aws:iam::111111111111:mfa/alice";
  p.token_code = "864209";
  return p;
}

TEST(LoggedStsApi, AssumeRoleIsOneLineWithRoleSessionRedactedKeyAndExpiry) {
  Logged log;
  aws::Credentials source;
  source.access_key_id = "AKIAIOSFODNN7EXAMPLE";
  source.secret_access_key = "source-secret";
  auto creds = log.api->assume_role(source, role_params());
  ASSERT_TRUE(creds);
  ASSERT_EQ(log.sts->assume_calls.size(), 1u);  // forwarded once
  ASSERT_EQ(log.lines.size(), 1u);
  EXPECT_EQ(log.lines[0],
            "sts:AssumeRole role arn:aws:iam::222222222222:role/OrganizationAccountAccessRole session rolecall-scan: "
            "access key " +
                base::redact_key_id(creds->access_key_id) +
                ", expires 2023-11-14T23:13:20Z (MFA device arn:aws:iam::111111111111:mfa/alice)");
  for (const std::string& secret : {creds->secret_access_key, creds->session_token, creds->access_key_id,
                                    source.secret_access_key, std::string("864209")}) {
    EXPECT_EQ(log.lines[0].find(secret), std::string::npos) << secret;
  }
}

TEST(LoggedStsApi, AFailureIsLoggedWithoutWhatItQuotes) {
  Logged log;
  // Errors carry no secrets (no_secret_in_errors_test); shapes that look like one are hidden anyway.
  log.sts->assume_error =
      Error::access_denied("not authorized: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY key AKIAIOSFODNN7EXAMPLE");
  auto creds = log.api->assume_role(aws::Credentials{}, role_params());
  ASSERT_FALSE(creds);
  ASSERT_EQ(log.lines.size(), 1u);
  EXPECT_NE(log.lines[0].find("session rolecall-scan failed: not authorized"), std::string::npos) << log.lines[0];
  EXPECT_EQ(log.lines[0].find("wJalrXUtnFEMI"), std::string::npos) << log.lines[0];
  EXPECT_EQ(log.lines[0].find("AKIAIOSFODNN7EXAMPLE"), std::string::npos) << log.lines[0];
}

TEST(LoggedStsApi, WebIdentityExchangesAreLoggedWithoutTheToken) {
  Logged log;
  aws::AssumeRoleWithWebIdentityParams p;
  p.role_arn = "arn:aws:iam::222222222222:role/ci";
  p.role_session_name = "ci-run";
  p.web_identity_token = "eyJhbGciOiJSUzI1NiJ9.web-identity";
  auto creds = log.api->assume_role_with_web_identity(p);
  ASSERT_TRUE(creds);
  ASSERT_EQ(log.lines.size(), 1u);
  EXPECT_EQ(log.lines[0].rfind("sts:AssumeRoleWithWebIdentity role arn:aws:iam::222222222222:role/ci session ci-run: "
                               "access key " +
                                   base::redact_key_id(creds->access_key_id),
                               0),
            0u)
      << log.lines[0];
  EXPECT_EQ(log.lines[0].find("eyJhbGciOiJSUzI1NiJ9"), std::string::npos);
  EXPECT_EQ(log.lines[0].find(creds->session_token), std::string::npos);
}

}  // namespace
}  // namespace rolecall::testing

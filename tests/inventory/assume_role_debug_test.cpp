// --debug against the emulator: each AssumeRole a session makes is one line (role ARN, session
// name, the key id redacted, expiry), and neither that line nor the wire log of a request signed
// with the session's credentials carries the secret key or session token the emulator answered.
#include <gtest/gtest.h>

#include <mutex>
#include <string>

#include "aws/ops/sts.h"
#include "base/iso8601.h"
#include "base/sync.h"
#include "support/emulator_fixture.h"
#include "support/estate_accounts.h"

namespace rolecall::inventory {
namespace {

using AssumeRoleDebug = rolecall::testing::EmulatorFixture;

TEST_F(AssumeRoleDebug, TheExchangeIsLoggedWithoutItsSecrets) {
  start_emulator(emulator::GeneratorSpec{.accounts = 2, .regions = 1, .instances = 2, .seed = 6});
  const auto members = rolecall::testing::member_accounts(emu_->dump_state());
  ASSERT_EQ(members.size(), 1u);
  const std::string& member = members.front();

  std::mutex mu;
  std::string log;
  aws::SessionOptions so;
  so.region = "us-east-1";
  so.endpoint_url = emu_->endpoint_url();
  so.env = env_.get();
  so.debug_sink = [&](std::string_view record) {
    std::lock_guard lock(mu);
    log.append(record).append("\n");
  };
  auto s = aws::Session::create(so);
  ASSERT_TRUE(s) << s.error().describe();
  aws::AssumeRoleParams params;
  params.role_arn = "arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole";
  params.role_session_name = "rolecall-debug-test";
  auto provider = (*s)->assume_role((*s)->credentials(), params, "member");
  auto creds = provider->resolve();  // the emulator's answer, secrets included
  ASSERT_TRUE(creds) << creds.error().describe();
  ASSERT_FALSE(creds->session_token.empty());
  ASSERT_TRUE(creds->expiration);

  // A request signed with them: its security token header goes through the wire log.
  auto client = (*s)->client(provider, member);
  auto who = base::run_sync<aws::sts::GetCallerIdentityResponse>(
      (*s)->loop(), [&](auto done) { aws::sts::get_caller_identity(*client, {"us-east-1"}, std::move(done)); });
  ASSERT_TRUE(who) << who.error().describe();
  EXPECT_EQ(who->account, member);

  EXPECT_NE(log.find("sts:AssumeRole role " + params.role_arn + " session rolecall-debug-test: access key " +
                     creds->redacted_key_id() + ", expires " + base::format_iso8601(*creds->expiration)),
            std::string::npos)
      << log.substr(0, 2000);
  EXPECT_NE(log.find("X-Amz-Security-Token: [redacted]"), std::string::npos) << log.substr(0, 2000);
  EXPECT_EQ(log.find(creds->secret_access_key), std::string::npos);
  EXPECT_EQ(log.find(creds->session_token), std::string::npos);
  EXPECT_EQ(log.find(creds->session_token.substr(0, 24)), std::string::npos);
  EXPECT_EQ(log.find(creds->access_key_id), std::string::npos);
}

}  // namespace
}  // namespace rolecall::inventory

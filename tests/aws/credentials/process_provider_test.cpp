#include <gtest/gtest.h>

#include "aws/credentials/process_provider.h"
#include "aws/credentials/run_process.h"

namespace rolecall::aws {
namespace {

using std::chrono::milliseconds;

TEST(ProcessProvider, ParsesFullDocument) {
  ProcessProvider p(R"(cat <<'J'
{"Version": 1, "AccessKeyId": "ASIAPROCXXXXXXXXXXXX", "SecretAccessKey": "procsecret",
 "SessionToken": "proctoken", "Expiration": "2030-01-01T00:00:00Z"}
J)",
                    "dev");
  auto creds = p.resolve();
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->access_key_id, "ASIAPROCXXXXXXXXXXXX");
  EXPECT_EQ(creds->secret_access_key, "procsecret");
  EXPECT_EQ(creds->session_token, "proctoken");
  ASSERT_TRUE(creds->expiration.has_value());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(creds->expiration->time_since_epoch()).count(),
            1893456000);
  EXPECT_EQ(creds->provider, "credential-process (profile dev)");
}

TEST(ProcessProvider, ExpiryBeyondTheClockSaturates) {
  ProcessProvider p(R"(echo '{"Version":1,"AccessKeyId":"ASIAPROCXXXXXXXXXXXX","SecretAccessKey":"s",
                         "Expiration":"9999-12-31T00:00:00Z"}')",
                    "dev");
  auto creds = p.resolve();
  ASSERT_TRUE(creds.has_value()) << creds.error().message;
  EXPECT_EQ(creds->expiration, std::chrono::system_clock::time_point::max());
}

TEST(ProcessProvider, NonZeroExitIsAnErrorWithoutOutput) {
  ProcessProvider p(R"(echo '{"Version":1,"AccessKeyId":"AKIALEAKXXXXXXXXXXXX","SecretAccessKey":"leakme"}'; exit 3)",
                    "dev");
  auto creds = p.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_EQ(creds.error().kind, ErrorKind::kCredentials);
  EXPECT_NE(creds.error().message.find("credential_process of profile dev exited with status 3"), std::string::npos);
  EXPECT_EQ(creds.error().message.find("leakme"), std::string::npos);
}

TEST(ProcessProvider, BadJsonNeverEchoesOutput) {
  for (const char* command :
       {R"(echo '{"SecretAccessKey":"leakme", oops')",
        R"(echo '{"Version":2,"AccessKeyId":"A","SecretAccessKey":"leakme"}')",
        R"(echo '{"Version":1,"SecretAccessKey":"leakme"}')",
        R"(echo '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"leakme","Expiration":"leakme"}')",
        R"(echo '["leakme"]')", "true",
        // Beyond a double: nlohmann threw out_of_range past the parse_error catch and aborted.
        R"(echo '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"leakme","Expiration":1e400}')",
        R"(echo '{"Version":1e400,"SecretAccessKey":"leakme"}')"}) {
    ProcessProvider p(command, "dev");
    auto creds = p.resolve();
    ASSERT_FALSE(creds.has_value()) << command;
    EXPECT_NE(creds.error().message.find("credential_process of profile dev"), std::string::npos);
    EXPECT_EQ(creds.error().message.find("leakme"), std::string::npos) << creds.error().message;
  }
}

TEST(ProcessProvider, TimeoutKillsTheCommand) {
  ProcessProvider p("sleep 30", "slow", milliseconds(200));
  auto start = std::chrono::steady_clock::now();
  auto creds = p.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_NE(creds.error().message.find("timed out after 200 ms"), std::string::npos) << creds.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(ProcessProvider, EmptyCommandIsAnError) {
  ProcessProvider p("   ", "dev");
  auto creds = p.resolve();
  ASSERT_FALSE(creds.has_value());
  EXPECT_NE(creds.error().message.find("is empty"), std::string::npos);
}

TEST(RunShellCommand, CapturesStdoutAndExitCode) {
  auto out = run_shell_command("printf 'a\\nb'; exit 7", milliseconds(5000));
  ASSERT_TRUE(out.has_value()) << out.error().message;
  EXPECT_EQ(out->stdout_text, "a\nb");
  EXPECT_EQ(out->exit_code, 7);
}

TEST(RunShellCommand, LimitsOutputSize) {
  auto out = run_shell_command("yes", milliseconds(5000), 4096);
  ASSERT_FALSE(out.has_value());
  EXPECT_NE(out.error().message.find("exceeds 4096 bytes"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::aws

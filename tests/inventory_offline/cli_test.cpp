// The built `rolecall` binary: config validate, collect → scan --from equal to the live scan,
// --config mutes in the JSON report and the exit status, bad input exits 2 naming the file.
#include "inventory_offline/offline_fixture.h"
#include "support/run_rolecall.h"

namespace rolecall::inventory {
namespace {

using namespace rolecall::testing;

namespace fs = std::filesystem;

using Outcome = CliOutcome;

class Cli : public OfflineTest {
 protected:
  Outcome run(const std::string& args) { return run_rolecall(dir_.path(), args); }
  // Points the AWS SDK-style environment of child processes at the emulator's credentials.
  void export_env() {
    for (const auto& [k, v] : aws_env()) ::setenv(k.c_str(), v.c_str(), 1);
  }
  static std::map<Key, std::string> findings_of(const std::string& json_text) {
    std::map<Key, std::string> out;
    auto doc = nlohmann::json::parse(json_text);
    for (const auto& f : doc.at("findings")) {
      out[{f.value("account_id", ""), f.value("region", ""), f.value("resource_id", ""), f.value("check_id", "")}] =
          f.at("status").get<std::string>() + " " + f.value("message", "");
    }
    return out;
  }
};

TEST_F(Cli, ConfigValidateExitStatus) {
  write_file(dir_ / "good.yaml",
             "approved: [arn:aws:iam::123456789012:role/web]\nmutelist:\n  - checks: scan\n    reason: r\n");
  Outcome good = run("config validate " + (dir_ / "good.yaml").string());
  EXPECT_EQ(good.status, 0) << good.err;
  EXPECT_NE(good.out.find("valid (1 approved ARN(s), 0 check setting(s), 1 mutelist entry, 0 expired)"),
            std::string::npos)
      << good.out;
  write_file(dir_ / "bad.yaml", "checks:\n  role-not-admin:\n    enable: false\n");
  Outcome bad = run("config validate " + (dir_ / "bad.yaml").string());
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find((dir_ / "bad.yaml").string() + ":3:5: checks.role-not-admin.enable: unknown key"),
            std::string::npos)
      << bad.err;
  Outcome missing = run("config validate " + (dir_ / "nope.yaml").string());
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("nope.yaml"), std::string::npos);
}

TEST_F(Cli, CollectThenScanFromEqualsTheLiveScan) {
  emulator::GeneratorSpec spec;
  spec.accounts = 2;
  spec.regions = 2;
  spec.instances = 40;
  spec.seed = 13;
  start_emulator(spec);
  export_env();
  const std::string aws = "--endpoint-url " + emu_->endpoint_url() + " --region us-east-1 --quiet ";
  Outcome collect = run(aws + "collect --org --out " + (dir_ / "inv").string());
  ASSERT_EQ(collect.status, 0) << collect.err;
  // Offline inputs carry no key lookups (docs/offline.md): compare with a live scan without them.
  Outcome live = run(aws + "--output json scan --org --no-key-intel");
  Outcome offline = run("--quiet --output json scan --from " + (dir_ / "inv").string() + " --report-dir " +
                        (dir_ / "reports").string());
  EXPECT_EQ(offline.status, live.status) << offline.err;
  EXPECT_EQ(live.status, 1);  // the generated estate has failures
  auto a = findings_of(live.out), b = findings_of(offline.out);
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  EXPECT_TRUE(fs::exists(dir_ / "reports/report.json"));
}

TEST_F(Cli, ConfigMutesShowInTheReportAndTheExitStatus) {
  const std::string from = "--quiet --output json scan --from " + awscli_fixtures().string();
  Outcome plain = run(from);
  EXPECT_EQ(plain.status, 1) << plain.err;
  // Mute every failure and every not-collected error: the exit status becomes 0.
  write_file(dir_ / "mute.yaml",
             "mutelist:\n"
             "  - checks: [user-data-no-keys, launch-template-no-keys]\n"
             "    reason: not in the AWS CLI output\n"
             "  - accounts: '161858112199'\n"
             "    reason: accepted for the audit, ticket SEC-9\n"
             "    expires: 2999-12-31\n");
  Outcome muted = run(from + " --config " + (dir_ / "mute.yaml").string());
  EXPECT_EQ(muted.status, 0) << muted.err;
  auto doc = nlohmann::json::parse(muted.out);
  std::size_t n = 0;
  for (const auto& f : doc.at("findings")) {
    if (f.at("status") != "MUTED") {
      EXPECT_EQ(f.at("status"), "PASS");
      continue;
    }
    ++n;
    std::string reason = f.value("mute_reason", "");
    EXPECT_TRUE(reason == "not in the AWS CLI output" || reason == "accepted for the audit, ticket SEC-9") << reason;
  }
  EXPECT_GT(n, 12u);
  // An expired entry mutes nothing and says so on stderr and in the report.
  write_file(dir_ / "expired.yaml",
             "mutelist:\n  - accounts: '*'\n    reason: old exception\n    expires: 2001-01-01\n");
  Outcome expired = run(from + " --config " + (dir_ / "expired.yaml").string());
  EXPECT_EQ(expired.status, 1);
  EXPECT_NE(expired.err.find("expired.yaml:2 expired on 2001-01-01"), std::string::npos) << expired.err;
  EXPECT_NE(expired.out.find("\"check_id\": \"config\""), std::string::npos);
}

TEST_F(Cli, BadOfflineInputExitsTwoNamingTheFile) {
  std::string text = read_file(awscli_fixtures() / "describe-instances-us-east-1.json");
  write_file(dir_ / "cut.json", text.substr(0, text.size() - 10));
  Outcome r = run("--quiet scan --from " + (dir_ / "cut.json").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find((dir_ / "cut.json").string() + ": malformed JSON"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << "nothing may be reported from a half-read input";
  Outcome both = run("--quiet scan --org --from " + awscli_fixtures().string());
  EXPECT_EQ(both.status, 2);
}

}  // namespace
}  // namespace rolecall::inventory

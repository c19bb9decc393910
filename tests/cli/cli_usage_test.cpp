// The CLI as an AWS CLI user expects it: "did you mean" for a mistyped command or option, `rolecall
// help [COMMAND]`, `rolecall checks [ID]` with the compiled-in page, `--fail-on none`, and
// `--region X` alone scanning X.
#include <set>

#include <nlohmann/json.hpp>

#include "support/emulator_fixture.h"
#include "support/run_rolecall.h"

namespace rolecall::testing {
namespace {

class CliUsage : public ::testing::Test {
 protected:
  CliOutcome run(const std::string& args) { return run_rolecall(dir_.path(), args); }
  TempDir dir_{"rolecall-cli-usage"};
};

TEST_F(CliUsage, MistypedCommandSuggestsTheClosest) {
  const CliOutcome out = run("scna");
  EXPECT_EQ(out.status, 2);
  EXPECT_NE(out.err.find("unknown command 'scna' (did you mean 'scan'?)"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find("the commands are apply, checks,"), std::string::npos) << out.err;
  const CliOutcome far = run("--region us-east-1 deploy");  // a global option's value is not the command
  EXPECT_EQ(far.status, 2);
  EXPECT_NE(far.err.find("unknown command 'deploy'; the commands are"), std::string::npos) << far.err;
}

TEST_F(CliUsage, MistypedOptionSuggestsTheClosestOfThatCommand) {
  const CliOutcome out = run("scan --regin us-east-1");
  EXPECT_EQ(out.status, 2);
  EXPECT_NE(out.err.find("unknown option '--regin' for scan (did you mean '--regions'?)"), std::string::npos)
      << out.err;
  const CliOutcome global = run("--outptu json checks");
  EXPECT_EQ(global.status, 2);
  EXPECT_NE(global.err.find("unknown option '--outptu' (did you mean '--output'?)"), std::string::npos) << global.err;
}

TEST_F(CliUsage, HelpCommandShowsTheCommandsHelp) {
  const CliOutcome scan = run("help scan");
  EXPECT_EQ(scan.status, 0) << scan.err;
  EXPECT_EQ(scan.out, run("scan --help").out);
  EXPECT_NE(scan.out.find("--fail-on"), std::string::npos);
  const CliOutcome nested = run("help config validate");
  EXPECT_EQ(nested.status, 0) << nested.err;
  EXPECT_EQ(nested.out, run("config validate --help").out);
  const CliOutcome top = run("help");
  EXPECT_EQ(top.status, 0);
  EXPECT_NE(top.out.find("scan-files"), std::string::npos);
  const CliOutcome unknown = run("help rollbak");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("no command 'rollbak' (did you mean 'rollback'?)"), std::string::npos) << unknown.err;
}

TEST_F(CliUsage, ChecksListsAsJsonAndShowsEveryChecksPage) {
  const CliOutcome listed = run("--output json checks");
  ASSERT_EQ(listed.status, 0) << listed.err;
  const auto checks = nlohmann::json::parse(listed.out);
  ASSERT_GE(checks.size(), 8u);
  for (const auto& c : checks) {
    const std::string id = c["id"];
    EXPECT_FALSE(c["rationale"].get<std::string>().empty()) << id;
    const CliOutcome page = run("checks " + id);
    EXPECT_EQ(page.status, 0) << page.err;
    EXPECT_EQ(page.out.rfind("# " + id + "\n", 0), 0u) << id << ": not its page:\n" << page.out;  // compiled in
    EXPECT_NE(page.out.find("**Severity:** " + c["severity"].get<std::string>()), std::string::npos) << id;
  }
  const CliOutcome one = run("--output json checks role-not-admin");
  ASSERT_EQ(one.status, 0);
  EXPECT_NE(nlohmann::json::parse(one.out)["page"].get<std::string>().find("# role-not-admin"), std::string::npos);
  const CliOutcome unknown = run("checks role-not-admn");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("no check 'role-not-admn' (did you mean 'role-not-admin'?)"), std::string::npos)
      << unknown.err;
  EXPECT_EQ(run("--output csv checks").status, 2);
}

class CliScanOptions : public EmulatorFixture {
 protected:
  CliOutcome run(const std::string& args) {
    return run_rolecall(dir_.path(), "--endpoint-url " + emu_->endpoint_url() + " --quiet " + args);
  }
  // The regions the findings of a JSON report name.
  static std::set<std::string> regions_of(const std::string& report) {
    std::set<std::string> out;
    const auto doc = nlohmann::json::parse(report);  // alive for the loop: the range is a member of it
    for (const auto& f : doc["findings"]) {
      if (!f["region"].get<std::string>().empty()) out.insert(f["region"].get<std::string>());
    }
    return out;
  }
};

TEST_F(CliScanOptions, RegionAloneScansThatRegionAndFailOnNoneReportsOnly) {
  start_emulator(emulator::GeneratorSpec{.accounts = 1, .regions = 3, .instances = 30, .seed = 5});
  for (const auto& [k, v] : aws_env()) ::setenv(k.c_str(), v.c_str(), 1);
  ::setenv("AWS_REGION", "us-east-1", 1);

  const CliOutcome all = run("--output json scan");
  ASSERT_EQ(all.status, 1) << all.err;  // the generated estate has failures
  const std::set<std::string> regions = regions_of(all.out);
  ASSERT_GE(regions.size(), 2u) << all.out.substr(0, 400);
  const std::string last = *regions.rbegin();

  const CliOutcome one = run("--region " + last + " --output json scan");
  EXPECT_EQ(regions_of(one.out), std::set<std::string>{last}) << one.err;
  const CliOutcome listed = run("--region " + last + " --output json scan --regions " + *regions.begin());
  EXPECT_EQ(regions_of(listed.out), std::set<std::string>{*regions.begin()});  // --regions wins

  const CliOutcome report_only = run("--output json scan --fail-on none");
  EXPECT_EQ(report_only.status, 0) << report_only.err;
  EXPECT_EQ(nlohmann::json::parse(report_only.out)["findings"].size(),
            nlohmann::json::parse(all.out)["findings"].size());
}

}  // namespace
}  // namespace rolecall::testing

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

// A mistyped or missing command below another (config validate) is named like a top-level one,
// not CLI11's "A subcommand is required".
TEST_F(CliUsage, NestedAndMissingCommandsAreNamed) {
  const CliOutcome nested = run("config valdate rolecall.yaml");
  EXPECT_EQ(nested.status, 2);
  EXPECT_NE(
      nested.err.find("unknown command 'valdate' for config (did you mean 'validate'?); the commands are validate"),
      std::string::npos)
      << nested.err;
  const CliOutcome bare = run("config");
  EXPECT_EQ(bare.status, 2);
  EXPECT_NE(bare.err.find("'config' needs a command: validate"), std::string::npos) << bare.err;
  const CliOutcome nothing = run("");
  EXPECT_EQ(nothing.status, 2);
  EXPECT_NE(nothing.err.find("a command is required; the commands are apply, checks,"), std::string::npos)
      << nothing.err;
  EXPECT_EQ(nothing.err.find("A subcommand"), std::string::npos) << nothing.err;
}

// Arguments and options a command does not take are named in the order they were given (CLI11
// lists unexpected arguments last first).
TEST_F(CliUsage, UnexpectedArgumentsAreNamedInTheOrderGiven) {
  const CliOutcome extra = run("scan first second");
  EXPECT_EQ(extra.status, 2);
  EXPECT_NE(extra.err.find("unexpected arguments for scan: first second"), std::string::npos) << extra.err;
  const CliOutcome one_too_many = run("config validate a.yaml b.yaml");
  EXPECT_EQ(one_too_many.status, 2);
  EXPECT_NE(one_too_many.err.find("unexpected argument for config validate: b.yaml"), std::string::npos)
      << one_too_many.err;
  const CliOutcome shorts = run("scan -x -y");
  EXPECT_EQ(shorts.status, 2);
  EXPECT_NE(shorts.err.find("unknown option '-x' for scan"), std::string::npos) << shorts.err;
  const CliOutcome options = run("scan --frist --secnod");
  EXPECT_NE(options.err.find("unknown option '--frist' for scan"), std::string::npos) << options.err;
  const CliOutcome missing = run("scan --regions");  // a missing value is CLI11's to explain
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("--regions"), std::string::npos) << missing.err;
}

// Help of a command below another names it in full, with the summary on the NAME line; a command
// with commands of its own lists them; every global option is named.
TEST_F(CliUsage, HelpNamesNestedCommandsAndListsTheirCommands) {
  const CliOutcome config = run("config --help");
  ASSERT_EQ(config.status, 0) << config.err;
  EXPECT_NE(config.out.find("AVAILABLE COMMANDS\n       o validate\n"), std::string::npos) << config.out;
  EXPECT_NE(config.out.find("rolecall config <command> [parameters]"), std::string::npos) << config.out;
  const CliOutcome validate = run("config validate --help");
  ASSERT_EQ(validate.status, 0) << validate.err;
  EXPECT_EQ(validate.out.rfind("NAME\n       rolecall config validate - Check a configuration file", 0), 0u)
      << validate.out;
  EXPECT_NE(validate.out.find("SYNOPSIS\n            rolecall config validate\n"), std::string::npos) << validate.out;
  EXPECT_EQ(validate.out.find("AVAILABLE COMMANDS"), std::string::npos);
  const CliOutcome scan = run("scan --help");
  EXPECT_EQ(scan.out.rfind("NAME\n       rolecall scan - Audit every EC2 instance in scope\n", 0), 0u) << scan.out;
  for (const char* global : {"--no-cli-pager", "--mfa-code", "--output-file", "--profile"}) {
    EXPECT_NE(scan.out.substr(scan.out.find("GLOBAL OPTIONS")).find(global), std::string::npos) << global;
  }
  EXPECT_EQ(run("--help").out.rfind("NAME\n       rolecall - rolecall makes sure every EC2 instance", 0), 0u);
}

// References in the help point at what a user of the binary can open (`rolecall checks ID`), never
// at the source tree's docs/checks pages.
TEST_F(CliUsage, NoHelpTextPointsIntoDocsChecks) {
  const auto man = dir_ / "man";
  ASSERT_EQ(run("help --man-dir " + man.string()).status, 0);
  std::size_t pages = 0;
  for (const auto& entry : std::filesystem::directory_iterator(man)) {
    ++pages;
    EXPECT_EQ(read_file(entry.path()).find("docs/checks/"), std::string::npos) << entry.path();
  }
  EXPECT_GE(pages, 20u);
  std::string help;  // scan --help with its lines joined
  for (char c : run("scan --help").out) {
    if (c == ' ' || c == '\n') {
      if (!help.empty() && help.back() != ' ') help += ' ';
    } else {
      help += c;
    }
  }
  EXPECT_NE(help.find("(`rolecall checks key-in-use-from-instance`)"), std::string::npos) << help;
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
  const CliOutcome after = run("--output json scan --region " + last);  // as AWS CLI users type it
  EXPECT_EQ(regions_of(after.out), std::set<std::string>{last}) << after.err;
  const CliOutcome listed = run("--region " + last + " --output json scan --regions " + *regions.begin());
  EXPECT_EQ(regions_of(listed.out), std::set<std::string>{*regions.begin()});  // --regions wins

  const CliOutcome report_only = run("--output json scan --fail-on none");
  EXPECT_EQ(report_only.status, 0) << report_only.err;
  EXPECT_EQ(nlohmann::json::parse(report_only.out)["findings"].size(),
            nlohmann::json::parse(all.out)["findings"].size());
}

}  // namespace
}  // namespace rolecall::testing

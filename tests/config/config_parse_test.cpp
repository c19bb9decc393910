// Parsing and validating --config files: every error names file, line and key.
#include <gtest/gtest.h>

#include "base/iso8601.h"
#include "config/config.h"
#include "support/fake_clock.h"
#include "support/fake_env.h"

namespace rolecall::config {
namespace {

constexpr const char* kFull = R"(version: 1
approved:
  - arn:aws:iam::111122223333:instance-profile/web
  - arn:aws:iam::111122223333:role/batch
checks:
  imdsv2-required:
    enabled: false
  role-not-admin:
    severity: critical
mutelist:
  - accounts: "111122223333"
    regions: [eu-*]
    resources: [i-0abc*, i-0def]
    tags: [team=legacy, "env=dev*"]
    checks: [role-is-approved, user-data-no-keys]
    reason: Legacy batch fleet, ticket OPS-123
    expires: 2027-03-31
  - checks: scan
    regions: af-south-1
    reason: region not opted in on purpose
)";

Error error_of(const std::string& text) {
  auto c = parse_config(text, "policy.yaml");
  EXPECT_FALSE(c) << "expected an error for:\n" << text;
  return c ? Error{} : c.error();
}

TEST(ConfigParse, FullExample) {
  auto c = parse_config(kFull, "policy.yaml");
  ASSERT_TRUE(c) << c.error().describe();
  ASSERT_EQ(c->approved.size(), 2u);
  EXPECT_EQ(c->approved[1], "arn:aws:iam::111122223333:role/batch");
  ASSERT_EQ(c->checks.size(), 2u);
  EXPECT_EQ(c->checks.at("imdsv2-required").enabled, false);
  EXPECT_FALSE(c->checks.at("imdsv2-required").severity);
  EXPECT_EQ(c->checks.at("role-not-admin").severity, Severity::kCritical);
  ASSERT_EQ(c->mutelist.size(), 2u);
  const MuteEntry& e = c->mutelist[0];
  EXPECT_EQ(e.accounts, std::vector<std::string>{"111122223333"});
  EXPECT_EQ(e.regions, std::vector<std::string>{"eu-*"});
  EXPECT_EQ(e.resources.size(), 2u);
  EXPECT_EQ(e.tags, (std::vector<std::string>{"team=legacy", "env=dev*"}));
  EXPECT_EQ(e.checks.size(), 2u);
  EXPECT_EQ(e.reason, "Legacy batch fleet, ticket OPS-123");
  ASSERT_TRUE(e.expires);
  EXPECT_EQ(base::format_date(*e.expires), "2027-03-31");
  EXPECT_EQ(e.source, "policy.yaml:11");
  EXPECT_FALSE(c->mutelist[1].expires);
  EXPECT_EQ(c->mutelist[1].source, "policy.yaml:18");
}

TEST(ConfigParse, EmptyFileIsAnEmptyConfiguration) {
  auto c = parse_config("", "empty.yaml");
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_TRUE(c->approved.empty());
  EXPECT_TRUE(c->mutelist.empty());
}

TEST(ConfigParse, UnknownTopLevelKeyNamesFileLineAndKey) {
  Error e = error_of("approved: []\nmutelists: []\n");
  EXPECT_EQ(e.kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(e.message.find("policy.yaml:2:1: mutelists: unknown key"), std::string::npos) << e.message;
}

TEST(ConfigParse, UnknownKeyInsideAnEntry) {
  Error e = error_of("mutelist:\n  - checks: scan\n    reason: x\n    expiry: 2026-01-01\n");
  EXPECT_NE(e.message.find("policy.yaml:4:5: mutelist[0].expiry: unknown key"), std::string::npos) << e.message;
}

TEST(ConfigParse, BadDates) {
  for (const char* date : {"2026-02-30", "2026-13-01", "26-01-01", "2026/01/01", "tomorrow", "2026-1-01"}) {
    Error e = error_of(std::string("mutelist:\n  - checks: scan\n    reason: x\n    expires: ") + date + "\n");
    EXPECT_NE(e.message.find("policy.yaml:4:14: mutelist[0].expires: bad date"), std::string::npos) << e.message;
  }
}

TEST(ConfigParse, UnknownCheckIds) {
  Error e1 = error_of("checks:\n  imdsv2-requird:\n    enabled: false\n");
  EXPECT_NE(e1.message.find("policy.yaml:2:3: checks.imdsv2-requird: unknown check id"), std::string::npos)
      << e1.message;
  Error e2 = error_of("mutelist:\n  - checks: [instance-has-role, nope]\n    reason: x\n");
  EXPECT_NE(e2.message.find("policy.yaml:2:33: mutelist[0].checks[1]: unknown check id 'nope'"), std::string::npos)
      << e2.message;
}

TEST(ConfigParse, GlobCheckPatternsAreAccepted) {
  auto c = parse_config("mutelist:\n  - checks: 'role-*'\n    reason: x\n", "p.yaml");
  ASSERT_TRUE(c) << c.error().describe();
}

TEST(ConfigParse, WrongTypes) {
  Error e1 = error_of("approved: {a: b}\n");
  EXPECT_NE(e1.message.find("policy.yaml:1:11: approved: expected a string or a list of strings, got a mapping"),
            std::string::npos)
      << e1.message;
  Error e2 = error_of("checks:\n  role-not-admin:\n    enabled: maybe\n");
  EXPECT_NE(e2.message.find("policy.yaml:3:14: checks.role-not-admin.enabled: expected true or false"),
            std::string::npos)
      << e2.message;
  Error e3 = error_of("mutelist:\n  checks: scan\n");
  EXPECT_NE(e3.message.find("policy.yaml:2:3: mutelist: expected a list of entries, got a mapping"), std::string::npos)
      << e3.message;
  Error e4 = error_of("checks:\n  role-not-admin:\n    severity: urgent\n");
  EXPECT_NE(e4.message.find("policy.yaml:3:15: checks.role-not-admin.severity: unknown severity 'urgent'"),
            std::string::npos)
      << e4.message;
  Error e5 = error_of("mutelist:\n  - tags: [team]\n    reason: x\n");
  EXPECT_NE(e5.message.find("mutelist[0].tags[0]: expected key=value"), std::string::npos) << e5.message;
  Error e6 = error_of("approved: [not-an-arn]\n");
  EXPECT_NE(e6.message.find("policy.yaml:1:12: approved[0]: expected an instance profile or role ARN"),
            std::string::npos)
      << e6.message;
  Error e7 = error_of("version: 2\n");
  EXPECT_NE(e7.message.find("policy.yaml:1:10: version: unsupported version"), std::string::npos) << e7.message;
}

TEST(ConfigParse, MuteEntriesNeedAReasonAndAMatcher) {
  Error e1 = error_of("mutelist:\n  - checks: scan\n");
  EXPECT_NE(e1.message.find("policy.yaml:2:5: mutelist[0].reason: missing"), std::string::npos) << e1.message;
  Error e2 = error_of("mutelist:\n  - checks: scan\n    reason: '  '\n");
  EXPECT_NE(e2.message.find("mutelist[0].reason: empty reason"), std::string::npos) << e2.message;
  Error e3 = error_of("mutelist:\n  - reason: everything\n");
  EXPECT_NE(e3.message.find("policy.yaml:2:5: mutelist[0]: needs at least one of"), std::string::npos) << e3.message;
}

TEST(ConfigParse, MalformedYamlIsAParseErrorWithLine) {
  auto c = parse_config("mutelist:\n  - checks: [scan\n    reason: x\n", "broken.yaml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, ErrorKind::kParse);
  EXPECT_EQ(c.error().message.rfind("broken.yaml:", 0), 0u) << c.error().message;
  EXPECT_NE(c.error().message.find("malformed YAML"), std::string::npos) << c.error().message;
}

TEST(ConfigParse, TopLevelMustBeAMapping) {
  Error e = error_of("- a\n- b\n");
  EXPECT_NE(e.message.find("policy.yaml:1:1: (top level): expected a mapping, got a list"), std::string::npos)
      << e.message;
}

TEST(ConfigParse, LoadConfigNamesAMissingFile) {
  auto c = load_config(rolecall::testing::FakeEnv(), "/nonexistent/rolecall.yaml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, ErrorKind::kIo);
  EXPECT_NE(c.error().message.find("/nonexistent/rolecall.yaml"), std::string::npos);
}

TEST(ConfigSelect, DisabledChecksJoinSkipAndCliChecksWin) {
  auto c = parse_config("checks:\n  imdsv2-required:\n    enabled: false\n", "p.yaml");
  ASSERT_TRUE(c);
  auto s = select_with_config(*c, {}, {"role-not-admin"});
  EXPECT_TRUE(s.only.empty());
  EXPECT_EQ(s.skip, (std::vector<std::string>{"role-not-admin", "imdsv2-required"}));
  auto explicit_only = select_with_config(*c, {"imdsv2-required"}, {});
  EXPECT_EQ(explicit_only.only, std::vector<std::string>{"imdsv2-required"});
  EXPECT_TRUE(explicit_only.skip.empty());
}

TEST(ConfigSelect, ApprovedListsAreMergedWithoutDuplicates) {
  auto c = parse_config("approved: [arn:aws:iam::1:role/a, arn:aws:iam::1:role/b]\n", "p.yaml");
  ASSERT_TRUE(c);
  auto merged = merge_approved(*c, {"arn:aws:iam::1:role/b", "arn:aws:iam::1:instance-profile/c"});
  EXPECT_EQ(merged, (std::vector<std::string>{"arn:aws:iam::1:role/b", "arn:aws:iam::1:instance-profile/c",
                                              "arn:aws:iam::1:role/a"}));
}

TEST(ConfigDate, TodayIsTheClocksUtcDate) {
  rolecall::testing::FakeClock clock;  // 2024-01-01T00:00:00Z
  EXPECT_EQ(base::format_date(utc_today(clock)), "2024-01-01");
  clock.advance(std::chrono::hours(24 * 59 + 23));
  EXPECT_EQ(base::format_date(utc_today(clock)), "2024-02-29");
}

TEST(ConfigParse, LoadConfigReadsThroughTheEnv) {
  rolecall::testing::FakeEnv env;
  env.add_file("/etc/rolecall.yaml", "approved: [arn:aws:iam::123456789012:role/web]\n");
  auto c = load_config(env, "/etc/rolecall.yaml");
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->approved.size(), 1u);
}

}  // namespace
}  // namespace rolecall::config

// Applying a configuration: mutes (by account, region, resource, tag, check; expiry), severity
// overrides, and exit codes that ignore muted findings.
#include <gtest/gtest.h>

#include "base/iso8601.h"
#include "config/apply.h"

namespace rolecall::config {
namespace {

Finding finding(std::string check, Status status, std::string account, std::string region, std::string resource,
                Severity severity = Severity::kHigh) {
  Finding f;
  f.check_id = std::move(check);
  f.status = status;
  f.severity = severity;
  f.account_id = std::move(account);
  f.region = std::move(region);
  f.resource_type = "instance";
  f.resource_id = std::move(resource);
  return f;
}

Inventory inventory_with_tags() {
  Inventory inv;
  RegionInventory r;
  r.account_id = "111122223333";
  r.region = "eu-west-1";
  Instance a;
  a.id = "i-0aaa";
  a.account_id = r.account_id;
  a.region = r.region;
  a.tags = {{"team", "legacy"}, {"env", "dev-2"}};
  Instance b = a;
  b.id = "i-0bbb";
  b.tags = {{"team", "platform"}};
  r.instances = {a, b};
  inv.regions.push_back(r);
  return inv;
}

Config config_of(const std::string& yaml) {
  auto c = parse_config(yaml, "policy.yaml");
  EXPECT_TRUE(c) << c.error().describe();
  return c ? *c : Config{};
}

Date day(const char* text) { return *base::parse_date(text); }

TEST(MuteMatches, EveryGivenFieldMustMatchAndAnyPatternWithinOne) {
  MuteEntry e;
  e.accounts = {"1111*"};
  e.regions = {"us-*", "eu-west-?"};
  e.checks = {"imdsv2-required"};
  EXPECT_TRUE(mute_matches(e, finding("imdsv2-required", Status::kFail, "111122223333", "eu-west-1", "i-1"), nullptr));
  EXPECT_FALSE(mute_matches(e, finding("imdsv2-required", Status::kFail, "222222223333", "eu-west-1", "i-1"), nullptr));
  EXPECT_FALSE(
      mute_matches(e, finding("imdsv2-required", Status::kFail, "111122223333", "ap-south-1", "i-1"), nullptr));
  EXPECT_FALSE(mute_matches(e, finding("role-not-admin", Status::kFail, "111122223333", "us-east-1", "i-1"), nullptr));
  MuteEntry by_resource;
  by_resource.resources = {"i-0abc*"};
  EXPECT_TRUE(mute_matches(by_resource, finding("x", Status::kFail, "1", "r", "i-0abc123"), nullptr));
  EXPECT_FALSE(mute_matches(by_resource, finding("x", Status::kFail, "1", "r", "i-0abd123"), nullptr));
}

TEST(MuteMatches, TagsMatchKeyAndValueGlobs) {
  MuteEntry e;
  e.tags = {"env=dev*"};
  std::vector<Tag> dev = {{"team", "x"}, {"env", "dev-3"}}, prod = {{"env", "prod"}};
  Finding f = finding("x", Status::kFail, "1", "r", "i-1");
  EXPECT_TRUE(mute_matches(e, f, &dev));
  EXPECT_FALSE(mute_matches(e, f, &prod));
  EXPECT_FALSE(mute_matches(e, f, nullptr));  // tags unknown: never muted by tag
  e.tags = {"team=y", "env=prod"};            // any listed tag suffices
  EXPECT_TRUE(mute_matches(e, f, &prod));
  e.tags = {"Env=prod"};  // keys are case-sensitive, as in AWS
  EXPECT_FALSE(mute_matches(e, f, &prod));
}

TEST(ApplyConfig, MutesFailAndErrorByTagButNeverPass) {
  Config c = config_of("mutelist:\n  - tags: team=legacy\n    reason: legacy fleet, OPS-1\n");
  ScanResult result;
  result.findings = {finding("imdsv2-required", Status::kFail, "111122223333", "eu-west-1", "i-0aaa"),
                     finding("user-data-no-keys", Status::kError, "111122223333", "eu-west-1", "i-0aaa"),
                     finding("instance-has-role", Status::kPass, "111122223333", "eu-west-1", "i-0aaa"),
                     finding("imdsv2-required", Status::kFail, "111122223333", "eu-west-1", "i-0bbb")};
  Inventory inv = inventory_with_tags();
  auto warnings = apply_config(c, result, &inv, day("2026-11-24"));
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(result.findings[0].status, Status::kMuted);
  EXPECT_EQ(result.findings[0].mute_reason, "legacy fleet, OPS-1");
  EXPECT_EQ(result.findings[1].status, Status::kMuted);
  EXPECT_EQ(result.findings[2].status, Status::kPass);
  EXPECT_TRUE(result.findings[2].mute_reason.empty());
  EXPECT_EQ(result.findings[3].status, Status::kFail);  // i-0bbb is team=platform
}

TEST(ApplyConfig, ExpiryIsInclusiveAndExpiredEntriesAreReported) {
  Config c = config_of(
      "mutelist:\n"
      "  - checks: imdsv2-required\n"
      "    reason: waiting for AMI rebuild\n"
      "    expires: 2026-11-23\n");
  auto run = [&](const char* today) {
    ScanResult r;
    r.stats.regions = 1;
    r.findings = {finding("imdsv2-required", Status::kFail, "111122223333", "eu-west-1", "i-0aaa")};
    auto warnings = apply_config(c, r, nullptr, day(today));
    return std::make_pair(r, warnings);
  };
  auto [on_day, w1] = run("2026-11-23");
  EXPECT_TRUE(w1.empty());
  ASSERT_EQ(on_day.findings.size(), 1u);
  EXPECT_EQ(on_day.findings[0].status, Status::kMuted);
  EXPECT_EQ(exit_code_for(on_day, Severity::kLow), ExitCode::kOk);

  auto [after, w2] = run("2026-11-24");
  ASSERT_EQ(w2.size(), 1u);
  EXPECT_NE(w2[0].find("policy.yaml:2"), std::string::npos) << w2[0];
  EXPECT_NE(w2[0].find("expired on 2026-11-23"), std::string::npos) << w2[0];
  ASSERT_EQ(after.findings.size(), 2u);
  const Finding& expired = after.findings[0];  // sorts first: no account
  EXPECT_EQ(expired.check_id, "config");
  EXPECT_EQ(expired.status, Status::kFail);
  EXPECT_EQ(expired.severity, Severity::kInfo);
  EXPECT_EQ(expired.resource_type, "mutelist");
  EXPECT_EQ(expired.resource_id, "policy.yaml:2");
  EXPECT_NE(expired.message.find("waiting for AMI rebuild"), std::string::npos);
  EXPECT_EQ(after.findings[1].status, Status::kFail);  // no longer muted
  EXPECT_EQ(exit_code_for(after, Severity::kLow), ExitCode::kFindings);
  // The expired-entry notice alone does not fail a scan at the default threshold.
  after.findings.pop_back();
  EXPECT_EQ(exit_code_for(after, Severity::kLow), ExitCode::kOk);
  EXPECT_EQ(exit_code_for(after, Severity::kInfo), ExitCode::kFindings);
}

TEST(ApplyConfig, FirstMatchingEntryGivesTheReason) {
  Config c = config_of(
      "mutelist:\n"
      "  - regions: eu-*\n    reason: first\n"
      "  - checks: '*'\n    reason: second\n");
  ScanResult r;
  r.findings = {finding("role-not-admin", Status::kFail, "1", "eu-west-1", "i-1"),
                finding("role-not-admin", Status::kFail, "1", "us-east-1", "i-2")};
  apply_config(c, r, nullptr, day("2026-01-01"));
  EXPECT_EQ(r.findings[0].mute_reason, "first");
  EXPECT_EQ(r.findings[1].mute_reason, "second");
}

TEST(ApplyConfig, SeverityOverridesChangeWhatFailsTheScan) {
  Config c = config_of("checks:\n  imdsv2-required:\n    severity: info\n  role-not-admin:\n    severity: critical\n");
  ScanResult r;
  r.stats.regions = 1;
  r.findings = {finding("imdsv2-required", Status::kFail, "1", "us-east-1", "i-1", Severity::kMedium),
                finding("role-not-admin", Status::kPass, "1", "us-east-1", "i-1", Severity::kHigh)};
  EXPECT_EQ(exit_code_for(r, Severity::kLow), ExitCode::kFindings);
  apply_config(c, r, nullptr, day("2026-01-01"));
  EXPECT_EQ(r.findings[0].severity, Severity::kInfo);
  EXPECT_EQ(r.findings[1].severity, Severity::kCritical);
  EXPECT_EQ(exit_code_for(r, Severity::kLow), ExitCode::kOk);
}

TEST(ApplyConfig, MutedErrorsDoNotMakeTheScanPartial) {
  Config c = config_of("mutelist:\n  - checks: scan\n    regions: af-south-1\n    reason: not opted in on purpose\n");
  ScanResult r;
  r.stats.regions = 1;
  Finding scope = finding("scan", Status::kError, "1", "af-south-1", "1/af-south-1");
  scope.resource_type = "scope";
  r.findings = {scope, finding("instance-has-role", Status::kPass, "1", "us-east-1", "i-1")};
  EXPECT_EQ(exit_code_for(r, Severity::kLow), ExitCode::kPartial);
  apply_config(c, r, nullptr, day("2026-01-01"));
  EXPECT_EQ(r.findings[0].status, Status::kMuted);
  EXPECT_EQ(exit_code_for(r, Severity::kLow), ExitCode::kOk);
}

}  // namespace
}  // namespace rolecall::config

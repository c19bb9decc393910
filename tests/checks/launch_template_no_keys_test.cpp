// launch-template-no-keys (docs/checks/launch-template-no-keys.md): PASS when no version's user data
// holds a real credential; FAIL when some version does (evidence names the versions and the first
// location); ERROR when the region's templates could not be read (one scope finding) or a
// version's user data could not be decoded.
#include <gtest/gtest.h>

#include "tests/checks/fixture.h"

namespace rolecall::checks {
namespace {

using namespace rolecall::testing;

constexpr const char* kTemplateNoKeysId = "launch-template-no-keys";

// A template "lt-<name>" whose versions 1.. hold `user_data` (base64, "" for none).
void add_template(Fixture& fx, const std::string& name, const std::vector<std::string>& user_data) {
  LaunchTemplate lt{"lt-" + name, name, kAccount, "us-east-1", 1, static_cast<long long>(user_data.size()), {}};
  for (std::size_t i = 0; i < user_data.size(); ++i) {
    lt.versions.push_back({lt.id, name, static_cast<long long>(i + 1), i == 0, user_data[i], "", "", ""});
  }
  fx.region->launch_templates.push_back(std::move(lt));
}

TEST(LaunchTemplateNoKeys, FailsATemplateWithKeysInAnyVersion) {
  Fixture fx;
  const auto v = run_verdicts(fx.inventory, {&launch_template_no_keys_check()});
  EXPECT_EQ(status_of(v, "lt-clean", kTemplateNoKeysId), Status::kPass);
  EXPECT_EQ(status_of(v, "lt-leaky", kTemplateNoKeysId), Status::kFail);  // only an old, non-default version leaks
  EXPECT_EQ(v.size(), 2u) << "one finding per template, none for instances";
}

TEST(LaunchTemplateNoKeys, EvidenceListsTheVersionsAndTheFirstLocation) {
  Fixture fx;
  add_template(fx, "twice", {kKeysB64, kBenignB64, kKeysB64});
  const auto findings = findings_of(launch_template_no_keys_check(), fx.inventory);
  const Finding leaky = finding_on(findings, kTemplateNoKeysId, "lt-leaky");
  EXPECT_EQ(leaky.severity, Severity::kCritical);
  EXPECT_EQ(leaky.resource_type, "launch-template");
  EXPECT_EQ(leaky.evidence.detail, "versions with credentials: 2");
  EXPECT_EQ(leaky.evidence.location.rfind("version 2 > user-data", 0), 0u) << leaky.evidence.location;
  EXPECT_EQ(leaky.evidence.key_id_redacted, "AKIA\u2026DF23");
  EXPECT_EQ(leaky.evidence.fingerprint.size(), 64u);
  const Finding twice = finding_on(findings, kTemplateNoKeysId, "lt-twice");
  EXPECT_EQ(twice.status, Status::kFail);
  EXPECT_EQ(twice.evidence.detail, "versions with credentials: 1, 3");
  EXPECT_EQ(twice.evidence.location.rfind("version 1 > ", 0), 0u) << twice.evidence.location;
  for (const auto& f : findings) {
    for (const std::string* text : {&f.message, &f.evidence.location, &f.evidence.detail}) {
      EXPECT_EQ(text->find("AKIAQWERTYUIOPASDF23"), std::string::npos);
      EXPECT_EQ(text->find("q8Zr3Lw9Tx2Vb7Nm4Kp1"), std::string::npos);
    }
  }
}

TEST(LaunchTemplateNoKeys, ExampleKeysAndEmptyVersionsPass) {
  Fixture fx;
  add_template(fx, "example", {"", kExampleB64});
  add_template(fx, "no-versions", {});
  const auto v = run_verdicts(fx.inventory, {&launch_template_no_keys_check()});
  EXPECT_EQ(status_of(v, "lt-example", kTemplateNoKeysId), Status::kPass);
  EXPECT_EQ(status_of(v, "lt-no-versions", kTemplateNoKeysId), Status::kPass);
}

TEST(LaunchTemplateNoKeys, UndecodableVersionIsError) {
  Fixture fx;
  add_template(fx, "garbled", {kBenignB64, "#!/bin/bash\n"});
  const Finding f =
      finding_on(findings_of(launch_template_no_keys_check(), fx.inventory), kTemplateNoKeysId, "lt-garbled");
  EXPECT_EQ(f.status, Status::kError);
  EXPECT_NE(f.message.find("version 2"), std::string::npos) << f.message;
}

TEST(LaunchTemplateNoKeys, LaunchTemplateReadFailureIsError) {
  Fixture fx;
  fx.region->launch_templates_error = Error::service(ErrorKind::kThrottled, "RequestLimitExceeded", "throttled", 503);
  const auto v = run_verdicts(fx.inventory, {&launch_template_no_keys_check()});
  EXPECT_EQ(status_of(v, "111111111111/us-east-1", kTemplateNoKeysId), Status::kError);
  EXPECT_FALSE(status_of(v, "lt-leaky", kTemplateNoKeysId));
  const auto findings = findings_of(launch_template_no_keys_check(), fx.inventory);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].resource_type, "scope");
  EXPECT_EQ(findings[0].region, "us-east-1");
}

}  // namespace
}  // namespace rolecall::checks

// Key intelligence in the key checks (docs/checks/user-data-no-keys.md, "Key intelligence"): the
// severity a key's state gives (a pure function), the evidence and message both key checks carry,
// the key ids the pipeline looks up, and findings left as they are when nothing was looked up.
#include "checks/key_intel.h"

#include <gtest/gtest.h>

#include "base/iso8601.h"
#include "support/encode.h"
#include "tests/checks/fixture.h"

namespace rolecall::checks {
namespace {

using namespace rolecall::testing;
using std::chrono::hours;
using testing::base64;

constexpr const char* kKeyId = "AKIAQWERTYUIOPASDF23";  // what kKeysB64 holds
const auto kNow = *base::parse_iso8601("2026-12-05T12:00:00Z");

KeyIntel intel(KeyState state, std::string last_used = "") {
  KeyIntel k;
  k.state = state;
  k.owner_account = kAccount;
  k.in_scope = state != KeyState::kForeign;
  if (state == KeyState::kActive || state == KeyState::kInactive) {
    k.user = "legacy-deploy";
    k.created = "2024-01-10T09:00:00Z";
    k.last_used = std::move(last_used);
    k.service = k.last_used.empty() ? "N/A" : "s3";
    k.region = k.last_used.empty() ? "N/A" : "us-east-1";
  }
  return k;
}

TEST(KeySeverity, FollowsTheKeysState) {
  const Severity fallback = Severity::kCritical;
  EXPECT_EQ(key_severity(intel(KeyState::kActive, "2026-12-01T00:00:00Z"), fallback, kNow), Severity::kCritical);
  EXPECT_EQ(key_severity(intel(KeyState::kActive, base::format_iso8601(kNow - kRecentKeyUse)), fallback, kNow),
            Severity::kCritical);  // exactly 90 days ago is still recent
  EXPECT_EQ(
      key_severity(intel(KeyState::kActive, base::format_iso8601(kNow - kRecentKeyUse - hours(1))), fallback, kNow),
      Severity::kHigh);
  EXPECT_EQ(key_severity(intel(KeyState::kActive, ""), fallback, kNow), Severity::kHigh);  // never used
  EXPECT_EQ(key_severity(intel(KeyState::kInactive, "2026-12-01T00:00:00Z"), fallback, kNow), Severity::kMedium);
  EXPECT_EQ(key_severity(intel(KeyState::kDeleted), fallback, kNow), Severity::kLow);
  EXPECT_EQ(key_severity(intel(KeyState::kForeign), fallback, kNow), fallback);
  EXPECT_EQ(key_severity(intel(KeyState::kUnknown), Severity::kHigh, kNow), Severity::kHigh);
}

TEST(KeyIntelText, SaysWhatIsKnownAndWhatFailed) {
  EXPECT_EQ(describe_key_intel(intel(KeyState::kActive, "2026-12-01T00:00:00Z")),
            "Active, account 111111111111 (in scope), user legacy-deploy, created 2024-01-10T09:00:00Z, last used "
            "2026-12-01T00:00:00Z (s3, us-east-1)");
  EXPECT_EQ(describe_key_intel(intel(KeyState::kInactive)),
            "Inactive, account 111111111111 (in scope), user legacy-deploy, created 2024-01-10T09:00:00Z, never used");
  EXPECT_EQ(describe_key_intel(intel(KeyState::kDeleted)),
            "deleted: account 111111111111 (in scope), no user holds it (still scrub it)");
  EXPECT_EQ(describe_key_intel(intel(KeyState::kForeign)), "another account, not in scope: 111111111111");
  KeyIntel failed;
  failed.error = Error::access_denied("sts:GetAccessKeyInfo: not authorized");
  EXPECT_EQ(describe_key_intel(failed), "lookup failed: sts:GetAccessKeyInfo: not authorized");
}

TEST(KeyIdsAtRest, LongTermKeysOfJudgedInstancesAndEveryTemplateVersion) {
  Fixture fx;
  fx.add_instance("i-gone", "app").user_data = base64("export AWS_ACCESS_KEY_ID=AKIAMZ4Q7RXW2KTN6BPL\n");
  fx.inventory.regions[0].instances.back().state = "terminated";  // not judged: not looked up
  LaunchTemplate lt{"lt-1", "web", kAccount, "us-east-1", 1, 2, {}};
  lt.versions.push_back({"lt-1", "web", 1, true, "", "", "", ""});
  lt.versions.push_back({"lt-1", "web", 2, false, base64("aws_access_key_id = AKIAJ7QXKZ4MWN2RB5TE\n"), "", "", ""});
  fx.region->launch_templates.push_back(lt);
  fx.add_instance("i-temp", "app").user_data = base64("export AWS_ACCESS_KEY_ID=ASIAQWERTYUIOPASDF24\n");
  EXPECT_EQ(key_ids_at_rest(fx.inventory), (std::set<std::string>{kKeyId, "AKIAJ7QXKZ4MWN2RB5TE"}));
}

TEST(KeyIdsAtRest, TheChecksReuseTheScansTheLookupsMade) {
  Fixture fx;
  KeyScanCache scans("user-data");
  EXPECT_EQ(key_ids_at_rest(fx.inventory, &scans), (std::set<std::string>{kKeyId}));
  const std::string& user_data = kKeysB64;  // i-keys's user data: key_ids_at_rest scanned it
  const auto* made = &scans.scan(user_data);
  ASSERT_TRUE(*made);
  EXPECT_FALSE((*made)->empty());
  // A cache over the shared one answers with the shared scan itself (no second scan)...
  KeyScanCache reader("user-data", &scans);
  EXPECT_EQ(&reader.scan(user_data), made);
  // ...and scans what the shared one lacks on its own, leaving the shared one as it was.
  const std::string other = base64("export AWS_ACCESS_KEY_ID=AKIAMZ4Q7RXW2KTN6BPL\n");
  ASSERT_TRUE(reader.scan(other));
  EXPECT_EQ(reader.scan(other)->size(), 1u);
  KeyScanCache fresh("user-data", &scans);
  EXPECT_NE(&fresh.scan(other), &reader.scan(other));
  // Scans of another origin are not shared (their locations would say the wrong place).
  KeyScanCache files("file", &scans);
  EXPECT_NE(&files.scan(user_data), made);
  // Judged with the shared scans, the findings are those judged without them.
  CheckContext with;
  with.key_scans = &scans;
  EXPECT_EQ(findings_of(user_data_no_keys_check(), fx.inventory, with).size(),
            findings_of(user_data_no_keys_check(), fx.inventory, CheckContext{}).size());
  EXPECT_EQ(
      finding_on(findings_of(user_data_no_keys_check(), fx.inventory, with), "user-data-no-keys", "i-keys").message,
      finding_on(findings_of(user_data_no_keys_check(), fx.inventory, CheckContext{}), "user-data-no-keys", "i-keys")
          .message);
}

TEST(KeyIntelInChecks, SeverityEvidenceAndMessageFollowTheLookup) {
  Fixture fx;
  CheckContext context;
  context.now = kNow;
  // Nothing looked up (offline, --no-key-intel): the default severity, no key_intel.
  Finding plain =
      finding_on(findings_of(user_data_no_keys_check(), fx.inventory, context), "user-data-no-keys", "i-keys");
  EXPECT_EQ(plain.severity, Severity::kCritical);
  EXPECT_EQ(plain.evidence.key_intel, "");

  struct Case {
    KeyIntel intel;
    Severity severity;
    const char* says;
  };
  const Case cases[] = {
      {intel(KeyState::kActive, "2026-12-01T00:00:00Z"), Severity::kCritical, "Active"},
      {intel(KeyState::kActive, "2025-01-01T00:00:00Z"), Severity::kHigh, "last used 2025-01-01"},
      {intel(KeyState::kInactive, "2025-01-01T00:00:00Z"), Severity::kMedium, "Inactive"},
      {intel(KeyState::kDeleted), Severity::kLow, "still scrub it"},
      {intel(KeyState::kForeign), Severity::kCritical, "another account, not in scope"},
      {KeyIntel{KeyState::kUnknown, "", false, "", "", "", "", "", Error::access_denied("denied")}, Severity::kCritical,
       "lookup failed: denied"},
  };
  for (const auto& c : cases) {
    fx.inventory.key_intel[kKeyId] = c.intel;
    Finding f =
        finding_on(findings_of(user_data_no_keys_check(), fx.inventory, context), "user-data-no-keys", "i-keys");
    EXPECT_EQ(f.status, Status::kFail);  // whatever the lookup says, a found key is a FAIL
    EXPECT_EQ(f.severity, c.severity) << c.says;
    EXPECT_EQ(f.evidence.key_intel.rfind("AKIA\u2026DF23: ", 0), 0u) << f.evidence.key_intel;
    EXPECT_NE(f.evidence.key_intel.find(c.says), std::string::npos) << f.evidence.key_intel;
    EXPECT_NE(f.message.find(f.evidence.key_intel), std::string::npos) << f.message;
    EXPECT_EQ(f.evidence.key_intel.find(kKeyId), std::string::npos);  // redacted
  }
}

TEST(KeyIntelInChecks, LaunchTemplatesTakeTheWorstOfTheirKeys) {
  Fixture fx;
  LaunchTemplate lt{"lt-2", "worker", kAccount, "us-east-1", 2, 2, {}};
  lt.versions.push_back({"lt-2", "worker", 1, false, base64("aws_access_key_id = AKIAJ7QXKZ4MWN2RB5TE\n"), "", "", ""});
  lt.versions.push_back({"lt-2", "worker", 2, true, base64("aws_access_key_id = AKIAV3HPLQ6ZTC7YW2NS\n"), "", "", ""});
  fx.region->launch_templates.push_back(lt);
  fx.inventory.key_intel["AKIAJ7QXKZ4MWN2RB5TE"] = intel(KeyState::kDeleted);
  fx.inventory.key_intel["AKIAV3HPLQ6ZTC7YW2NS"] = intel(KeyState::kInactive);
  CheckContext context;
  context.now = kNow;
  Finding f = finding_on(findings_of(launch_template_no_keys_check(), fx.inventory, context), "launch-template-no-keys",
                         "lt-2");
  EXPECT_EQ(f.severity, Severity::kMedium);
  EXPECT_NE(f.evidence.key_intel.find("AKIA\u2026B5TE: deleted"), std::string::npos) << f.evidence.key_intel;
  EXPECT_NE(f.evidence.key_intel.find("AKIA\u2026W2NS: Inactive"), std::string::npos) << f.evidence.key_intel;
}

}  // namespace
}  // namespace rolecall::checks

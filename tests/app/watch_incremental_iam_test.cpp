// rolecall::watch's incremental re-audit of IAM and access key changes against the emulator: what a
// change names (a role, a managed policy, an instance profile, a key found at rest) is read alone,
// not the account's whole IAM nor the account as a scan, unless the single reads are denied.
#include <gtest/gtest.h>

#include "base/redact.h"
#include "watch_incremental_fixture.h"

namespace rolecall::testing {
namespace {

TEST_F(WatchIncremental, AnInlinePolicyPutOnARoleRereadsThatRoleAlone) {
  std::set<std::string> using_role;
  std::size_t inline_policies = 0;
  Run run = watch_once([&](const Inventory& first) {
    auto [role, users] = watch_plain_role(first);
    ASSERT_NE(role, nullptr);
    using_role = users;
    inline_policies = role->inline_policies.size() + 1;
    put_everything_policy(role->name);
  });
  ASSERT_FALSE(using_role.empty());
  EXPECT_EQ(run.calls["GetAccountAuthorizationDetails"], 0) << "not the account's whole IAM";
  EXPECT_EQ(run.calls["GetRole"], 1);
  EXPECT_EQ(run.calls["GetRolePolicy"], static_cast<int>(inline_policies)) << "each inline policy's document";
  EXPECT_EQ(watch_new_admin_fails(run.changes), using_role) << "every instance using the role turns FAIL";
}

TEST_F(WatchIncremental, APolicyNeverReadAttachedToARoleAndItsNewVersionAreReadAlone) {
  std::set<std::string> using_role;
  Run run = watch_once([&](const Inventory& first) {
    auto [role, users] = watch_plain_role(first);
    ASSERT_NE(role, nullptr);
    using_role = users;
    const std::string arn = "arn:aws:iam::" + account_ + ":policy/grows";
    call_query("iam", "us-east-1", "CreatePolicy",
               {{"PolicyName", "grows"},
                {"PolicyDocument", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",)"
                                   R"("Resource":"*"}]})"}});
    call_query("iam", "us-east-1", "AttachRolePolicy", {{"RoleName", role->name}, {"PolicyArn", arn}});
    call_query("iam", "us-east-1", "CreatePolicyVersion",
               {{"PolicyArn", arn}, {"SetAsDefault", "true"}, {"PolicyDocument", kEverythingDocument}});
  });
  ASSERT_FALSE(using_role.empty());
  EXPECT_EQ(run.calls["GetAccountAuthorizationDetails"], 0) << "not the account's whole IAM";
  EXPECT_EQ(run.calls["GetRole"], 1);
  EXPECT_EQ(run.calls["GetPolicy"], 1) << "the policy the role now attaches, once";
  EXPECT_EQ(run.calls["GetPolicyVersion"], 1) << "its default version: the new one";
  EXPECT_EQ(watch_new_admin_fails(run.changes), using_role) << "the new version grants everything";
}

// The auditor may read IAM only as a whole (GetAccountAuthorizationDetails: scan.json).
class WatchIncrementalWholeIamOnly : public WatchIncremental {
 protected:
  void adjust(nlohmann::json& estate) override {
    estate["accounts"][0]["users"][0]["inline_policies"].push_back(
        {{"name", "no-single-reads"},
         {"document",
          {{"Version", "2012-10-17"},
           {"Statement", {{{"Effect", "Deny"}, {"Action", {"iam:GetRole", "iam:GetPolicy"}}, {"Resource", "*"}}}}}}});
  }
};

TEST_F(WatchIncrementalWholeIamOnly, ADeniedSingleReadFallsBackToTheAccountsIam) {
  std::set<std::string> using_role;
  Run run = watch_once([&](const Inventory& first) {
    auto [role, users] = watch_plain_role(first);
    ASSERT_NE(role, nullptr);
    using_role = users;
    put_everything_policy(role->name);
  });
  ASSERT_FALSE(using_role.empty());
  EXPECT_EQ(run.calls["GetRole"], 1) << "tried, denied";
  EXPECT_GE(run.calls["GetAccountAuthorizationDetails"], 1) << "then the whole read";
  EXPECT_NE(incremental_note(run), "") << "still an incremental audit, not a scan";
  EXPECT_EQ(watch_new_admin_fails(run.changes), using_role);
}

// A deploy user's key written into one instance's user data (a leak rolecall finds at rest).
class WatchIncrementalPlantedKey : public WatchIncremental {
 protected:
  void adjust(nlohmann::json& estate) override {
    auto& account = estate["accounts"][0];
    account["users"].push_back({{"name", "deploy"},
                                {"access_keys",
                                 {{{"id", "AKIAZ7Q3RSTUVWXY2345"},
                                   {"secret", "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"},
                                   {"status", "Active"}}}},
                                {"attached_policy_arns", nlohmann::json::array()},
                                {"inline_policies", nlohmann::json::array()}});
    account["instances"][0]["user_data"] =
        "IyEvYmluL2Jhc2gKZXhwb3J0IEFXU19BQ0NFU1NfS0VZX0lEPUFLSUFaN1EzUlNUVVZXWFkyMzQ1CmV4cG9ydCBBV1NfU0VDUkVUX0FDQ0VTU1"
        "9LRVk9cThKdDN2MExtNVh3WnAyUms3WW40QmM5SGQ2RmcxU2EwVWUzV2k1Twphd3MgczMgc3luYyBzMzovL2J1aWxkcyAvb3B0L2FwcAo=";
  }
};

TEST_F(WatchIncrementalPlantedKey, AKeyFoundAtRestMadeInactiveJudgesAgainWhereItSitsOnly) {
  std::string key_id;
  Run run = watch_once([&](const Inventory& first) {
    for (const auto& [id, intel] : first.key_intel) {
      if (intel.state != KeyState::kActive || !intel.in_scope || intel.owner_account != account_) continue;
      key_id = id;
      call_query("iam", "us-east-1", "UpdateAccessKey",
                 {{"UserName", intel.user}, {"AccessKeyId", id}, {"Status", "Inactive"}});
      break;
    }
  });
  ASSERT_FALSE(key_id.empty()) << "the estate holds an active in-scope key at rest";
  ASSERT_EQ(run.audits.size(), 1u);
  // Where the first scan found the key: instances, and launch templates whose versions carry it.
  const std::string redacted = base::redact_key_id(key_id);
  std::set<std::string> holders;
  std::size_t instances = 0;
  for (const auto& f : run.first_findings) {
    if (f.evidence.key_id_redacted != redacted && f.evidence.key_intel.find(redacted) == std::string::npos) continue;
    holders.insert(f.resource_id);
    if (f.resource_type == "instance") ++instances;
  }
  ASSERT_FALSE(holders.empty());
  EXPECT_EQ(incremental_note(run), fmt::format("re-audited incrementally: {} instance(s) collected, {} resource(s) "
                                               "judged again",
                                               instances, holders.size()))
      << "where the key sits, not the account as a scan";
  EXPECT_EQ(run.calls["GetAccountAuthorizationDetails"], 0);
  EXPECT_GE(run.calls["GetAccessKeyLastUsed"], 1) << "the key's intel is looked up again";
  // Every changed verdict is a key finding holding that key, still FAIL, now medium (Inactive).
  ASSERT_FALSE(run.changes.empty());
  for (const auto& c : run.changes) {
    EXPECT_TRUE(holders.contains(c.finding.resource_id)) << c.finding.resource_id;
    EXPECT_NE(c.finding.evidence.key_intel.find("Inactive"), std::string::npos) << c.finding.evidence.key_intel;
    EXPECT_EQ(c.kind, VerdictChange::Kind::kChanged);
    EXPECT_EQ(c.before, Status::kFail);
    EXPECT_EQ(c.finding.severity, Severity::kMedium) << "an Inactive key's finding";
    EXPECT_TRUE(c.severity_before && *c.severity_before != Severity::kMedium);
  }
}

}  // namespace
}  // namespace rolecall::testing

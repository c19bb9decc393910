// Key migration planning (remediate/key_migration.h): which instances move and which keys retire,
// from keys at rest and CloudTrail evidence; the planner's rule for a migrating instance.
#include "remediate/key_migration.h"

#include <gtest/gtest.h>

#include "base/sha256.h"
#include "remediate/planner.h"
#include "support/encode.h"

namespace rolecall::remediate {
namespace {

constexpr const char* kMigAccount = "111111111111";
constexpr const char* kMigKey = "AKIAQWERTYUIOPASDF23";
constexpr const char* kMigOtherKey = "AKIAZXCVBNMLKJHGFD45";
constexpr const char* kMigSecret = "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";

std::string mig_user_data(const std::string& key) {
  return testing::base64("#!/bin/bash\nexport AWS_ACCESS_KEY_ID=" + key +
                         "\nexport AWS_SECRET_ACCESS_KEY=" + kMigSecret + "\n");
}

Instance mig_instance(const std::string& id, const std::string& subnet, const std::string& private_ip,
                      const std::string& public_ip = "") {
  Instance i;
  i.id = id;
  i.account_id = kMigAccount;
  i.region = "us-east-1";
  i.state = "running";
  i.vpc_id = "vpc-1";
  i.subnet_id = subnet;
  i.private_ip = private_ip;
  i.public_ip = public_ip;
  return i;
}

KeyIntel mig_intel(KeyState state, const std::string& owner = kMigAccount) {
  KeyIntel k;
  k.state = state;
  k.owner_account = owner;
  k.in_scope = owner == kMigAccount;
  if (state == KeyState::kActive || state == KeyState::kInactive) k.user = "legacy-deploy";
  return k;
}

KeyUse mig_use(const std::string& key, const std::string& source) {
  KeyUse u;
  u.key_id = key;
  u.owner_account = kMigAccount;
  u.user = "legacy-deploy";
  u.region = "us-east-1";
  u.source_ip = source;
  u.events = 4;
  u.first_seen = "2026-11-01T00:00:00Z";
  u.last_seen = "2026-12-01T00:00:00Z";
  return u;
}

// One region: i-public (54.0.0.1), i-nat-a and i-nat-b behind nat-1 (198.18.0.9), i-quiet.
struct MigEstate {
  Inventory inventory;
  MigEstate() {
    RegionInventory& r = inventory.regions.emplace_back();
    r.account_id = kMigAccount;
    r.region = "us-east-1";
    r.egress_collected = true;
    r.instances = {mig_instance("i-public", "subnet-pub", "10.0.0.5", "54.0.0.1"),
                   mig_instance("i-nat-a", "subnet-priv", "10.0.1.5"),
                   mig_instance("i-nat-b", "subnet-priv", "10.0.1.6"),
                   mig_instance("i-quiet", "subnet-pub", "10.0.0.7", "54.0.0.7")};
    r.egress.nat_gateways = {{"nat-1", "vpc-1", {"198.18.0.9"}}};
    r.egress.main_nat["vpc-1"] = "nat-1";
    r.egress.subnet_nat["subnet-pub"] = "";
    inventory.key_evidence.collected = true;
  }
  Instance& at(const std::string& id) {
    for (auto& i : inventory.regions[0].instances) {
      if (i.id == id) return i;
    }
    throw std::logic_error("no instance " + id);
  }
  KeyMigration find() {
    checks::KeyScanCache scans("user-data");
    checks::KeyUseIndex uses(inventory);
    return find_key_migration(inventory, &uses, scans, {kMigAccount});
  }
};

TEST(KeyMigration, AKeyAtRestMovesItsInstanceAndIsRetiredByHashOnly) {
  MigEstate e;
  e.at("i-public").user_data = mig_user_data(kMigKey);
  e.inventory.key_intel[kMigKey] = mig_intel(KeyState::kActive);
  auto m = e.find();
  ASSERT_EQ(m.by_instance.size(), 1u);
  ASSERT_TRUE(m.by_instance.contains("i-public"));
  ASSERT_EQ(m.retire.size(), 1u);
  const KeyToRetire& k = m.retire[0];
  EXPECT_EQ(k.account_id, kMigAccount);
  EXPECT_EQ(k.user, "legacy-deploy");
  EXPECT_EQ(k.status, "Active");
  EXPECT_EQ(k.key_sha256, base::sha256_hex(kMigKey));
  EXPECT_EQ(k.key_id_redacted, "AKIA…DF23");
  EXPECT_EQ(k.instance_ids, std::vector<std::string>{"i-public"});
  EXPECT_EQ(k.blocked_reason, "");
  ASSERT_EQ(k.evidence.size(), 1u);
  EXPECT_TRUE(k.evidence[0].starts_with("user data of i-public (user-data > line 2)")) << k.evidence[0];
  // The full id appears nowhere a plan or a person reads.
  for (const auto& text : {k.key_id_redacted, k.evidence[0], migration_reason(m.by_instance["i-public"])}) {
    EXPECT_EQ(text.find(kMigKey), std::string::npos) << text;
  }
}

TEST(KeyMigration, AnExactUseMovesItsInstance) {
  MigEstate e;
  e.inventory.key_evidence.uses = {mig_use(kMigKey, "54.0.0.1")};
  auto m = e.find();
  ASSERT_TRUE(m.by_instance.contains("i-public"));
  ASSERT_EQ(m.retire.size(), 1u);
  EXPECT_EQ(m.retire[0].status, "") << "no key intelligence: status unknown";
  EXPECT_EQ(m.retire[0].blocked_reason, "");
  EXPECT_EQ(m.retire[0].evidence[0], "used from i-public (public IP 54.0.0.1), 4 calls, last 2026-12-01T00:00:00Z");
}

TEST(KeyMigration, AUseFromOutsideTheEstateKeepsTheKey) {
  MigEstate e;
  e.at("i-public").user_data = mig_user_data(kMigKey);
  e.inventory.key_intel[kMigKey] = mig_intel(KeyState::kActive);
  e.inventory.key_evidence.uses = {mig_use(kMigKey, "203.0.113.9")};
  auto m = e.find();
  ASSERT_EQ(m.retire.size(), 1u);
  EXPECT_TRUE(m.by_instance.contains("i-public")) << "the instance still moves onto its role";
  EXPECT_EQ(m.retire[0].blocked_reason, "also used from outside the estate (203.0.113.9)");
}

TEST(KeyMigration, ASharedNatAddressBlocksOnlyWhenAnInstanceBehindItDoesNotMove) {
  MigEstate e;
  e.at("i-nat-a").user_data = mig_user_data(kMigKey);
  e.inventory.key_intel[kMigKey] = mig_intel(KeyState::kActive);
  e.inventory.key_evidence.uses = {mig_use(kMigKey, "198.18.0.9")};
  auto m = e.find();
  ASSERT_EQ(m.retire.size(), 1u);
  EXPECT_NE(m.retire[0].blocked_reason.find("i-nat-b"), std::string::npos) << m.retire[0].blocked_reason;
  EXPECT_FALSE(m.by_instance.contains("i-nat-b")) << "an ambiguous use names no instance to move";

  e.at("i-nat-b").user_data = mig_user_data(kMigKey);  // both hold it: both move, the use is theirs
  auto both = e.find();
  ASSERT_EQ(both.retire.size(), 1u);
  EXPECT_EQ(both.retire[0].blocked_reason, "");
  EXPECT_EQ(both.retire[0].instance_ids, (std::vector<std::string>{"i-nat-a", "i-nat-b"}));
}

TEST(KeyMigration, KeysThatCannotBeRetiredAreWarningsNotMigrations) {
  for (auto [state, owner, why] : {std::tuple{KeyState::kDeleted, kMigAccount, "deleted"},
                                   std::tuple{KeyState::kForeign, "999999999999", "999999999999"},
                                   std::tuple{KeyState::kUnknown, "", "could not be looked up"}}) {
    MigEstate e;
    e.at("i-public").user_data = mig_user_data(kMigOtherKey);
    e.inventory.key_intel[kMigOtherKey] = mig_intel(state, owner);
    auto m = e.find();
    EXPECT_TRUE(m.by_instance.empty()) << why;
    EXPECT_TRUE(m.retire.empty()) << why;
    ASSERT_EQ(m.warnings.size(), 1u) << why;
    EXPECT_NE(m.warnings[0].find(why), std::string::npos) << m.warnings[0];
    EXPECT_NE(m.warnings[0].find("AKIA…FD45"), std::string::npos) << m.warnings[0];
  }
  MigEstate e;  // an owner outside the scope, from the evidence alone
  KeyUse u = mig_use(kMigOtherKey, "54.0.0.7");
  u.owner_account = "999999999999";
  e.inventory.key_evidence.uses = {u};
  auto m = e.find();
  EXPECT_TRUE(m.retire.empty());
  ASSERT_EQ(m.warnings.size(), 1u);
  EXPECT_NE(m.warnings[0].find("not in scope"), std::string::npos) << m.warnings[0];
}

TEST(KeyMigration, AKeyIsKeptWhenOneOfItsInstancesIsNotMoved) {
  Plan plan;
  plan.migrate_keys = true;
  PlannedAction moved;
  moved.kind = ActionKind::kAssociate;
  moved.before.instance_id = "i-a";
  PlannedAction stuck;
  stuck.kind = ActionKind::kBlocked;
  stuck.before.instance_id = "i-b";
  stuck.reason = "instance is terminated";
  plan.actions = {moved, stuck};
  KeyToRetire one{kMigAccount, "u", "AKIA…SF23", base::sha256_hex(kMigKey), "Active", {"i-a"}, {}, ""};
  KeyToRetire two{kMigAccount, "u", "AKIA…FD45", base::sha256_hex(kMigOtherKey), "Active", {"i-a", "i-b"}, {}, ""};
  KeyToRetire three{kMigAccount, "u", "AKIA…0000", base::sha256_hex("x"), "Active", {"i-c"}, {}, ""};
  plan.retire_keys = {one, two, three};
  settle_retirements(plan);
  EXPECT_EQ(plan.retire_keys[0].blocked_reason, "");
  EXPECT_EQ(plan.retire_keys[1].blocked_reason, "i-b is not moved to a role (instance is terminated)");
  EXPECT_EQ(plan.retire_keys[2].blocked_reason, "i-c is not in the plan");
}

TEST(KeyMigrationPlanner, AMigratingInstanceLeavesAPassingProfileForTheTarget) {
  InstanceFacts f;
  f.live = {"i-1",         kMigAccount, "us-east-1", "running", "arn:aws:iam::111111111111:instance-profile/ok",
            "iip-assoc-1", "ebs",       ""};
  f.association_state = "associated";
  f.target.profile = {"arn:aws:iam::111111111111:instance-profile/app", "app", "arn:aws:iam::111111111111:role/app"};
  f.verdicts = {{"instance-has-role", Status::kPass}, {"role-not-admin", Status::kPass}};
  EXPECT_EQ(plan_instance(f).kind, ActionKind::kSkip) << "without a key, a passing profile stays";
  f.migrate_reason = "key AKIA…SF23 of user u (account 111111111111): user data of i-1";
  auto a = plan_instance(f);
  EXPECT_EQ(a.kind, ActionKind::kReplace);
  EXPECT_EQ(a.reason, f.migrate_reason);
  EXPECT_TRUE(a.fixes.empty()) << "no check fails: the move fixes the key's use, not a verdict";
  f.live.profile_arn = f.target.profile.arn;  // already on the target: nothing to change, the key still retires
  auto on_target = plan_instance(f);
  EXPECT_EQ(on_target.kind, ActionKind::kSkip);
  EXPECT_EQ(on_target.target.arn, f.target.profile.arn);
  f.live.profile_arn.clear();
  auto associate = plan_instance(f);
  EXPECT_EQ(associate.kind, ActionKind::kAssociate);
  EXPECT_EQ(associate.reason, "instance-has-role; " + f.migrate_reason);
}

}  // namespace
}  // namespace rolecall::remediate

// The deactivate phase of a key migration cut off mid-way (issue 12 §3): `apply --resume` finds the
// key a cut-off call already set Inactive instead of calling again, sets the one whose call never
// went out, and leaves the one never reached; rollback then sets back exactly what the run changed.
// Also the gate's journal rules: no deactivation before the plan was applied, nor after its
// migration was rolled back.
#include <gtest/gtest.h>

#include <atomic>

#include "aws/ops/iam_access_keys.h"
#include "base/redact.h"
#include "base/sha256.h"
#include "base/sync.h"
#include "fixture.h"
#include "remediate/key_retire.h"
#include "remediate/rollback.h"

namespace rolecall::remediate {
namespace {

using namespace rolecall::testing;
using KeyRetireTest = RemediateFixture;

struct HeldKey {
  std::string account;
  std::string user;
  std::string id;
};

// Every Active key of an IAM user other than the callers' own (the estate's leaked keys).
std::vector<HeldKey> active_keys(const nlohmann::json& state) {
  std::vector<HeldKey> out;
  for (const auto& a : state["accounts"]) {
    for (const auto& u : a.value("users", nlohmann::json::array())) {
      if (u["name"] == "rolecall-auditor") continue;
      for (const auto& k : u.value("access_keys", nlohmann::json::array())) {
        if (k["status"] == "Active") out.push_back({a["id"], u["name"], k["id"]});
      }
    }
  }
  return out;
}

std::string status_of(const nlohmann::json& state, const std::string& key_id) {
  for (const auto& a : state["accounts"]) {
    for (const auto& u : a.value("users", nlohmann::json::array())) {
      for (const auto& k : u.value("access_keys", nlohmann::json::array())) {
        if (k["id"] == key_id) return k["status"];
      }
    }
  }
  return "gone";
}

KeyToRetire to_retire(const HeldKey& k) {
  return {k.account, k.user, base::redact_key_id(k.id), base::sha256_hex(k.id), "Active", {}, {}, ""};
}

StepRecord intent_for(const std::string& run_id, const KeyToRetire& k) {
  StepRecord s;
  s.run_id = run_id;
  s.instance_id = key_step_resource(k.user, k.key_id_redacted);
  s.account_id = k.account_id;
  s.operation = kDeactivateKeyOp;
  s.before_association_id = "sha256:" + k.key_sha256;
  s.before_profile_arn = "Active";
  s.target_profile_arn = "Inactive";
  return s;
}

TEST_F(KeyRetireTest, ResumeNeitherRepeatsNorLosesAndRollbackRestoresExactly) {
  emulator::EmulatorOptions eo;
  emulator::GeneratorSpec spec;
  spec.accounts = 2;
  spec.regions = 1;
  spec.instances = 30;
  spec.seed = 4;
  eo.generate = spec;
  auto updates = std::make_shared<std::atomic<int>>(0);
  eo.log = [updates](const std::string& line) {
    if (line.find("UpdateAccessKey") != std::string::npos) ++*updates;
  };
  start(eo);
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  auto keys = active_keys(emu_->dump_state());
  ASSERT_GE(keys.size(), 3u) << "the estate needs three Active leaked keys";
  keys.resize(3);

  Plan plan;
  plan.migrate_keys = true;
  for (const auto& k : keys) plan.retire_keys.push_back(to_retire(k));
  RunRecord run;
  run.kind = kDeactivateRunKind;
  run.plan_json = plan_to_json(plan);
  auto run_id = journal_->begin_run(run);
  ASSERT_TRUE(run_id);
  // As a crash leaves it: key 0's call went out and AWS made the change; key 1's intent is journaled
  // but its call never left; key 2 was never reached.
  ASSERT_TRUE(journal_->record_intent(intent_for(*run_id, plan.retire_keys[0])));
  ASSERT_TRUE(journal_->record_intent(intent_for(*run_id, plan.retire_keys[1])));
  auto made = base::run_sync<aws::iam::UpdateAccessKeyResponse>(s->loop(), [&](auto done) {
    aws::iam::update_access_key(*callers_.at(keys[0].account), {keys[0].user, keys[0].id, "Inactive"}, std::move(done));
  });
  ASSERT_TRUE(made) << made.error().describe();
  const int calls_before = *updates;

  auto resumed = resume_deactivate(s->loop(), *journal_, callers_, *run_id, {});
  ASSERT_TRUE(resumed) << resumed.error().describe();
  EXPECT_EQ(*updates - calls_before, 1) << "only key 1's call is made: key 0 is found Inactive already";
  auto state = emu_->dump_state();
  EXPECT_EQ(status_of(state, keys[0].id), "Inactive");
  EXPECT_EQ(status_of(state, keys[1].id), "Inactive");
  EXPECT_EQ(status_of(state, keys[2].id), "Active") << "a key the gate never judged is not deactivated on resume";
  EXPECT_EQ(resumed->count(StepStatus::kVerified), 2u);
  ASSERT_EQ(resumed->instances.size(), 3u);
  EXPECT_EQ(resumed->instances[2].status, StepStatus::kSkipped);
  EXPECT_EQ(resumed->instances[2].reason, StepReason::kBlocked);
  for (const auto& i : resumed->instances) EXPECT_EQ(i.instance_id.find(keys[0].id), std::string::npos);

  // Someone reactivates key 1 by hand meanwhile: rollback leaves it alone and says so.
  auto by_hand = base::run_sync<aws::iam::UpdateAccessKeyResponse>(s->loop(), [&](auto done) {
    aws::iam::update_access_key(*callers_.at(keys[1].account), {keys[1].user, keys[1].id, "Active"}, std::move(done));
  });
  ASSERT_TRUE(by_hand);
  auto undo = plan_rollback(s->loop(), *journal_, callers_, *run_id, {});
  ASSERT_TRUE(undo) << undo.error().describe();
  EXPECT_EQ(undo->key_steps.size(), 2u);
  auto rolled = execute_rollback(s->loop(), *journal_, callers_, *undo, "test", fast_executor());
  ASSERT_TRUE(rolled) << rolled.error().describe();
  state = emu_->dump_state();
  EXPECT_EQ(status_of(state, keys[0].id), "Active");
  EXPECT_EQ(status_of(state, keys[1].id), "Active");
  EXPECT_EQ(status_of(state, keys[2].id), "Active");
  ASSERT_EQ(rolled->instances.size(), 2u);
  EXPECT_EQ(rolled->instances[0].status, StepStatus::kVerified);
  EXPECT_EQ(rolled->instances[1].status, StepStatus::kSkipped);
  EXPECT_EQ(rolled->instances[1].reason, StepReason::kAlreadyRestored);
}

TEST_F(KeyRetireTest, TheGateRefusesAPlanNotAppliedOrRolledBack) {
  emulator::EmulatorOptions eo;
  emulator::GeneratorSpec spec;
  spec.accounts = 1;
  spec.regions = 1;
  spec.instances = 10;
  spec.seed = 4;
  eo.generate = spec;
  start(eo);
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  Plan plan;
  plan.migrate_keys = true;
  GateOptions options;
  options.soak = std::chrono::seconds(0);
  options.now = std::chrono::system_clock::now();
  auto refused = check_deactivate_gate(s->loop(), *journal_, callers_, plan, options);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, kNotMigratedCode);

  RunRecord applied;
  applied.kind = "apply";
  applied.plan_json = plan_to_json(plan);
  applied.plan_digest = plan_digest(plan);
  auto id = journal_->begin_run(applied);
  ASSERT_TRUE(id);
  ASSERT_TRUE(journal_->finish_run(*id, RunStatus::kCompleted));
  auto gate = check_deactivate_gate(s->loop(), *journal_, callers_, plan, options);
  ASSERT_TRUE(gate) << gate.error().describe();
  EXPECT_EQ(gate->migration.run_id, *id);

  Plan other = plan;
  other.ticket = "CHG-2";  // another digest: that run is not its migration
  EXPECT_FALSE(check_deactivate_gate(s->loop(), *journal_, callers_, other, options));

  RunRecord rollback;
  rollback.kind = "rollback";
  rollback.parent_run_id = *id;
  ASSERT_TRUE(journal_->begin_run(rollback));
  auto after = check_deactivate_gate(s->loop(), *journal_, callers_, plan, options);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, kNotMigratedCode);
  EXPECT_NE(after.error().message.find("rolled back"), std::string::npos) << after.error().message;

  Plan plain;  // not a key migration at all
  EXPECT_FALSE(check_deactivate_gate(s->loop(), *journal_, callers_, plain, options));
}

}  // namespace
}  // namespace rolecall::remediate

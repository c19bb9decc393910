// Creating a key migration's rolecall-<user> roles against the emulator (issue 12 §3.1-3.2): the
// role is made with EC2-only trust, the run's tags and exactly the planned policies, then read back;
// a run cut between a call and its outcome resumes without calling CreateRole again; a role of the
// name the run did not make blocks; and rollback deletes only what the run made.
#include <gtest/gtest.h>

#include <atomic>

#include "aws/ops/iam_instance_profiles.h"
#include "aws/ops/iam_role_changes.h"
#include "aws/ops/iam_role_deletes.h"
#include "aws/ops/iam_roles.h"
#include "base/sync.h"
#include "fixture.h"
#include "remediate/create_profiles.h"
#include "remediate/create_roles.h"
#include "remediate/rollback.h"
#include "remediate/user_roles.h"

namespace rolecall::remediate {
namespace {

using namespace rolecall::testing;

constexpr const char* kRolesReadOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess";
constexpr const char* kRolesArtifacts =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})";

class CreateRolesTest : public RemediateFixture {
 protected:
  void SetUp() override {
    emulator::EmulatorOptions eo;
    emulator::GeneratorSpec spec;
    spec.accounts = 2;
    spec.regions = 1;
    spec.instances = 10;
    spec.seed = 3;
    eo.generate = spec;
    eo.log = [calls = create_calls_](const std::string& line) {
      if (line.find("CreateRole") != std::string::npos) ++*calls;
    };
    start(eo);
    session_ = session();
    ASSERT_TRUE(session_);
    resolve(*session_);
    // The member account: the organization's admin role reaches it (the auditor may not create roles).
    account_ = emu_->dump_state()["accounts"][1]["id"].get<std::string>();
    role_ = RoleToCreate{account_,
                         "legacy-deploy",
                         "rolecall-legacy-deploy",
                         {kRolesReadOnly},
                         {{"user.artifacts", "user legacy-deploy: artifacts", kRolesArtifacts}}};
  }

  std::string begin(const std::string& kind = "apply") {
    RunRecord run;
    run.kind = kind;
    auto id = journal_->begin_run(run);
    EXPECT_TRUE(id) << id.error().describe();
    return id ? *id : "";
  }

  // The role and profile named `name` in the account, as the emulator holds them (null when none).
  nlohmann::json role_now(const std::string& name) const {
    auto dump = emu_->dump_state();
    for (const auto& a : dump["accounts"]) {
      if (a["id"] != account_) continue;
      for (const auto& r : a["roles"])
        if (r["name"] == name) return r;
    }
    return nullptr;
  }
  bool profile_exists(const std::string& name) const {
    auto dump = emu_->dump_state();
    for (const auto& a : dump["accounts"]) {
      if (a["id"] != account_) continue;
      for (const auto& p : a["instance_profiles"])
        if (p["name"] == name) return true;
    }
    return false;
  }
  aws::AwsCaller& caller() { return *callers_.at(account_); }

  std::shared_ptr<std::atomic<int>> create_calls_ = std::make_shared<std::atomic<int>>(0);
  std::unique_ptr<aws::Session> session_;
  std::string account_;
  RoleToCreate role_;
};

TEST_F(CreateRolesTest, CreatesTagsAndVerifiesTheRoleThenRollbackDeletesItAndItsProfile) {
  const std::string run = begin();
  auto ready = create_roles(session_->loop(), *journal_, run, callers_, {role_}, {});
  ASSERT_TRUE(ready) << ready.error().describe();
  const std::string key = profile_arn_of(profile_of(role_));
  ASSERT_TRUE(ready->contains(key));
  EXPECT_EQ(ready->at(key).why, "");
  EXPECT_EQ(*create_calls_, 1) << "the emulator's log counts the CreateRole calls";
  auto made = role_now(role_.role_name);
  ASSERT_FALSE(made.is_null());
  EXPECT_EQ(made["attached_policy_arns"], nlohmann::json::array({kRolesReadOnly}));
  ASSERT_EQ(made["inline_policies"].size(), 1u);
  EXPECT_EQ(made["inline_policies"][0]["name"], "user.artifacts");
  EXPECT_EQ(made["inline_policies"][0]["document"], nlohmann::json::parse(kRolesArtifacts));
  EXPECT_EQ(made["trust_policy"], nlohmann::json::parse(user_role_trust_policy()));
  auto read = base::run_sync<aws::iam::GetRoleResponse>(
      session_->loop(), [&](auto done) { aws::iam::get_role(caller(), {role_.role_name}, std::move(done)); });
  ASSERT_TRUE(read);
  EXPECT_TRUE(made_by_run(read->role, run));
  EXPECT_FALSE(made_by_run(read->role, "r-other"));
  auto steps = journal_->steps(run);
  ASSERT_TRUE(steps);
  std::vector<std::string> ops;
  for (const auto& s : *steps) ops.push_back(s.operation + ":" + to_string(s.status));
  EXPECT_EQ(ops, (std::vector<std::string>{"create-role:done", "put-role-policy:done", "attach-role-policy:done",
                                           "verify-role:verified"}));
  ASSERT_TRUE(create_profiles(session_->loop(), *journal_, run, callers_, {profile_of(role_)}));
  ASSERT_TRUE(profile_exists(role_.role_name));
  ASSERT_TRUE(journal_->finish_run(run, RunStatus::kCompleted));

  auto undo = plan_rollback(session_->loop(), *journal_, callers_, run, {});
  ASSERT_TRUE(undo) << undo.error().describe();
  ASSERT_EQ(undo->roles.size(), 1u);
  EXPECT_TRUE(undo->roles[0].profile_created);
  auto rolled = execute_rollback(session_->loop(), *journal_, callers_, *undo, "test", fast_executor());
  ASSERT_TRUE(rolled) << rolled.error().describe();
  EXPECT_TRUE(role_now(role_.role_name).is_null());
  EXPECT_FALSE(profile_exists(role_.role_name));
  EXPECT_EQ(rolled->run.status, RunStatus::kCompleted);
  EXPECT_EQ(rolled->count(StepStatus::kFailed), 0u);

  // Rolled back again: both are already gone, which is not-found, not an error.
  auto again = plan_rollback(session_->loop(), *journal_, callers_, run, {});
  ASSERT_TRUE(again);
  auto twice = execute_rollback(session_->loop(), *journal_, callers_, *again, "test", fast_executor());
  ASSERT_TRUE(twice) << twice.error().describe();
  EXPECT_EQ(twice->count(StepStatus::kFailed), 0u);
  ASSERT_EQ(twice->instances.size(), 2u);  // the role and the profile
  for (const auto& i : twice->instances) EXPECT_EQ(i.reason, StepReason::kNotFound) << i.instance_id;
}

TEST_F(CreateRolesTest, ResumeAfterACutBetweenIntentAndOutcomeDoesNotCreateTwice) {
  const std::string run = begin();
  // As a crash leaves it: CreateRole's intent journaled, the call made (the role exists, tagged with
  // the run), no outcome.
  StepRecord intent;
  intent.run_id = run;
  intent.instance_id = role_step_resource(role_.role_name);
  intent.account_id = account_;
  intent.operation = kCreateRoleOp;
  intent.target_profile_arn = role_arn_of(role_);
  ASSERT_TRUE(journal_->record_intent(intent));
  aws::iam::CreateRoleRequest request{
      role_.role_name, user_role_trust_policy(), "", "", {{kCreatedByTag, kCreatedByValue}, {kRunIdTag, run}}};
  auto made = base::run_sync<aws::iam::CreateRoleResponse>(
      session_->loop(), [&](auto done) { aws::iam::create_role(caller(), request, std::move(done)); });
  ASSERT_TRUE(made) << made.error().describe();
  const int calls_before = *create_calls_;

  auto earlier = journal_->steps(run);
  ASSERT_TRUE(earlier);
  auto ready = create_roles(session_->loop(), *journal_, run, callers_, {role_}, *earlier);
  ASSERT_TRUE(ready) << ready.error().describe();
  EXPECT_EQ(ready->at(profile_arn_of(profile_of(role_))).why, "");
  EXPECT_EQ(*create_calls_ - calls_before, 0) << "the role the cut-off call made is recognised, not created again";
  auto role = role_now(role_.role_name);
  EXPECT_EQ(role["attached_policy_arns"], nlohmann::json::array({kRolesReadOnly}));
  EXPECT_EQ(role["inline_policies"].size(), 1u);

  // Resumed once more (all verified): nothing is called at all.
  auto all = journal_->steps(run);
  ASSERT_TRUE(all);
  const std::size_t steps_before = all->size();
  ASSERT_TRUE(create_roles(session_->loop(), *journal_, run, callers_, {role_}, *all));
  EXPECT_EQ(journal_->steps(run)->size(), steps_before);
}

TEST_F(CreateRolesTest, ARoleOfTheNameTheRunDidNotMakeBlocksAndIsNeverAdopted) {
  aws::iam::CreateRoleRequest request{role_.role_name, user_role_trust_policy(), "", "", {}};
  ASSERT_TRUE(base::run_sync<aws::iam::CreateRoleResponse>(
      session_->loop(), [&](auto done) { aws::iam::create_role(caller(), request, std::move(done)); }));
  const std::string run = begin();
  auto ready = create_roles(session_->loop(), *journal_, run, callers_, {role_}, {});
  ASSERT_TRUE(ready);
  const RoleReadiness& r = ready->at(profile_arn_of(profile_of(role_)));
  EXPECT_TRUE(r.blocked);
  EXPECT_NE(r.why.find("not made by this run"), std::string::npos) << r.why;
  auto role = role_now(role_.role_name);
  EXPECT_TRUE(role["attached_policy_arns"].empty()) << "nothing is attached to a role that is not the run's";
  EXPECT_TRUE(role["inline_policies"].empty());
  auto steps = journal_->steps(run);
  ASSERT_EQ(steps->size(), 1u);
  EXPECT_EQ(steps->at(0).status, StepStatus::kSkipped);
  EXPECT_EQ(steps->at(0).reason, StepReason::kBlocked);
  // Its rollback leaves it: the run did not make it.
  ASSERT_TRUE(journal_->finish_run(run, RunStatus::kCompleted));
  auto undo = plan_rollback(session_->loop(), *journal_, callers_, run, {});
  ASSERT_TRUE(undo);
  EXPECT_TRUE(undo->roles.empty());
}

TEST_F(CreateRolesTest, APolicyThatCannotBeAttachedFailsTheRoleWithTheReason) {
  role_.managed_policy_arns = {"arn:aws:iam::aws:policy/NoSuchPolicyAnywhere"};
  const std::string run = begin();
  auto ready = create_roles(session_->loop(), *journal_, run, callers_, {role_}, {});
  ASSERT_TRUE(ready);
  const RoleReadiness& r = ready->at(profile_arn_of(profile_of(role_)));
  EXPECT_FALSE(r.blocked);
  EXPECT_NE(r.why.find("NoSuchPolicyAnywhere not attached"), std::string::npos) << r.why;
  auto steps = journal_->steps(run);
  ASSERT_TRUE(steps);
  ASSERT_EQ(steps->size(), 3u) << "create, put, the failed attach; no verification of a role left unfinished";
  EXPECT_EQ(steps->at(2).operation, kAttachRolePolicyOp);
  EXPECT_EQ(steps->at(2).status, StepStatus::kFailed);
}

TEST_F(CreateRolesTest, TheUsersPermissionsBoundaryIsCarriedReadBackAndRolledBack) {
  role_.permissions_boundary_arn = kRolesReadOnly;  // any managed policy the account can name
  const std::string run = begin();
  auto ready = create_roles(session_->loop(), *journal_, run, callers_, {role_}, {});
  ASSERT_TRUE(ready) << ready.error().describe();
  EXPECT_EQ(ready->at(profile_arn_of(profile_of(role_))).why, "");
  auto made = role_now(role_.role_name);
  ASSERT_FALSE(made.is_null());
  EXPECT_EQ(made["permissions_boundary"], kRolesReadOnly) << made.dump();
  auto read = base::run_sync<aws::iam::GetRoleResponse>(
      session_->loop(), [&](auto done) { aws::iam::get_role(caller(), {role_.role_name}, std::move(done)); });
  ASSERT_TRUE(read);
  EXPECT_EQ(read->role.permissions_boundary_arn, kRolesReadOnly);
  auto steps = journal_->steps(run);
  ASSERT_TRUE(steps);
  EXPECT_EQ(steps->back().status, StepStatus::kVerified);
  ASSERT_TRUE(journal_->finish_run(run, RunStatus::kCompleted));
  auto undo = plan_rollback(session_->loop(), *journal_, callers_, run, {});
  ASSERT_TRUE(undo) << undo.error().describe();
  auto rolled = execute_rollback(session_->loop(), *journal_, callers_, *undo, "test", fast_executor());
  ASSERT_TRUE(rolled) << rolled.error().describe();
  EXPECT_EQ(rolled->count(StepStatus::kFailed), 0u);
  EXPECT_TRUE(role_now(role_.role_name).is_null()) << "a role with a boundary is deleted like any other";
}

TEST_F(CreateRolesTest, ABoundaryThatDoesNotExistFailsTheRoleWithTheReason) {
  role_.permissions_boundary_arn = "arn:aws:iam::aws:policy/NoSuchBoundaryAnywhere";
  const std::string run = begin();
  auto ready = create_roles(session_->loop(), *journal_, run, callers_, {role_}, {});
  ASSERT_TRUE(ready);
  const RoleReadiness& r = ready->at(profile_arn_of(profile_of(role_)));
  EXPECT_FALSE(r.blocked);
  EXPECT_NE(r.why.find("NoSuchEntity"), std::string::npos) << r.why;
  EXPECT_TRUE(role_now(role_.role_name).is_null()) << "no role without its boundary";
}

TEST_F(CreateRolesTest, RollbackLeavesARoleGivenSomethingSinceTheRun) {
  const std::string run = begin();
  ASSERT_TRUE(create_roles(session_->loop(), *journal_, run, callers_, {role_}, {}));
  ASSERT_TRUE(journal_->finish_run(run, RunStatus::kCompleted));
  // Someone attaches another policy to the role afterwards.
  const std::string extra = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
  ASSERT_TRUE(base::run_sync<aws::iam::RoleChangeResponse>(session_->loop(), [&](auto done) {
    aws::iam::attach_role_policy(caller(), {role_.role_name, extra}, std::move(done));
  }));
  auto undo = plan_rollback(session_->loop(), *journal_, callers_, run, {});
  ASSERT_TRUE(undo);
  auto rolled = execute_rollback(session_->loop(), *journal_, callers_, *undo, "test", fast_executor());
  ASSERT_TRUE(rolled) << rolled.error().describe();
  auto role = role_now(role_.role_name);
  ASSERT_FALSE(role.is_null()) << "a role changed since the run is left alone";
  EXPECT_EQ(role["attached_policy_arns"].size(), 2u) << "none of its policies was taken away either";
  ASSERT_EQ(rolled->instances.size(), 1u);
  EXPECT_EQ(rolled->instances[0].reason, StepReason::kChangedElsewhere);
  EXPECT_NE(rolled->instances[0].error.find(extra), std::string::npos) << rolled->instances[0].error;
}

}  // namespace
}  // namespace rolecall::remediate

#include <gtest/gtest.h>

#include <functional>

#include "remediate/planner.h"

namespace rolecall::remediate {
namespace {

constexpr const char* kTargetArn = "arn:aws:iam::111111111111:instance-profile/app-ec2";
constexpr const char* kTargetRole = "arn:aws:iam::111111111111:role/app-ec2";
constexpr const char* kOldArn = "arn:aws:iam::111111111111:instance-profile/admin-ec2";

InstanceFacts base(const std::string& id = "i-0000000000000001") {
  InstanceFacts f;
  f.live = {id, "111111111111", "us-east-1", "running", "", "", "ebs", ""};
  f.target.profile = {kTargetArn, "app-ec2", kTargetRole};
  f.verdicts["instance-has-role"] = Status::kFail;
  f.scanned_profile_known = true;
  return f;
}

InstanceFacts with_profile(const std::string& profile, std::map<std::string, Status> verdicts) {
  InstanceFacts f = base();
  f.live.profile_arn = profile;
  f.live.association_id = "iip-assoc-0000000000000001";
  f.association_state = "associated";
  f.scanned_profile_arn = profile;
  f.verdicts = std::move(verdicts);
  f.verdicts["instance-has-role"] = Status::kPass;
  return f;
}

// The lists derived from CheckInfo::fixed_by_plan are the ones the planner always had.
TEST(Planner, FixedChecksComeFromTheCheckRegistry) {
  EXPECT_EQ(associate_check(), "instance-has-role");
  EXPECT_EQ(replace_checks(),
            (std::vector<std::string>{"profile-has-role", "role-trusts-ec2", "role-not-admin", "role-is-approved"}));
  std::vector<std::string> judged;
  for (const auto* c : plan_checks()) judged.emplace_back(c->info().id);
  EXPECT_EQ(judged, (std::vector<std::string>{"instance-has-role", "profile-has-role", "role-is-approved",
                                              "role-not-admin", "role-trusts-ec2"}));
}

TEST(Planner, NoProfileIsAssociate) {
  auto a = plan_instance(base());
  EXPECT_EQ(a.kind, ActionKind::kAssociate) << a.reason;
  EXPECT_EQ(a.target.arn, kTargetArn);
  EXPECT_EQ(a.target.role_arn, kTargetRole);
  EXPECT_EQ(a.fixes, std::vector<std::string>{"instance-has-role"});
  EXPECT_EQ(a.before.instance_id, "i-0000000000000001");
  EXPECT_EQ(a.before.state, "running");
  EXPECT_EQ(a.before.root_device_type, "ebs");
}

TEST(Planner, EveryInappropriateProfileCheckIsReplace) {
  for (const auto& id : replace_checks()) {
    auto a = plan_instance(with_profile(kOldArn, {{id, Status::kFail}}));
    EXPECT_EQ(a.kind, ActionKind::kReplace) << id << ": " << a.reason;
    EXPECT_EQ(a.before.profile_arn, kOldArn);
    EXPECT_EQ(a.before.association_id, "iip-assoc-0000000000000001");
    EXPECT_EQ(a.target.arn, kTargetArn);
    EXPECT_EQ(a.fixes, std::vector<std::string>{id});
  }
}

TEST(Planner, SeveralFailuresAreAllFixed) {
  auto a = plan_instance(with_profile(
      kOldArn,
      {{"role-not-admin", Status::kFail}, {"role-trusts-ec2", Status::kFail}, {"profile-has-role", Status::kPass}}));
  ASSERT_EQ(a.kind, ActionKind::kReplace);
  EXPECT_EQ(a.fixes, (std::vector<std::string>{"role-trusts-ec2", "role-not-admin"}));
  EXPECT_EQ(a.reason, "role-trusts-ec2, role-not-admin");
}

TEST(Planner, RecreatedTargetProfileIsReplacedEvenWithTheSameArn) {
  auto a = plan_instance(with_profile(kTargetArn, {{"profile-has-role", Status::kFail}}));
  EXPECT_EQ(a.kind, ActionKind::kReplace) << a.reason;
}

TEST(Planner, AlreadyTargetIsSkip) {
  auto a =
      plan_instance(with_profile(kTargetArn, {{"profile-has-role", Status::kPass}, {"role-not-admin", Status::kPass}}));
  EXPECT_EQ(a.kind, ActionKind::kSkip);
  EXPECT_EQ(a.target.arn, kTargetArn);
}

TEST(Planner, CompliantOtherProfileIsSkip) {
  auto a = plan_instance(with_profile("arn:aws:iam::111111111111:instance-profile/app-web",
                                      {{"profile-has-role", Status::kPass}, {"role-not-admin", Status::kPass}}));
  EXPECT_EQ(a.kind, ActionKind::kSkip);
  EXPECT_NE(a.reason.find("passes every check"), std::string::npos);
}

TEST(Planner, ErrorIsNeverSkip) {
  InstanceFacts f = with_profile(kTargetArn, {{"role-not-admin", Status::kError}});
  f.errors = {"role-not-admin: IAM of account 111111111111 could not be read"};
  auto a = plan_instance(f);
  EXPECT_EQ(a.kind, ActionKind::kBlocked);
  EXPECT_NE(a.reason.find("could not be evaluated"), std::string::npos) << a.reason;
  // Without a message, the check id is named.
  f.errors.clear();
  a = plan_instance(f);
  EXPECT_EQ(a.kind, ActionKind::kBlocked);
  EXPECT_NE(a.reason.find("role-not-admin"), std::string::npos) << a.reason;
}

TEST(Planner, BlockReasons) {
  struct Case {
    const char* name;
    std::function<void(InstanceFacts&)> change;
    const char* needle;
  };
  std::vector<Case> cases{
      {"target role missing",
       [](InstanceFacts& f) { f.target.blocked_reason = "target role app does not exist in account 111111111111"; },
       "does not exist"},
      {"trust",
       [](InstanceFacts& f) {
         f.target.blocked_reason = "trust policy of target role app does not allow ec2.amazonaws.com";
       },
       "ec2.amazonaws.com"},
      {"admin", [](InstanceFacts& f) { f.target.blocked_reason = "target role app is admin-level: allows * on *"; },
       "admin-level"},
      {"terminated", [](InstanceFacts& f) { f.live.state = "terminated"; }, "terminated"},
      {"shutting-down", [](InstanceFacts& f) { f.live.state = "shutting-down"; }, "shutting-down"},
      {"passrole", [](InstanceFacts& f) { f.target.pass_role_denied = "no statement allows it"; }, "iam:PassRole"},
      {"scope", [](InstanceFacts& f) { f.scope_error = "eu-west-1: AuthFailure"; }, "could not be scanned"},
      {"gone", [](InstanceFacts& f) { f.found = false; }, "not found"},
      {"no target", [](InstanceFacts& f) { f.target.profile = {}; }, "no target"},
      {"stale scan", [](InstanceFacts& f) { f.scanned_profile_arn = kOldArn; }, "changed since the scan"},
  };
  for (const auto& c : cases) {
    InstanceFacts f = base();
    c.change(f);
    auto a = plan_instance(f);
    EXPECT_EQ(a.kind, ActionKind::kBlocked) << c.name;
    EXPECT_NE(a.reason.find(c.needle), std::string::npos) << c.name << ": " << a.reason;
    EXPECT_EQ(a.before.instance_id, f.live.instance_id) << c.name;
  }
}

TEST(Planner, ReplaceNeedsAReadableAssociatedAssociation) {
  InstanceFacts f = with_profile(kOldArn, {{"role-not-admin", Status::kFail}});
  f.association_state = "associating";
  EXPECT_EQ(plan_instance(f).kind, ActionKind::kBlocked);
  f.association_state = "associated";
  f.live.association_id.clear();
  EXPECT_EQ(plan_instance(f).kind, ActionKind::kBlocked);
  f.live.association_id = "iip-assoc-1";
  f.association_error = "UnauthorizedOperation";
  auto a = plan_instance(f);
  EXPECT_EQ(a.kind, ActionKind::kBlocked);
  EXPECT_NE(a.reason.find("UnauthorizedOperation"), std::string::npos);
}

TEST(Planner, PassRoleDeniedDoesNotBlockAnInstanceThatNeedsNothing) {
  InstanceFacts f = with_profile(kTargetArn, {{"role-not-admin", Status::kPass}});
  f.target.pass_role_denied = "denied";
  EXPECT_EQ(plan_instance(f).kind, ActionKind::kSkip);
}

TEST(Planner, MakePlanSortsCountsAndDropsUnusedCreations) {
  PlanHeader header;
  header.created_at = "2026-11-24T00:00:00Z";
  header.target_description = "--role app-ec2 --create-profile";
  header.create_profiles = {{"111111111111", "app-ec2", "app-ec2", "/"}, {"222222222222", "app-ec2", "app-ec2", "/"}};
  std::vector<InstanceFacts> facts;
  facts.push_back(base("i-0000000000000003"));
  facts.push_back(with_profile(kOldArn, {{"role-not-admin", Status::kFail}}));
  facts.back().live.instance_id = "i-0000000000000002";
  InstanceFacts other = base("i-0000000000000001");
  other.live.account_id = "222222222222";
  other.live.state = "terminated";
  facts.push_back(other);
  InstanceFacts ok = with_profile(kTargetArn, {});
  ok.live.instance_id = "i-0000000000000004";
  facts.push_back(ok);
  Plan plan = make_plan(header, facts);
  ASSERT_EQ(plan.actions.size(), 4u);
  EXPECT_EQ(plan.actions[0].before.instance_id, "i-0000000000000002");
  EXPECT_EQ(plan.actions[1].before.instance_id, "i-0000000000000003");
  EXPECT_EQ(plan.actions[2].before.instance_id, "i-0000000000000004");
  EXPECT_EQ(plan.actions[3].before.account_id, "222222222222");
  EXPECT_EQ(plan.count(ActionKind::kAssociate), 1u);
  EXPECT_EQ(plan.count(ActionKind::kReplace), 1u);
  EXPECT_EQ(plan.count(ActionKind::kBlocked), 1u);
  EXPECT_EQ(plan.count(ActionKind::kSkip), 1u);
  // Account 222222222222's only instance is blocked: its profile is not created.
  ASSERT_EQ(plan.create_profiles.size(), 1u);
  EXPECT_EQ(plan.create_profiles[0].account_id, "111111111111");
  EXPECT_EQ(plan.target_description, header.target_description);
}

}  // namespace
}  // namespace rolecall::remediate

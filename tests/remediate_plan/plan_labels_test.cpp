// What a reviewer is told about a plan: Name tags, permission changes computed from the collected
// IAM documents (and nothing claimed when they are missing), and the review fields' digest.
#include <gtest/gtest.h>

#include "remediate/plan_labels.h"
#include "remediate/plan_render.h"
#include "rolecall/remediate.h"

namespace rolecall::remediate {
namespace {

constexpr const char* kAccount = "111111111111";
const std::string kIam = "arn:aws:iam::111111111111:";
const std::string kS3Policy = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
constexpr const char* kS3Document =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}]})";

Role role(const std::string& name, std::vector<std::string> attached, std::vector<InlinePolicy> inline_policies = {}) {
  Role r;
  r.arn = kIam + "role/" + name;
  r.name = name;
  r.attached_policy_arns = std::move(attached);
  r.inline_policies = std::move(inline_policies);
  return r;
}

Inventory inventory() {
  Inventory inv;
  AccountInventory& a = inv.accounts[kAccount];
  a.account_id = kAccount;
  a.iam_collected = true;
  a.roles = {role("admin-ec2", {"arn:aws:iam::aws:policy/AdministratorAccess"}),
             role("reader", {kS3Policy}, {{"queue", R"({"Statement":[]})"}}), role("app-web", {kS3Policy}),
             role("unjudged", {kIam + "policy/not-collected"})};
  for (const auto& r : a.roles) a.profiles.push_back({kIam + "instance-profile/" + r.name, r.name, "", "/", {r.arn}});
  a.policies = {{kS3Policy, "AmazonS3ReadOnlyAccess", "v1", kS3Document}};
  a.build_index();
  RegionInventory region;
  region.account_id = kAccount;
  region.region = "us-east-1";
  Instance web;
  web.id = "i-1";
  web.account_id = kAccount;
  web.region = "us-east-1";
  web.tags = {{"team", "web"}, {"Name", "web-1"}};
  region.instances = {web};
  inv.regions = {region};
  return inv;
}

PlannedAction replace(const std::string& id, const std::string& old_role) {
  PlannedAction a;
  a.kind = ActionKind::kReplace;
  a.before = {id, kAccount, "us-east-1", "running", kIam + "instance-profile/" + old_role, "iip-assoc-1", "ebs", ""};
  a.target = {kIam + "instance-profile/app-web", "app-web", kIam + "role/app-web"};
  a.reason = "role-not-admin";
  return a;
}

TEST(PlanLabels, NamesInstancesAndSaysWhatReplacesDoToPermissions) {
  Plan plan;
  plan.actions = {replace("i-1", "admin-ec2"), replace("i-2", "reader"), replace("i-3", "unjudged"),
                  replace("i-4", "no-such-profile")};
  label_plan(plan, inventory());
  EXPECT_EQ(plan.actions[0].instance_name, "web-1");
  EXPECT_EQ(plan.actions[1].instance_name, "");

  const PermissionChange& admin = plan.actions[0].permissions;
  EXPECT_EQ(admin.old_role, "admin-ec2");
  EXPECT_EQ(admin.admin_grants, std::vector<std::string>{"AdministratorAccess is attached"});
  EXPECT_EQ(admin.dropped_policies, std::vector<std::string>{"AdministratorAccess"});
  auto notes = permission_notes(plan.actions[0]);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0], "reduces from admin-level: admin-ec2 (AdministratorAccess is attached) → app-web");

  // The target holds the same managed policy; the inline one is dropped.
  const PermissionChange& reader = plan.actions[1].permissions;
  EXPECT_EQ(reader.old_role, "reader");
  EXPECT_TRUE(reader.admin_grants.empty());
  EXPECT_EQ(reader.dropped_policies, std::vector<std::string>{"inline:queue"});
  EXPECT_EQ(permission_notes(plan.actions[1]),
            std::vector<std::string>{"! drops 1 policy of reader the target's role lacks: inline:queue"});

  // A policy document that was not collected, or a profile not in the inventory: nothing is claimed.
  EXPECT_EQ(plan.actions[2].permissions.old_role, "");
  EXPECT_EQ(plan.actions[3].permissions.old_role, "");
  EXPECT_TRUE(permission_notes(plan.actions[2]).empty());
}

TEST(PlanLabels, KeepingEveryPolicyIsSaidOnlyWhenComputed) {
  Inventory inv = inventory();
  auto& a = inv.accounts[kAccount];
  PermissionChange same = permission_change(a, kIam + "instance-profile/app-web", a.role(kIam + "role/app-web"));
  EXPECT_EQ(same.old_role, "app-web");
  EXPECT_TRUE(same.dropped_policies.empty());
  PlannedAction r = replace("i-1", "app-web");
  r.permissions = same;
  EXPECT_EQ(permission_notes(r), std::vector<std::string>{"keeps every policy of app-web"});
  // Without a target role every old policy counts as dropped.
  EXPECT_EQ(permission_change(a, kIam + "instance-profile/reader", nullptr).dropped_policies,
            (std::vector<std::string>{"AmazonS3ReadOnlyAccess", "inline:queue"}));
}

TEST(PlanLabels, ARoleThePlanCreatesIsComparedAsPlanned) {
  Plan plan;
  PlannedAction a = replace("i-1", "reader");
  a.target = {kIam + "instance-profile/rolecall-deploy", "rolecall-deploy", kIam + "role/rolecall-deploy"};
  plan.actions = {a};
  // The user's policies the role gets: the reader role's managed policy, not its inline one.
  plan.create_roles = {{kAccount, "deploy", "rolecall-deploy", {kS3Policy}, {{"user.put", "user deploy: put", "{}"}}}};
  label_plan(plan, inventory());
  EXPECT_EQ(plan.actions[0].permissions.old_role, "reader");
  EXPECT_EQ(plan.actions[0].permissions.dropped_policies, std::vector<std::string>{"inline:queue"});
  // Same inline document: kept too.
  plan.create_roles[0].inline_policies[0].document = R"({"Statement":[]})";
  label_plan(plan, inventory());
  EXPECT_TRUE(plan.actions[0].permissions.dropped_policies.empty());
}

TEST(PlanLabels, ReviewFieldsAreCoveredByTheDigestOnlyWhenSet) {
  Plan plan;
  plan.created_by = "arn:aws:iam::111111111111:user/planner";
  plan.actions = {replace("i-1", "admin-ec2")};
  const std::string bare = plan_digest(plan);
  for (auto edit : std::vector<void (*)(Plan&)>{
           [](Plan& p) { p.ticket = "CHG-1"; }, [](Plan& p) { p.approved_by = "alice"; },
           [](Plan& p) { p.account_names[kAccount] = "prod"; }, [](Plan& p) { p.actions[0].instance_name = "web-1"; },
           [](Plan& p) { p.actions[0].permissions.old_role = "admin-ec2"; }}) {
    Plan changed = plan;
    edit(changed);
    EXPECT_NE(plan_digest(changed), bare);
  }
  // Unset, they are absent from the document: plans digested before these fields keep their digest.
  const std::string text = plan_to_json(plan);
  for (const char* key : {"\"ticket\"", "\"approved_by\"", "\"account_names\"", "\"permissions\"", "\"name\": \"w"}) {
    EXPECT_EQ(text.find(key), std::string::npos) << key;
  }
}

TEST(PlanLabels, ApproverNamesThePlannerByArnOrByName) {
  EXPECT_TRUE(approver_is_planner("alice", "arn:aws:iam::1:user/alice"));
  EXPECT_TRUE(approver_is_planner("arn:aws:iam::1:user/alice", "arn:aws:iam::1:user/alice"));
  EXPECT_TRUE(approver_is_planner("alice", "arn:aws:sts::1:assumed-role/Admin/alice"));
  EXPECT_FALSE(approver_is_planner("bob", "arn:aws:iam::1:user/alice"));
  EXPECT_FALSE(approver_is_planner("ali", "arn:aws:iam::1:user/alice"));
  EXPECT_FALSE(approver_is_planner("", "arn:aws:iam::1:user/alice"));
  EXPECT_FALSE(approver_is_planner("alice", ""));
}

}  // namespace
}  // namespace rolecall::remediate

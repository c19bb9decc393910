// Golden tests of what reviewers read: a fixed plan's diff (table), markdown, JSON document and the
// confirmation apply shows. The expected outputs live in tests/remediate_plan/golden/; after an
// intended change, regenerate them with
//   ROLECALL_UPDATE_GOLDEN=1 build/rolecall_tests_remediate_plan --gtest_filter='ReviewGolden.*'
// and review the diff of the golden files like any other change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "remediate/plan_render.h"
#include "support/paths.h"

namespace rolecall::remediate {
namespace {

constexpr const char* kAccountA = "111111111111";
constexpr const char* kAccountB = "222222222222";

std::string golden_profile_arn(const std::string& account, const std::string& name) {
  return "arn:aws:iam::" + account + ":instance-profile/" + name;
}

// Two accounts (one named), a profile to create, every kind of action, replaces that reduce from
// admin and drop policies, one with nothing known about the old role, and enough changes that the
// confirmation is cut at a screenful.
Plan review_plan() {
  Plan plan;
  plan.created_at = "2026-01-02T03:04:05Z";
  plan.created_by = "arn:aws:iam::111111111111:user/planner";
  plan.target_description = "--role app-web --create-profile";
  plan.ticket = "CHG-1234";
  plan.approved = {"arn:aws:iam::111111111111:role/app-web"};
  plan.account_names = {{kAccountA, "prod | payments"}};
  plan.create_profiles = {{kAccountB, "app-web", "app-web", "/"}};
  auto action = [](ActionKind kind, const std::string& account, const std::string& id, const std::string& name,
                   const std::string& old_profile, const std::string& reason) {
    PlannedAction a;
    a.kind = kind;
    a.before = {id,
                account,
                "eu-west-1",
                "running",
                old_profile.empty() ? "" : golden_profile_arn(account, old_profile),
                old_profile.empty() ? "" : "iip-assoc-" + id.substr(2),
                "ebs",
                ""};
    if (kind != ActionKind::kBlocked) {
      a.target = {golden_profile_arn(account, "app-web"), "app-web", "arn:aws:iam::" + account + ":role/app-web"};
    }
    a.reason = reason;
    if (kind == ActionKind::kAssociate || kind == ActionKind::kReplace) a.fixes = {reason};
    a.instance_name = name;
    return a;
  };
  auto& actions = plan.actions;
  actions.push_back(
      action(ActionKind::kReplace, kAccountA, "i-0000000000000001", "web-1", "admin-ec2", "role-not-admin"));
  actions.back().permissions = {"admin-ec2", {"AdministratorAccess is attached"}, {"AdministratorAccess"}};
  actions.push_back(
      action(ActionKind::kReplace, kAccountA, "i-0000000000000002", "web-2", "s3-writer", "role-is-approved"));
  actions.back().permissions = {"s3-writer", {}, {"AmazonS3FullAccess", "inline:queue"}};
  actions.push_back(
      action(ActionKind::kReplace, kAccountA, "i-0000000000000003", "", "app-web-old", "role-trusts-ec2"));
  actions.back().permissions = {"app-web-old", {}, {}};
  actions.push_back(action(ActionKind::kReplace, kAccountA, "i-0000000000000004", "batch", "gone", "profile-has-role"));
  for (int i = 5; i <= 12; ++i) {
    actions.push_back(action(ActionKind::kAssociate, kAccountA,
                             std::string(i < 10 ? "i-000000000000000" : "i-00000000000000") + std::to_string(i),
                             "worker-" + std::to_string(i), "", "instance-has-role"));
  }
  actions.push_back(action(ActionKind::kSkip, kAccountA, "i-0000000000000013", "", "app-web",
                           "already associated with the target profile"));
  actions.push_back(action(ActionKind::kAssociate, kAccountB, "i-0000000000000021", "etl", "", "instance-has-role"));
  actions.push_back(
      action(ActionKind::kBlocked, kAccountB, "i-0000000000000022", "old-db", "", "instance is shutting-down"));
  // Launch templates: an update moving a pinned group, one a launch configuration blocks, one already right.
  TemplateAction update;
  update.kind = TemplateActionKind::kUpdate;
  update.account_id = kAccountA;
  update.region = "eu-west-1";
  update.template_id = "lt-0000000000000000a";
  update.template_name = "web-lt";
  update.source_version = 3;
  update.source_profile_arn = "admin-ec2";
  update.default_version = 2;
  update.latest_version = 4;
  update.target = {golden_profile_arn(kAccountA, "app-web"), "app-web", "arn:aws:iam::111111111111:role/app-web"};
  update.groups = {{"web-asg", "3", false, {"i-0000000000000001"}}, {"web-canary", "$Default", true, {}}};
  update.reason =
      "version 3 launches with admin-ec2: a new version with app-web, made the default; web-asg moved to it";
  TemplateAction lc;
  lc.kind = TemplateActionKind::kBlocked;
  lc.account_id = kAccountB;
  lc.region = "eu-west-1";
  lc.template_name = "etl-lc";
  lc.groups = {{"etl-asg", "", false, {"i-0000000000000021"}}};
  lc.target = update.target;
  lc.reason = "Auto Scaling group etl-asg launches from launch configuration etl-lc, which cannot be changed";
  TemplateAction same = update;
  same.kind = TemplateActionKind::kSkip;
  same.account_id = kAccountB;
  same.template_id = "lt-0000000000000000b";
  same.source_profile_arn = "app-web";
  same.groups = {{"batch-asg", "$Latest", false, {}}};
  same.reason = "version 3 already launches with app-web";
  plan.templates = {update, lc, same};
  return plan;
}

std::string golden_path(const std::string& name) {
  return testing::source_dir() + "/tests/remediate_plan/golden/" + name;
}

// Compares `actual` with golden file `name`, or rewrites it when ROLECALL_UPDATE_GOLDEN is set.
void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = golden_path(name);
  if (std::getenv("ROLECALL_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path << " (regenerate: see the top of this file)";
  std::ostringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "differs from " << path << " (regenerate: see the top of this file)";
}

TEST(ReviewGolden, TableDiff) {
  std::ostringstream out;
  render_plan(review_plan(), out, {});
  expect_golden("plan_table.txt", out.str());
}

TEST(ReviewGolden, Markdown) {
  std::ostringstream out;
  render_plan_markdown(review_plan(), out);
  expect_golden("plan.md", out.str());
}

TEST(ReviewGolden, JsonDocument) {
  const std::string text = plan_to_json(review_plan());
  expect_golden("plan.json", text);
  // The document reads back to the same plan: its digest matches, the review fields survive.
  auto back = plan_from_json(text, "plan.json");
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_TRUE(check_plan_digest(*back, "plan.json", false));
  EXPECT_EQ(back->ticket, "CHG-1234");
  EXPECT_EQ(back->account_names.at(kAccountA), "prod | payments");
  EXPECT_EQ(back->actions[0].instance_name, "web-1");
  EXPECT_EQ(back->actions[1].permissions.dropped_policies,
            (std::vector<std::string>{"AmazonS3FullAccess", "inline:queue"}));
  ASSERT_EQ(back->templates.size(), 3u);
  EXPECT_EQ(back->templates[0].kind, TemplateActionKind::kUpdate);
  EXPECT_EQ(back->templates[0].source_version, 3);
  EXPECT_EQ(back->templates[0].groups[1].version, "$Default");
  EXPECT_TRUE(back->templates[0].groups[1].mixed_instances_policy);
  EXPECT_EQ(back->templates[1].template_name, "etl-lc");
  // A template's target is part of the digest: editing it is caught like any other edit.
  back->templates[0].target.arn = golden_profile_arn(kAccountA, "admin-ec2");
  auto changed = check_plan_digest(*back, "plan.json", false);
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, kPlanChangedCode);
}

TEST(ReviewGolden, PlanWithoutTemplatesKeepsItsDigest) {
  // Plans from before launch templates digest as they did: the array counts only when present.
  Plan plan = review_plan();
  plan.templates.clear();
  const std::string digest = plan_digest(plan);
  plan.templates.push_back({});
  EXPECT_NE(plan_digest(plan), digest);
  plan.templates.clear();
  EXPECT_EQ(plan_digest(plan), digest);
  EXPECT_EQ(plan_to_json(plan).find("launch_templates"), std::string::npos);
}

TEST(ReviewGolden, ConfirmationPrompt) {
  // What `rolecall apply` shows on stderr before it asks, then the question as the terminal asks it.
  const Plan plan = review_plan();
  expect_golden("prompt.txt", plan_preview(plan, 20) + apply_question(plan) + " [y/N] ");
}

}  // namespace
}  // namespace rolecall::remediate

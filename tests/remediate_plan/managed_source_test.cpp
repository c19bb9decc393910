#include <gtest/gtest.h>

#include "remediate/managed_source.h"
#include "remediate/planner.h"

namespace rolecall::remediate {
namespace {

const std::vector<Tag> kStackTags = {
    {"Name", "web-api-00012"},
    {"aws:cloudformation:stack-name", "web-prod"},
    {"aws:cloudformation:stack-id", "arn:aws:cloudformation:us-east-1:111111111111:stack/web-prod/0a1b"},
    {"aws:cloudformation:logical-id", "WebServer"}};

TEST(ManagedSource, ParsesTerraformTags) {
  auto key = parse_managed_tag("ManagedBy");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->key, "ManagedBy");
  EXPECT_EQ(key->value, "");
  auto pair = parse_managed_tag("ManagedBy=terraform=1");
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->key, "ManagedBy");
  EXPECT_EQ(pair->value, "terraform=1");
  auto bad = parse_managed_tag("=terraform");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("=terraform"), std::string::npos);
}

TEST(ManagedSource, RecognisesCloudFormationFirst) {
  ManagedRules rules{{{"ManagedBy", "terraform"}}, false};
  std::vector<Tag> tags = kStackTags;
  tags.push_back({"ManagedBy", "terraform"});
  ManagedBy m = managed_by(tags, rules);
  EXPECT_EQ(m.tool, "cloudformation");
  EXPECT_EQ(m.name, "web-prod");
  EXPECT_EQ(m.logical_id, "WebServer");
  EXPECT_FALSE(m.allowed);
  EXPECT_EQ(describe_managed(m), "CloudFormation stack web-prod (WebServer)");
  // Only the stack id: its name comes from the ARN.
  ManagedBy by_id = managed_by({{"aws:cloudformation:stack-id", kStackTags[2].value}}, {});
  EXPECT_EQ(by_id.tool, "cloudformation");
  EXPECT_EQ(by_id.name, "web-prod");
}

TEST(ManagedSource, RecognisesTerraformByTagCaseInsensitively) {
  ManagedRules rules{{{"ManagedBy", "terraform"}, {"tf-workspace", ""}}, true};
  ManagedBy m = managed_by({{"ManagedBy", "Terraform"}}, rules);
  EXPECT_EQ(m.tool, "terraform");
  EXPECT_EQ(m.name, "ManagedBy=Terraform");
  EXPECT_TRUE(m.allowed);
  EXPECT_EQ(managed_by({{"tf-workspace", "prod"}}, rules).name, "tf-workspace=prod");
  EXPECT_EQ(managed_by({{"ManagedBy", "pulumi"}}, rules).tool, "");
  EXPECT_EQ(managed_by({{"managedby", "terraform"}}, rules).tool, "") << "tag keys are case-sensitive in AWS";
  EXPECT_FALSE(managed_by({{"Name", "x"}}, rules).allowed) << "an unmanaged instance carries nothing";
}

PlannedAction managed_action(const std::string& tool, const std::string& asg) {
  PlannedAction a;
  a.kind = ActionKind::kAssociate;
  a.before = {"i-0000000000000001", "111111111111", "us-east-1", "running", "", "", "ebs", asg};
  a.target = {"arn:aws:iam::111111111111:instance-profile/app-web", "app-web", ""};
  a.instance_name = "web-api-00012";
  a.managed = {tool, tool == "cloudformation" ? "web-prod" : "ManagedBy=terraform", "WebServer", false};
  return a;
}

TEST(ManagedSource, SnippetsSetTheTargetWhereTheCodeDeclaresIt) {
  EXPECT_EQ(
      source_change_snippet(managed_action("cloudformation", "")),
      "# stack web-prod\nWebServer:\n  Type: AWS::EC2::Instance\n  Properties:\n    IamInstanceProfile: app-web\n");
  const std::string lt = source_change_snippet(managed_action("cloudformation", "web-asg"));
  EXPECT_NE(lt.find("Type: AWS::EC2::LaunchTemplate"), std::string::npos) << lt;
  EXPECT_NE(lt.find("Auto Scaling group web-asg"), std::string::npos) << lt;
  EXPECT_NE(lt.find("      Name: app-web\n"), std::string::npos) << lt;
  EXPECT_EQ(source_change_snippet(managed_action("terraform", "")),
            "# the resource that manages i-0000000000000001\nresource \"aws_instance\" \"web-api-00012\" {\n"
            "  iam_instance_profile = \"app-web\"\n}\n");
  EXPECT_NE(source_change_snippet(managed_action("terraform", "web-asg")).find("resource \"aws_launch_template\""),
            std::string::npos);
  PlannedAction plain = managed_action("", "");
  EXPECT_EQ(source_change_snippet(plain), "");
}

TEST(ManagedSource, PlannerBlocksManagedChangesUnlessAllowed) {
  InstanceFacts f;
  f.live = {"i-0000000000000001", "111111111111", "us-east-1", "running", "", "", "ebs", ""};
  f.target.profile = {"arn:aws:iam::111111111111:instance-profile/app-web", "app-web",
                      "arn:aws:iam::111111111111:role/app-web"};
  f.verdicts["instance-has-role"] = Status::kFail;
  f.managed = {"cloudformation", "web-prod", "WebServer", false};
  PlannedAction blocked = plan_instance(f);
  EXPECT_EQ(blocked.kind, ActionKind::kBlocked);
  EXPECT_NE(blocked.reason.find("managed by CloudFormation stack web-prod (WebServer): set instance profile app-web"),
            std::string::npos)
      << blocked.reason;
  EXPECT_EQ(blocked.target.name, "app-web") << "the snippet needs the target";
  EXPECT_EQ(blocked.managed.tool, "cloudformation");

  f.managed.allowed = true;
  PlannedAction allowed = plan_instance(f);
  EXPECT_EQ(allowed.kind, ActionKind::kAssociate);
  EXPECT_TRUE(allowed.managed.allowed);

  // Nothing to change: a managed instance that is already right is simply unchanged.
  f.live.profile_arn = f.target.profile.arn;
  f.verdicts = {{"instance-has-role", Status::kPass}};
  f.managed.allowed = false;
  EXPECT_EQ(plan_instance(f).kind, ActionKind::kSkip);
}

TEST(ManagedSource, ApplyRefusesAManagedChangeNotAllowedAndWarnsOfAllowedOnes) {
  Plan plan;
  plan.actions.push_back(managed_action("cloudformation", ""));
  auto refused = check_managed_allowed(plan);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, kManagedRefusedCode);
  EXPECT_NE(refused.error().message.find("i-0000000000000001 (CloudFormation stack web-prod (WebServer))"),
            std::string::npos)
      << refused.error().message;
  plan.actions[0].managed.allowed = true;
  EXPECT_TRUE(check_managed_allowed(plan));
  auto notes = managed_drift_notes(plan);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("set instance profile app-web there too"), std::string::npos) << notes[0];
  plan.actions[0].kind = ActionKind::kBlocked;
  plan.actions[0].managed.allowed = false;
  EXPECT_TRUE(check_managed_allowed(plan)) << "a blocked action changes nothing";
  EXPECT_TRUE(managed_drift_notes(plan).empty());
}

TEST(ManagedSource, PlanFilesKeepTheMarkUnderTheDigest) {
  Plan plan;
  plan.actions.push_back(managed_action("cloudformation", ""));
  plan.actions.push_back(managed_action("", ""));
  plan.actions[1].before.instance_id = "i-0000000000000002";
  const std::string text = plan_to_json(plan);
  auto parsed = plan_from_json(text, "plan.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->actions[0].managed.tool, "cloudformation");
  EXPECT_EQ(parsed->actions[0].managed.name, "web-prod");
  EXPECT_EQ(parsed->actions[0].managed.logical_id, "WebServer");
  EXPECT_FALSE(parsed->actions[0].managed.allowed);
  EXPECT_EQ(parsed->actions[1].managed.tool, "");
  EXPECT_EQ(text.find("\"managed\"", text.find("i-0000000000000002")), std::string::npos)
      << "an unmanaged action has no managed member";
  EXPECT_EQ(plan_to_json(*parsed), text);
  EXPECT_TRUE(check_plan_digest(*parsed, "plan.json", false));
  parsed->actions[0].managed.allowed = true;
  auto changed = check_plan_digest(*parsed, "plan.json", false);
  ASSERT_FALSE(changed) << "allowing a managed change after review changes the digest";
  EXPECT_EQ(changed.error().code, kPlanChangedCode);

  std::string bad = text;
  bad.replace(bad.find("\"tool\": \"cloudformation\""), 24, "\"tool\": \"pulumi\"");
  auto refused = plan_from_json(bad, "bad.json");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("bad.json: $.actions[0].managed.tool"), std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace rolecall::remediate

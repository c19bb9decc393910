#include <gtest/gtest.h>

#include <sstream>

#include "remediate/plan_build.h"
#include "remediate/plan_render.h"
#include "remediate_plan/user_roles_fixture.h"

namespace rolecall::remediate {
namespace {

Plan small_plan() {
  Plan plan;
  plan.target_description = "--role app --create-profile";
  plan.create_profiles = {{"111111111111", "app", "app", "/"}};
  auto action = [](ActionKind kind, const std::string& id, const std::string& region, const std::string& before,
                   const std::string& reason) {
    PlannedAction a;
    a.kind = kind;
    a.before = {id, "111111111111", region, "running", before, before.empty() ? "" : "iip-assoc-1", "ebs", ""};
    a.target = {"arn:aws:iam::111111111111:instance-profile/app", "app", "arn:aws:iam::111111111111:role/app"};
    a.reason = reason;
    return a;
  };
  plan.actions = {action(ActionKind::kAssociate, "i-00000001", "eu-west-1", "", "instance-has-role"),
                  action(ActionKind::kReplace, "i-00000002", "eu-west-1",
                         "arn:aws:iam::111111111111:instance-profile/admin", "role-not-admin"),
                  action(ActionKind::kSkip, "i-00000003", "eu-west-1", "arn:aws:iam::111111111111:instance-profile/app",
                         "already associated with the target profile"),
                  action(ActionKind::kBlocked, "i-00000004", "us-east-1", "", "instance is terminated"),
                  action(ActionKind::kSkip, "i-00000005", "us-east-1", "arn:x", "passes")};
  return plan;
}

TEST(PlanRender, DiffLinesAndSummary) {
  std::ostringstream out;
  render_plan(small_plan(), out, {});
  const std::string text = out.str();
  EXPECT_NE(text.find("+ create instance profile app (role app) in account 111111111111"), std::string::npos) << text;
  EXPECT_NE(text.find("account 111111111111 / eu-west-1"), std::string::npos);
  EXPECT_NE(text.find("+ associate i-00000001 → arn:aws:iam::111111111111:instance-profile/app"), std::string::npos);
  EXPECT_NE(text.find("~ replace   i-00000002 arn:aws:iam::111111111111:instance-profile/admin → "
                      "arn:aws:iam::111111111111:instance-profile/app  (role-not-admin)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("! blocked   i-00000004: instance is terminated"), std::string::npos);
  EXPECT_NE(text.find("= 1 unchanged"), std::string::npos);
  EXPECT_EQ(text.find("i-00000003"), std::string::npos);  // skips only counted by default
  EXPECT_NE(text.find("Plan: 1 to associate, 1 to replace, 1 blocked, 2 unchanged."), std::string::npos);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_LT(text.find("eu-west-1"), text.find("us-east-1"));
}

TEST(PlanRender, ColourAndUnchangedOnRequest) {
  std::ostringstream out;
  render_plan(small_plan(), out, {.color = true, .show_skips = true});
  EXPECT_NE(out.str().find("\x1b[32m+ associate"), std::string::npos);
  EXPECT_NE(out.str().find("\x1b[31m! blocked"), std::string::npos);
  EXPECT_NE(out.str().find("= unchanged i-00000003: already associated"), std::string::npos);
}

// User ops's role with ReadOnlyAccess, as a key migration plans it.
RoleToCreate ops_role() {
  RoleToCreate r;
  r.account_id = "111111111111";
  r.user = "ops";
  r.role_name = "rolecall-ops";
  r.managed_policy_arns = {"arn:aws:iam::aws:policy/ReadOnlyAccess"};
  return r;
}

TEST(PlanRender, ALeastPrivilegeRoleShowsItsActions) {
  Plan plan = small_plan();
  plan.migrate_keys = true;
  plan.create_roles = {testing::least_privilege_role(), ops_role()};
  std::ostringstream text;
  render_plan(plan, text, {});
  EXPECT_NE(text.str().find("user deploy's permissions narrowed to the actions its keys were seen calling (least "
                            "privilege), trusts ec2.amazonaws.com only"),
            std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("    grants ec2:DescribeInstances, s3:GetObject\n"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("    seen but not granted (the user's policies do not allow them): iam:CreateUser\n"),
            std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("user ops's permissions, trusts ec2.amazonaws.com only"), std::string::npos)
      << "a role copying the user's policies says so as before";
  std::ostringstream md;
  render_plan_markdown(plan, md);
  EXPECT_NE(md.str().find("| rolecall-deploy | ec2:DescribeInstances, s3:GetObject | iam:CreateUser |"),
            std::string::npos)
      << md.str();
  EXPECT_EQ(md.str().find("| rolecall-ops | "), md.str().rfind("| rolecall-ops | "))
      << "only least-privilege roles in the actions table";
}

TEST(PlanRender, ARoleCarryingTheUsersBoundaryShowsIt) {
  Plan plan = small_plan();
  plan.migrate_keys = true;
  RoleToCreate r = ops_role();
  r.permissions_boundary_arn = "arn:aws:iam::111111111111:policy/ops-boundary";
  plan.create_roles = {r};
  std::ostringstream text;
  render_plan(plan, text, {});
  EXPECT_NE(text.str().find("    permissions boundary arn:aws:iam::111111111111:policy/ops-boundary (the user's)\n"),
            std::string::npos)
      << text.str();
  std::ostringstream md;
  render_plan_markdown(plan, md);
  EXPECT_NE(
      md.str().find("arn:aws:iam::aws:policy/ReadOnlyAccess; boundary arn:aws:iam::111111111111:policy/ops-boundary |"),
      std::string::npos)
      << md.str();
}

TEST(PlanRender, PoliciesNamingTheUserAreShownAsNotCarried) {
  Plan plan = small_plan();
  plan.migrate_keys = true;
  RoleToCreate r = ops_role();
  r.resources_naming_user = {"arn:aws:iam::111111111111:role/release", "arn:aws:s3:::artifacts"};
  plan.create_roles = {r};
  std::ostringstream text;
  render_plan(plan, text, {});
  EXPECT_NE(text.str().find("    ! named as user ops in the policies of arn:aws:iam::111111111111:role/release, "
                            "arn:aws:s3:::artifacts: not carried; add role rolecall-ops to them"),
            std::string::npos)
      << text.str();
  std::ostringstream md;
  render_plan_markdown(plan, md);
  EXPECT_NE(
      md.str().find("- rolecall-ops (user ops): arn:aws:iam::111111111111:role/release, arn:aws:s3:::artifacts\n"),
      std::string::npos)
      << md.str();
}

TEST(ScanReport, ReadsFindingsBack) {
  auto findings = read_scan_report(R"({"schema":"rolecall.scan/v1","findings":[
    {"check_id":"instance-has-role","status":"FAIL","account_id":"111111111111","region":"us-east-1",
     "resource_type":"instance","resource_id":"i-00000001","message":"no profile"},
    {"check_id":"role-not-admin","status":"ERROR","account_id":"111111111111","region":"us-east-1",
     "resource_type":"instance","resource_id":"i-00000002","message":"IAM unreadable",
     "evidence":{"profile_arn":"arn:aws:iam::111111111111:instance-profile/x"}}]})",
                                   "scan.json");
  ASSERT_TRUE(findings) << findings.error().message;
  ASSERT_EQ(findings->size(), 2u);
  EXPECT_EQ((*findings)[0].status, Status::kFail);
  EXPECT_EQ((*findings)[1].status, Status::kError);
  EXPECT_EQ((*findings)[1].evidence.profile_arn, "arn:aws:iam::111111111111:instance-profile/x");
}

TEST(ScanReport, RejectsWhatIsNotAScanReport) {
  for (
      const auto& [text, needle] : std::vector<std::pair<std::string, std::string>>{
          {"", "not a JSON document"},
          {R"({"schema":"rolecall.scan/v1","findings":[],"n":1e400})", "beyond the range of a double"},
          {"[]", "$"},
          {R"({"schema":"rolecall.plan/v1","actions":[]})", "$.schema"},
          {R"({"schema":"rolecall.scan/v1"})", "$.findings"},
          {R"({"schema":"rolecall.scan/v1","findings":[1]})", "$.findings[0]"},
          {R"({"schema":"rolecall.scan/v1","findings":[{"check_id":"x","status":"MAYBE","account_id":"1","resource_type":"instance","resource_id":"i-1"}]})",
           "$.findings[0].status"},
          {R"({"schema":"rolecall.scan/v1","findings":[{"check_id":"x","status":"PASS","account_id":1,"resource_type":"instance","resource_id":"i-1"}]})",
           "$.findings[0].account_id"},
          {R"({"schema":"rolecall.scan/v1","findings":[{"check_id":"x","status":"PASS","account_id":"1","resource_type":"instance","resource_id":"i-1","evidence":{"profile_arn":3}}]})",
           "$.findings[0].evidence.profile_arn"},
      }) {
    auto findings = read_scan_report(text, "scan.json");
    ASSERT_FALSE(findings) << text;
    EXPECT_NE(findings.error().message.find("scan.json"), std::string::npos);
    EXPECT_NE(findings.error().message.find(needle), std::string::npos) << text << " -> " << findings.error().message;
  }
}

}  // namespace
}  // namespace rolecall::remediate

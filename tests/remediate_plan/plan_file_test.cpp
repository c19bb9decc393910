#include <gtest/gtest.h>

#include <functional>

#include <nlohmann/json.hpp>

#include "remediate_plan/user_roles_fixture.h"
#include "rolecall/plan.h"

namespace rolecall {
namespace {

Plan sample_plan() {
  Plan plan;
  plan.created_at = "2026-11-24T06:00:00Z";
  plan.created_by = "arn:aws:iam::111111111111:user/ops";
  plan.target_description = "--instance-profile app-ec2";
  plan.create_profiles.push_back({"111111111111", "app-role", "app-role", "/"});
  PlannedAction associate;
  associate.kind = ActionKind::kAssociate;
  associate.before = {"i-0000000000000001", "111111111111", "us-east-1", "running", "", "", "ebs", ""};
  associate.target = {"arn:aws:iam::111111111111:instance-profile/app-ec2", "app-ec2",
                      "arn:aws:iam::111111111111:role/app"};
  associate.reason = "instance-has-role";
  associate.fixes = {"instance-has-role"};
  plan.actions.push_back(associate);
  PlannedAction replace;
  replace.kind = ActionKind::kReplace;
  replace.before = {"i-0000000000000002",
                    "111111111111",
                    "us-east-1",
                    "stopped",
                    "arn:aws:iam::111111111111:instance-profile/admin",
                    "iip-assoc-0123",
                    "instance-store",
                    "asg-1"};
  replace.target = associate.target;
  replace.reason = "role-not-admin";
  replace.fixes = {"role-not-admin", "role-is-approved"};
  plan.actions.push_back(replace);
  PlannedAction skip;
  skip.kind = ActionKind::kSkip;
  skip.before = {"i-0000000000000003",
                 "111111111111",
                 "eu-west-1",
                 "running",
                 "arn:aws:iam::111111111111:instance-profile/app-ec2",
                 "iip-assoc-1",
                 "ebs",
                 ""};
  plan.actions.push_back(skip);
  PlannedAction blocked;
  blocked.kind = ActionKind::kBlocked;
  blocked.before = {"i-0000000000000004", "222222222222", "eu-west-1", "terminated", "", "", "", ""};
  blocked.reason = "instance is terminated";
  plan.actions.push_back(blocked);
  return plan;
}

// Each of `edits`, made to `planned` (as read back), makes check_plan_digest refuse it as changed.
void expect_each_edit_is_refused(const Plan& planned, const std::vector<std::function<void(Plan&)>>& edits) {
  for (std::size_t i = 0; i < edits.size(); ++i) {
    Plan p = planned;
    edits[i](p);
    auto result = check_plan_digest(p, "plan.json", false);
    ASSERT_FALSE(result) << "edit " << i;
    EXPECT_EQ(result.error().code, kPlanChangedCode) << "edit " << i;
  }
}

TEST(ActionKind, NamesRoundTrip) {
  for (ActionKind k : {ActionKind::kAssociate, ActionKind::kReplace, ActionKind::kSkip, ActionKind::kBlocked}) {
    ActionKind parsed = ActionKind::kSkip;
    ASSERT_TRUE(parse_action_kind(to_string(k), parsed)) << to_string(k);
    EXPECT_EQ(parsed, k);
  }
  ActionKind out = ActionKind::kSkip;
  EXPECT_FALSE(parse_action_kind("Associate", out));
  EXPECT_FALSE(parse_action_kind("", out));
  EXPECT_EQ(out, ActionKind::kSkip);
}

TEST(PlanFile, RoundTripKeepsEveryField) {
  Plan plan = sample_plan();
  std::string text = plan_to_json(plan);
  EXPECT_NE(text.find("\"schema\": \"rolecall.plan/v1\""), std::string::npos);
  auto parsed = plan_from_json(text, "plan.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->version, 1);
  EXPECT_EQ(parsed->created_at, plan.created_at);
  EXPECT_EQ(parsed->created_by, plan.created_by);
  EXPECT_EQ(parsed->target_description, plan.target_description);
  ASSERT_EQ(parsed->create_profiles.size(), 1u);
  EXPECT_EQ(parsed->create_profiles[0].profile_name, "app-role");
  EXPECT_EQ(parsed->create_profiles[0].role_name, "app-role");
  EXPECT_EQ(parsed->create_profiles[0].account_id, "111111111111");
  ASSERT_EQ(parsed->actions.size(), plan.actions.size());
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    const auto& a = plan.actions[i];
    const auto& b = parsed->actions[i];
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.before.instance_id, b.before.instance_id);
    EXPECT_EQ(a.before.account_id, b.before.account_id);
    EXPECT_EQ(a.before.region, b.before.region);
    EXPECT_EQ(a.before.state, b.before.state);
    EXPECT_EQ(a.before.profile_arn, b.before.profile_arn);
    EXPECT_EQ(a.before.association_id, b.before.association_id);
    EXPECT_EQ(a.before.root_device_type, b.before.root_device_type);
    EXPECT_EQ(a.before.auto_scaling_group, b.before.auto_scaling_group);
    EXPECT_EQ(a.target.arn, b.target.arn);
    EXPECT_EQ(a.target.name, b.target.name);
    EXPECT_EQ(a.target.role_arn, b.target.role_arn);
    EXPECT_EQ(a.reason, b.reason);
    EXPECT_EQ(a.fixes, b.fixes);
  }
  // Serialising the parsed plan gives the same text: nothing is lost or reordered.
  EXPECT_EQ(plan_to_json(*parsed), text);
}

TEST(PlanDigest, StableUnderReformattingChangedByEveryEdit) {
  Plan plan = sample_plan();
  plan.approved = {"arn:aws:iam::111111111111:instance-profile/app-ec2"};
  const std::string text = plan_to_json(plan);
  auto parsed = plan_from_json(text, "plan.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->digest, plan_digest(plan));
  EXPECT_EQ(parsed->approved, plan.approved);
  EXPECT_TRUE(parsed->digest.starts_with("sha256:")) << parsed->digest;
  EXPECT_TRUE(check_plan_digest(*parsed, "plan.json", false));
  // Re-indented, keys sorted: the same plan.
  auto reformatted = plan_from_json(nlohmann::json::parse(text).dump(7), "re.json");
  ASSERT_TRUE(reformatted) << reformatted.error().message;
  EXPECT_TRUE(check_plan_digest(*reformatted, "re.json", false));

  auto edited = [&](auto edit) {
    Plan p = *parsed;
    edit(p);
    return check_plan_digest(p, "plan.json", false);
  };
  for (auto result : {edited([](Plan& p) { p.actions[0].target.arn += "x"; }),
                      edited([](Plan& p) { p.actions[1].before.association_id = "iip-assoc-9"; }),
                      edited([](Plan& p) { p.actions[3].kind = ActionKind::kAssociate; }),
                      edited([](Plan& p) { p.create_profiles[0].role_name = "admin"; }),
                      edited([](Plan& p) { p.approved.push_back("arn:aws:iam::111111111111:role/admin"); }),
                      edited([](Plan& p) { p.actions.pop_back(); }), edited([](Plan& p) { p.digest = "sha256:00"; })}) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_EQ(result.error().code, kPlanChangedCode);
    EXPECT_NE(result.error().message.find("changed after planning"), std::string::npos);
  }
  Plan unsigned_plan = *parsed;
  unsigned_plan.digest.clear();
  auto refused = check_plan_digest(unsigned_plan, "old.json", false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, kPlanUnsignedCode);
  EXPECT_TRUE(check_plan_digest(unsigned_plan, "old.json", true));
}

TEST(PlanFile, KeyMigrationRoundTripsAndIsDigested) {
  Plan plan = sample_plan();
  const std::string before = plan_digest(plan);
  EXPECT_EQ(plan_to_json(plan).find("retire_keys"), std::string::npos) << "other plans keep their digest";
  plan.migrate_keys = true;
  plan.retire_keys.push_back({"111111111111",
                              "legacy-deploy",
                              "AKIA…SF23",
                              std::string(64, 'a'),
                              "Active",
                              {"i-0000000000000001"},
                              {"user data of i-0000000000000001 (user-data > line 2)"},
                              ""});
  plan.retire_keys.push_back({"111111111111",
                              "legacy-deploy",
                              "AKIA…FD45",
                              std::string(64, 'b'),
                              "",
                              {"i-0000000000000002"},
                              {},
                              "also used from outside the estate (203.0.113.9)"});
  EXPECT_NE(plan_digest(plan), before);
  const std::string text = plan_to_json(plan);
  auto parsed = plan_from_json(text, "plan.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_TRUE(parsed->migrate_keys);
  ASSERT_EQ(parsed->retire_keys.size(), 2u);
  const KeyToRetire& k = parsed->retire_keys[0];
  EXPECT_EQ(k.account_id, "111111111111");
  EXPECT_EQ(k.user, "legacy-deploy");
  EXPECT_EQ(k.key_id_redacted, "AKIA…SF23");
  EXPECT_EQ(k.key_sha256, std::string(64, 'a'));
  EXPECT_EQ(k.status, "Active");
  EXPECT_EQ(k.instance_ids, std::vector<std::string>{"i-0000000000000001"});
  EXPECT_EQ(k.evidence.size(), 1u);
  EXPECT_EQ(parsed->retire_keys[1].blocked_reason, "also used from outside the estate (203.0.113.9)");
  EXPECT_TRUE(check_plan_digest(*parsed, "plan.json", false));
  EXPECT_EQ(plan_to_json(*parsed), text);
  expect_each_edit_is_refused(*parsed, {
                                           [](Plan& p) { p.retire_keys[1].blocked_reason.clear(); },  // unblocking
                                           [](Plan& p) { p.retire_keys[0].key_sha256 = std::string(64, 'c'); },
                                           [](Plan& p) { p.retire_keys[0].instance_ids.clear(); },
                                           [](Plan& p) { p.retire_keys.pop_back(); },
                                       });
  auto bad = nlohmann::json::parse(text);
  bad["retire_keys"][0]["key_sha256"] = "AKIAQWERTYUIOPASDF23";  // a key id where its hash belongs
  auto refused = plan_from_json(bad.dump(), "bad.json");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("$.retire_keys[0].key_sha256"), std::string::npos) << refused.error().message;
  bad = nlohmann::json::parse(text);
  bad.erase("migrate_keys");
  refused = plan_from_json(bad.dump(), "bad.json");
  ASSERT_FALSE(refused) << "only a key migration retires keys";
  EXPECT_NE(refused.error().message.find("$.retire_keys"), std::string::npos) << refused.error().message;
}

TEST(PlanFile, RolesToCreateRoundTripAndAreDigested) {
  Plan plan = sample_plan();
  plan.migrate_keys = true;
  const std::string before = plan_digest(plan);
  EXPECT_EQ(plan_to_json(plan).find("create_roles"), std::string::npos) << "other plans keep their digest";
  plan.create_roles.push_back({"111111111111",
                               "deploy",
                               "rolecall-deploy",
                               {"arn:aws:iam::aws:policy/ReadOnlyAccess"},
                               {{"group.builders.queue", "group builders: queue", R"({"Statement":[]})"},
                                {"user.read", "user deploy: read", R"({"Version":"2012-10-17"})"}}});
  EXPECT_NE(plan_digest(plan), before);
  const std::string text = plan_to_json(plan);
  auto parsed = plan_from_json(text, "plan.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->create_roles.size(), 1u);
  const RoleToCreate& r = parsed->create_roles[0];
  EXPECT_EQ(r.account_id, "111111111111");
  EXPECT_EQ(r.user, "deploy");
  EXPECT_EQ(r.role_name, "rolecall-deploy");
  EXPECT_EQ(r.managed_policy_arns, std::vector<std::string>{"arn:aws:iam::aws:policy/ReadOnlyAccess"});
  ASSERT_EQ(r.inline_policies.size(), 2u);
  EXPECT_EQ(r.inline_policies[0].name, "group.builders.queue");
  EXPECT_EQ(r.inline_policies[0].source, "group builders: queue");
  EXPECT_EQ(r.inline_policies[1].document, R"({"Version":"2012-10-17"})");
  EXPECT_TRUE(check_plan_digest(*parsed, "plan.json", false));
  EXPECT_EQ(plan_to_json(*parsed), text);
  expect_each_edit_is_refused(
      *parsed,
      {
          [](Plan& p) { p.create_roles[0].managed_policy_arns.push_back("arn:aws:iam::aws:policy/IAMFullAccess"); },
          [](Plan& p) { p.create_roles[0].inline_policies[1].document = R"({"Statement":"*"})"; },
          [](Plan& p) { p.create_roles[0].user = "other"; },
      });
  auto bad = nlohmann::json::parse(text);
  bad["create_roles"][0]["role_name"] = "admin";  // not the name the user's role gets
  auto refused = plan_from_json(bad.dump(), "bad.json");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("$.create_roles[0].role_name"), std::string::npos) << refused.error().message;
  bad = nlohmann::json::parse(text);
  bad["create_roles"][0]["inline_policies"][0].erase("document");
  refused = plan_from_json(bad.dump(), "bad.json");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("$.create_roles[0].inline_policies[0].document"), std::string::npos)
      << refused.error().message;
  bad = nlohmann::json::parse(text);
  bad.erase("migrate_keys");
  refused = plan_from_json(bad.dump(), "bad.json");
  ASSERT_FALSE(refused) << "only a key migration creates roles";
  EXPECT_NE(refused.error().message.find("$.create_roles"), std::string::npos) << refused.error().message;
}

TEST(PlanFile, ALeastPrivilegeRoleRoundTripsWithItsActionsDigested) {
  Plan plan = sample_plan();
  plan.migrate_keys = true;
  RoleToCreate copying = testing::least_privilege_role();
  copying.least_privilege = false;
  copying.actions_granted.clear();
  copying.actions_not_granted.clear();
  plan.create_roles = {copying};
  const std::string full = plan_to_json(plan);
  EXPECT_EQ(full.find("least_privilege\""), std::string::npos) << "a role copying the user's policies says nothing";
  plan.create_roles = {testing::least_privilege_role()};
  const std::string text = plan_to_json(plan);
  auto parsed = plan_from_json(text, "plan.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  const RoleToCreate& r = parsed->create_roles.at(0);
  EXPECT_TRUE(r.least_privilege);
  EXPECT_EQ(r.actions_granted, (std::vector<std::string>{"ec2:DescribeInstances", "s3:GetObject"}));
  EXPECT_EQ(r.actions_not_granted, std::vector<std::string>{"iam:CreateUser"});
  EXPECT_TRUE(check_plan_digest(*parsed, "plan.json", false));
  EXPECT_EQ(plan_to_json(*parsed), text);
  expect_each_edit_is_refused(*parsed, {
                                           [](Plan& p) { p.create_roles[0].actions_granted.push_back("iam:PassRole"); },
                                           [](Plan& p) { p.create_roles[0].actions_not_granted.clear(); },
                                           [](Plan& p) { p.create_roles[0].least_privilege = false; },
                                       });
  auto bad = nlohmann::json::parse(text);
  bad["create_roles"][0].erase("least_privilege");
  auto refused = plan_from_json(bad.dump(), "bad.json");
  ASSERT_FALSE(refused) << "actions only on a least-privilege role";
  EXPECT_NE(refused.error().message.find("$.create_roles[0].actions_granted"), std::string::npos)
      << refused.error().message;
}

TEST(PlanFile, APermissionsBoundaryRoundTripsAndIsDigested) {
  Plan plan = sample_plan();
  plan.migrate_keys = true;
  plan.create_roles.push_back(
      {"111111111111", "deploy", "rolecall-deploy", {"arn:aws:iam::aws:policy/ReadOnlyAccess"}, {}});
  EXPECT_EQ(plan_to_json(plan).find("permissions_boundary_arn"), std::string::npos)
      << "a role without a boundary says nothing, so earlier plans keep their digest";
  plan.create_roles[0].permissions_boundary_arn = "arn:aws:iam::111111111111:policy/dev-boundary";
  const std::string text = plan_to_json(plan);
  auto parsed = plan_from_json(text, "plan.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->create_roles.at(0).permissions_boundary_arn, "arn:aws:iam::111111111111:policy/dev-boundary");
  EXPECT_TRUE(check_plan_digest(*parsed, "plan.json", false));
  EXPECT_EQ(plan_to_json(*parsed), text);
  expect_each_edit_is_refused(
      *parsed,
      {
          [](Plan& p) { p.create_roles[0].permissions_boundary_arn.clear(); },
          [](Plan& p) { p.create_roles[0].permissions_boundary_arn = "arn:aws:iam::aws:policy/AdministratorAccess"; },
      });
  for (const char* wrong : {"dev-boundary", "arn:aws:iam::111111111111:role/dev", "arn:aws:iam::1111:policy/x",
                            "arn:aws:iam::111111111111:policy/"}) {
    auto bad = nlohmann::json::parse(text);
    bad["create_roles"][0]["permissions_boundary_arn"] = wrong;
    auto refused = plan_from_json(bad.dump(), "bad.json");
    ASSERT_FALSE(refused) << wrong;
    EXPECT_NE(refused.error().message.find("$.create_roles[0].permissions_boundary_arn"), std::string::npos)
        << refused.error().message;
  }
}

TEST(PlanFile, ResourcesNamingTheUserRoundTripAndAreDigested) {
  Plan plan = sample_plan();
  plan.migrate_keys = true;
  plan.create_roles.push_back(
      {"111111111111", "deploy", "rolecall-deploy", {"arn:aws:iam::aws:policy/ReadOnlyAccess"}, {}});
  EXPECT_EQ(plan_to_json(plan).find("resources_naming_user"), std::string::npos)
      << "no trusting role, nothing said, so earlier plans keep their digest";
  plan.create_roles[0].resources_naming_user = {"arn:aws:iam::111111111111:role/release", "arn:aws:s3:::artifacts"};
  const std::string text = plan_to_json(plan);
  auto parsed = plan_from_json(text, "plan.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->create_roles.at(0).resources_naming_user,
            (std::vector<std::string>{"arn:aws:iam::111111111111:role/release", "arn:aws:s3:::artifacts"}));
  EXPECT_TRUE(check_plan_digest(*parsed, "plan.json", false));
  expect_each_edit_is_refused(*parsed, {
                                           [](Plan& p) { p.create_roles[0].resources_naming_user.clear(); },
                                       });
  for (const char* wrong : {"release", "arn:aws:iam::111111111111:policy/release", "arn:aws:iam::1111:role/x",
                            "arn:aws:iam::111111111111:role/", "arn:aws:s3:::", "arn:aws:s3:::artifacts/key"}) {
    auto bad = nlohmann::json::parse(text);
    bad["create_roles"][0]["resources_naming_user"][0] = wrong;
    auto refused = plan_from_json(bad.dump(), "bad.json");
    ASSERT_FALSE(refused) << wrong;
    EXPECT_NE(refused.error().message.find("$.create_roles[0].resources_naming_user[0]"), std::string::npos)
        << refused.error().message;
  }
}

TEST(PlanFile, EmptyPlanRoundTrips) {
  Plan plan;
  auto parsed = plan_from_json(plan_to_json(plan), "empty.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_TRUE(parsed->actions.empty());
  EXPECT_TRUE(parsed->create_profiles.empty());
}

struct Malformed {
  const char* name;
  std::string text;
  ErrorKind kind;
  const char* needle;  // the error names this (source and JSON path)
};

class PlanFileMalformed : public ::testing::TestWithParam<Malformed> {};

TEST_P(PlanFileMalformed, IsRejectedWithSourceAndPath) {
  auto parsed = plan_from_json(GetParam().text, "bad-plan.json");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, GetParam().kind);
  EXPECT_NE(parsed.error().message.find("bad-plan.json"), std::string::npos) << parsed.error().message;
  EXPECT_NE(parsed.error().message.find(GetParam().needle), std::string::npos) << parsed.error().message;
}

const std::string kHead = R"({"schema":"rolecall.plan/v1","version":1,"actions":)";
const std::string kBefore = R"("before":{"instance_id":"i-1","account_id":"111111111111","region":"us-east-1"})";

INSTANTIATE_TEST_SUITE_P(
    All, PlanFileMalformed,
    ::testing::Values(
        Malformed{"NotJson", "{\"schema\":", ErrorKind::kParse, "malformed JSON at byte offset 10 of 10 (truncated?)"},
        Malformed{"NumberBeyondADouble", kHead + R"([{"action":"skip",)" + kBefore + R"(,"n":1e400}]})",
                  ErrorKind::kParse, "beyond the range of a double"},
        Malformed{"VersionWrapsToOne", R"({"schema":"rolecall.plan/v1","version":4294967297,"actions":[]})",
                  ErrorKind::kInvalidArgument, "unsupported plan version 4294967297"},
        Malformed{"Empty", "", ErrorKind::kParse, "not a JSON document"},
        Malformed{"Array", "[]", ErrorKind::kInvalidArgument, "$"},
        Malformed{"NoSchema", R"({"actions":[]})", ErrorKind::kInvalidArgument, "$.schema"},
        Malformed{"OtherSchema", R"({"schema":"rolecall.scan/v1","actions":[]})", ErrorKind::kInvalidArgument,
                  "not a rolecall plan"},
        Malformed{"FutureSchema", R"({"schema":"rolecall.plan/v2","actions":[]})", ErrorKind::kInvalidArgument,
                  "unsupported plan version"},
        Malformed{"FutureVersion", R"({"schema":"rolecall.plan/v1","version":2,"actions":[]})",
                  ErrorKind::kInvalidArgument, "$.version"},
        Malformed{"VersionString", R"({"schema":"rolecall.plan/v1","version":"1","actions":[]})",
                  ErrorKind::kInvalidArgument, "$.version"},
        Malformed{"NoActions", R"({"schema":"rolecall.plan/v1"})", ErrorKind::kInvalidArgument, "$.actions"},
        Malformed{"ActionsNotArray", kHead + "{}}", ErrorKind::kInvalidArgument, "$.actions"},
        Malformed{"ActionNotObject", kHead + "[3]}", ErrorKind::kInvalidArgument, "$.actions[0]"},
        Malformed{"BadKind", kHead + R"([{"action":"delete",)" + kBefore + "}]}", ErrorKind::kInvalidArgument,
                  "$.actions[0].action"},
        Malformed{"KindNotString", kHead + R"([{"action":1,)" + kBefore + "}]}", ErrorKind::kInvalidArgument,
                  "$.actions[0].action"},
        Malformed{"NoBefore", kHead + R"([{"action":"skip"}]})", ErrorKind::kInvalidArgument, "$.actions[0].before"},
        Malformed{"NoInstanceId", kHead + R"([{"action":"skip","before":{"account_id":"1","region":"r"}}]})",
                  ErrorKind::kInvalidArgument, "$.actions[0].before.instance_id"},
        Malformed{
            "ProfileArnNumber",
            kHead +
                R"([{"action":"skip","before":{"instance_id":"i-1","account_id":"1","region":"r","profile_arn":5}}]})",
            ErrorKind::kInvalidArgument, "$.actions[0].before.profile_arn"},
        Malformed{"AssociateWithoutTarget", kHead + R"([{"action":"associate",)" + kBefore + "}]}",
                  ErrorKind::kInvalidArgument, "$.actions[0].target.arn"},
        Malformed{"ReplaceWithoutAssociation",
                  kHead + R"([{"action":"replace",)" + kBefore + R"(,"target":{"arn":"arn:x"}}]})",
                  ErrorKind::kInvalidArgument, "$.actions[0].before.association_id"},
        Malformed{"FixesNotStrings", kHead + R"([{"action":"skip",)" + kBefore + R"(,"fixes":[1]}]})",
                  ErrorKind::kInvalidArgument, "$.actions[0].fixes[0]"},
        Malformed{"SecondActionBad",
                  kHead + R"([{"action":"skip",)" + kBefore + R"(},{"action":"nope",)" + kBefore + "}]}",
                  ErrorKind::kInvalidArgument, "$.actions[1].action"},
        Malformed{
            "CreateProfileMissingRole",
            R"({"schema":"rolecall.plan/v1","actions":[],"create_profiles":[{"account_id":"1","profile_name":"p"}]})",
            ErrorKind::kInvalidArgument, "$.create_profiles[0].role_name"}),
    [](const ::testing::TestParamInfo<Malformed>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace rolecall

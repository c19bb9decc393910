// The launch template planner's rules (remediate/template_plan.h), from actions and what was read.
#include <gtest/gtest.h>

#include "remediate/template_plan.h"

namespace rolecall::remediate {
namespace {

constexpr const char* kTemplateAccount = "111111111111";
constexpr const char* kRegion = "eu-west-1";
const std::string kTemplateTargetArn = "arn:aws:iam::111111111111:instance-profile/app-web";

PlannedAction action(const std::string& id, const std::string& group, ActionKind kind = ActionKind::kAssociate,
                     const std::string& target = "app-web") {
  PlannedAction a;
  a.kind = kind;
  a.before = {id, kTemplateAccount, kRegion, "running", "", "", "ebs", group};
  a.target = {"arn:aws:iam::111111111111:instance-profile/" + target, target, ""};
  return a;
}

using Groups = std::map<SourceKey, Result<std::optional<aws::autoscaling::AutoScalingGroup>>>;
using Templates = std::map<SourceKey, Result<LiveTemplate>>;

aws::autoscaling::AutoScalingGroup group(const std::string& name, const std::string& lt, const std::string& version) {
  aws::autoscaling::AutoScalingGroup g;
  g.name = name;
  g.launch_template_id = lt;
  g.launch_template_name = lt.empty() ? "" : lt + "-name";
  g.launch_template_version = version;
  if (lt.empty()) g.launch_configuration = name + "-lc";
  return g;
}

void add(Groups& groups, const aws::autoscaling::AutoScalingGroup& g) {
  groups.insert_or_assign(SourceKey{kTemplateAccount, kRegion, g.name}, std::optional(g));
}

LiveTemplate live(const std::string& id, long long def, long long latest, std::map<long long, std::string> profiles) {
  LiveTemplate t;
  t.id = id;
  t.name = id + "-name";
  t.default_version = def;
  t.latest_version = latest;
  t.profiles = std::move(profiles);
  return t;
}

TEST(TemplatePlan, UpdatesTheVersionInUseAndMovesPinnedGroups) {
  std::vector<PlannedAction> actions = {action("i-1", "pinned"), action("i-2", "on-default"), action("i-3", "")};
  EXPECT_EQ(groups_of(actions).size(), 2u);  // the instance outside a group names none
  Groups groups;
  add(groups, group("pinned", "lt-a", "2"));
  add(groups, group("on-default", "lt-a", "$Default"));
  EXPECT_EQ(templates_of(groups).at({kTemplateAccount, kRegion, "lt-a"}), (std::set<long long>{2}));
  Templates templates;
  templates.insert_or_assign(SourceKey{kTemplateAccount, kRegion, "lt-a"},
                             live("lt-a", 2, 5, {{2, "admin-ec2"}, {5, ""}}));
  auto out = plan_templates(actions, groups, templates);
  ASSERT_EQ(out.size(), 1u);
  const TemplateAction& t = out[0];
  EXPECT_EQ(t.kind, TemplateActionKind::kUpdate) << t.reason;
  EXPECT_EQ(t.source_version, 2);
  EXPECT_EQ(t.source_profile_arn, "admin-ec2");
  EXPECT_EQ(t.default_version, 2);
  EXPECT_EQ(t.latest_version, 5);
  EXPECT_EQ(t.target.arn, kTemplateTargetArn);
  ASSERT_EQ(t.groups.size(), 2u);
  EXPECT_NE(t.reason.find("pinned moved to it"), std::string::npos) << t.reason;
  EXPECT_EQ(t.reason.find("on-default moved"), std::string::npos) << t.reason;
}

TEST(TemplatePlan, LatestResolvesToTheLatestVersion) {
  Groups groups;
  add(groups, group("g", "lt-a", "$Latest"));
  Templates templates;
  templates.insert_or_assign(SourceKey{kTemplateAccount, kRegion, "lt-a"}, live("lt-a", 1, 3, {{1, "x"}, {3, ""}}));
  auto out = plan_templates({action("i-1", "g")}, groups, templates);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, TemplateActionKind::kUpdate);
  EXPECT_EQ(out[0].source_version, 3);
  EXPECT_EQ(out[0].source_profile_arn, "");
}

TEST(TemplatePlan, SkipsWhenTheVersionCarriesTheTargetByNameOrArn) {
  for (const std::string& carried : std::vector<std::string>{"app-web", kTemplateTargetArn}) {
    Groups groups;
    add(groups, group("g", "lt-a", "$Default"));
    Templates templates;
    templates.insert_or_assign(SourceKey{kTemplateAccount, kRegion, "lt-a"}, live("lt-a", 1, 1, {{1, carried}}));
    auto out = plan_templates({action("i-1", "g", ActionKind::kSkip)}, groups, templates);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, TemplateActionKind::kSkip) << carried;
  }
  // Another account's profile of the same name is not the target.
  EXPECT_FALSE(
      carries_profile("arn:aws:iam::222222222222:instance-profile/app-web", {kTemplateTargetArn, "app-web", ""}));
}

TEST(TemplatePlan, BlocksWhatCannotBeFixed) {
  std::vector<PlannedAction> actions = {action("i-1", "lc"),
                                        action("i-2", "gone"),
                                        action("i-3", "unreadable"),
                                        action("i-4", "split"),
                                        action("i-5", "split", ActionKind::kReplace, "other"),
                                        action("i-6", "managed", ActionKind::kBlocked)};
  actions[5].managed = {"cloudformation", "web-stack", "WebGroup", false};
  Groups groups;
  add(groups, group("lc", "", ""));
  groups.insert_or_assign(SourceKey{kTemplateAccount, kRegion, "gone"},
                          std::optional<aws::autoscaling::AutoScalingGroup>());
  groups.insert_or_assign(SourceKey{kTemplateAccount, kRegion, "unreadable"},
                          Result<std::optional<aws::autoscaling::AutoScalingGroup>>(
                              fail(Error::access_denied("autoscaling:DescribeAutoScalingGroups denied"))));
  add(groups, group("split", "lt-b", "$Default"));
  add(groups, group("managed", "lt-c", "$Default"));
  auto out = plan_templates(actions, groups, {});
  ASSERT_EQ(out.size(), 5u);
  std::map<std::string, std::string> reasons;
  for (const auto& t : out) {
    EXPECT_EQ(t.kind, TemplateActionKind::kBlocked) << t.groups[0].name;
    reasons[t.groups[0].name] = t.reason;
  }
  EXPECT_NE(reasons["lc"].find("launch configuration lc-lc"), std::string::npos) << reasons["lc"];
  EXPECT_NE(reasons["gone"].find("no longer exists"), std::string::npos);
  EXPECT_NE(reasons["unreadable"].find("could not be read"), std::string::npos);
  EXPECT_NE(reasons["split"].find("different profiles"), std::string::npos);
  EXPECT_NE(reasons["managed"].find("CloudFormation stack web-stack"), std::string::npos) << reasons["managed"];
}

TEST(TemplatePlan, BlocksGroupsOnDifferentVersionsAndUnreadableTemplates) {
  Groups groups;
  add(groups, group("a", "lt-a", "1"));
  add(groups, group("b", "lt-a", "2"));
  add(groups, group("c", "lt-c", "$Default"));
  Templates templates;
  templates.insert_or_assign(SourceKey{kTemplateAccount, kRegion, "lt-a"}, live("lt-a", 2, 2, {{1, ""}, {2, ""}}));
  templates.insert_or_assign(SourceKey{kTemplateAccount, kRegion, "lt-c"},
                             Result<LiveTemplate>(fail(ErrorKind::kNotFound, "launch template lt-c does not exist")));
  auto out = plan_templates({action("i-1", "a"), action("i-2", "b"), action("i-3", "c")}, groups, templates);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, TemplateActionKind::kBlocked);
  EXPECT_NE(out[0].reason.find("do not launch one existing version"), std::string::npos) << out[0].reason;
  EXPECT_EQ(out[1].kind, TemplateActionKind::kBlocked);
  EXPECT_NE(out[1].reason.find("does not exist"), std::string::npos) << out[1].reason;
}

TEST(TemplatePlan, RequestedTemplatesStartFromTheDefaultVersion) {
  auto target = [](const std::string& blocked = "") {
    ResolvedTarget t;
    t.profile = {kTemplateTargetArn, "app-web", ""};
    t.blocked_reason = blocked;
    return t;
  };
  Templates templates;
  templates.insert_or_assign(SourceKey{kTemplateAccount, kRegion, "lt-alone"},
                             live("lt-alone", 2, 3, {{2, ""}, {3, "x"}}));
  templates.insert_or_assign(SourceKey{kTemplateAccount, kRegion, "lt-used"},
                             live("lt-used", 1, 2, {{1, ""}, {2, ""}}));
  templates.insert_or_assign(SourceKey{kTemplateAccount, kRegion, "lt-done"}, live("lt-done", 1, 1, {{1, "app-web"}}));
  templates.insert_or_assign(SourceKey{kTemplateAccount, kRegion, "lt-bad"}, live("lt-bad", 1, 1, {{1, ""}}));
  std::map<std::pair<std::string, std::string>, Result<std::vector<aws::autoscaling::AutoScalingGroup>>> groups;
  groups.insert_or_assign(std::pair{std::string(kTemplateAccount), std::string(kRegion)},
                          std::vector{group("on-latest", "lt-used", "$Latest"), group("other", "lt-x", "1")});
  std::vector<RequestedTemplate> requested = {
      {{kTemplateAccount, kRegion, "lt-alone"}, target()},
      {{kTemplateAccount, kRegion, "lt-used"}, target()},
      {{kTemplateAccount, kRegion, "lt-done"}, target()},
      {{kTemplateAccount, kRegion, "lt-bad"}, target("role app-web is admin-level")},
      {{kTemplateAccount, kRegion, "lt-planned"}, target()}};
  TemplateAction planned;
  planned.account_id = kTemplateAccount;
  planned.region = kRegion;
  planned.template_id = "lt-planned";
  auto out = plan_requested_templates(requested, {planned}, templates, groups);
  ASSERT_EQ(out.size(), 4u);  // lt-planned is planned through its groups already
  std::map<std::string, const TemplateAction*> by_id;
  for (const auto& t : out) by_id[t.template_id] = &t;
  EXPECT_EQ(by_id["lt-alone"]->kind, TemplateActionKind::kUpdate);
  EXPECT_EQ(by_id["lt-alone"]->source_version, 2);  // the default, not the latest
  EXPECT_TRUE(by_id["lt-alone"]->groups.empty());
  // A group on $Latest launches version 2, not the default 1: it is fixed through its instances.
  EXPECT_EQ(by_id["lt-used"]->kind, TemplateActionKind::kBlocked);
  EXPECT_NE(by_id["lt-used"]->reason.find("on-latest launches 2"), std::string::npos) << by_id["lt-used"]->reason;
  EXPECT_EQ(by_id["lt-done"]->kind, TemplateActionKind::kSkip);
  EXPECT_EQ(by_id["lt-bad"]->kind, TemplateActionKind::kBlocked);
  EXPECT_EQ(by_id["lt-bad"]->reason, "role app-web is admin-level");
}

TEST(TemplatePlan, ResolveVersion) {
  LiveTemplate t = live("lt-a", 2, 7, {});
  EXPECT_EQ(resolve_version(t, "$Default"), 2);
  EXPECT_EQ(resolve_version(t, "$Latest"), 7);
  EXPECT_EQ(resolve_version(t, "4"), 4);
  EXPECT_EQ(resolve_version(t, "four"), 0);
  EXPECT_EQ(resolve_version(t, "99999999999999999999999"), 0);
}

TEST(TemplatePlanFile, RejectsAnUpdateApplyCouldNotMake) {
  const std::string head = R"({"schema": "rolecall.plan/v1", "version": 1, "actions": [], "launch_templates": [)";
  auto parse = [&](const std::string& entry) { return plan_from_json(head + entry + "]}", "p.json"); };
  const std::string ok =
      R"({"action": "update", "account_id": "1", "region": "r", "template_id": "lt-a", "source_version": 2,
          "default_version": 2, "latest_version": 3, "target": {"arn": "arn:x"}, "groups": [{"name": "g", "version": "2"}]})";
  auto good = parse(ok);
  ASSERT_TRUE(good) << good.error().describe();
  EXPECT_EQ(good->templates.at(0).groups.at(0).version, "2");
  struct Case {
    std::string from, to, path;
  };
  for (const auto& c : std::vector<Case>{{R"("update")", R"("upgrade")", "$.launch_templates[0].action"},
                                         {R"("lt-a")", R"("")", "$.launch_templates[0].template_id"},
                                         {R"("source_version": 2)", R"("source_version": -1)", ".source_version"},
                                         {R"("source_version": 2)", R"("source_version": "2")", ".source_version"},
                                         {R"("version": "2")", R"("version": "v2")", ".groups[0].version"},
                                         {R"({"arn": "arn:x"})", R"({"arn": ""})", ".target.arn"}}) {
    std::string text = ok;
    text.replace(text.find(c.from), c.from.size(), c.to);
    auto bad = parse(text);
    ASSERT_FALSE(bad) << c.to;
    EXPECT_NE(bad.error().message.find(c.path), std::string::npos) << bad.error().message;
  }
}

}  // namespace
}  // namespace rolecall::remediate

#include <gtest/gtest.h>

#include "remediate/plan_target.h"
#include "support/fake_env.h"

namespace rolecall::remediate {
namespace {

constexpr const char* kAcct = "111111111111";
const std::string kEc2Trust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
const std::string kLambdaTrust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

std::string role_arn(const std::string& name) { return std::string("arn:aws:iam::") + kAcct + ":role/" + name; }
std::string profile_arn(const std::string& name) {
  return std::string("arn:aws:iam::") + kAcct + ":instance-profile/" + name;
}

Inventory estate() {
  Inventory inv;
  AccountInventory& a = inv.accounts[kAcct];
  a.account_id = kAcct;
  a.iam_collected = true;
  auto role = [&](const std::string& name, const std::string& trust, std::vector<std::string> attached = {}) {
    Role r;
    r.name = name;
    r.arn = role_arn(name);
    r.path = "/";
    r.trust_policy = trust;
    r.attached_policy_arns = std::move(attached);
    a.roles.push_back(r);
  };
  role("app", kEc2Trust);
  role("admin", kEc2Trust, {"arn:aws:iam::aws:policy/AdministratorAccess"});
  role("lambda", kLambdaTrust);
  role("lonely", kEc2Trust);
  role("shared", kEc2Trust);
  auto profile = [&](const std::string& name, std::vector<std::string> roles) {
    InstanceProfile p;
    p.name = name;
    p.arn = profile_arn(name);
    p.role_arns = std::move(roles);
    a.profiles.push_back(p);
  };
  profile("app", {role_arn("app")});
  profile("admin", {role_arn("admin")});
  profile("lambda", {role_arn("lambda")});
  profile("empty", {});
  profile("dangling", {role_arn("deleted")});
  profile("shared-b", {role_arn("shared")});
  profile("shared-a", {role_arn("shared")});
  a.build_index();
  AccountInventory& broken = inv.accounts["222222222222"];
  broken.account_id = "222222222222";
  broken.iam_error = Error::access_denied("GetAccountAuthorizationDetails denied");
  return inv;
}

TargetSpec by_profile(const std::string& name) {
  TargetSpec s;
  s.kind = TargetSpec::Kind::kInstanceProfile;
  s.name = name;
  return s;
}

TargetSpec by_role(const std::string& name, bool create) {
  TargetSpec s;
  s.kind = TargetSpec::Kind::kRole;
  s.name = name;
  s.create_profile = create;
  return s;
}

TEST(TargetResolver, InstanceProfileResolvesPerAccount) {
  Inventory inv = estate();
  TargetResolver r(inv, by_profile("app"), {});
  auto t = r.resolve(kAcct, "us-east-1", {});
  EXPECT_TRUE(t.blocked_reason.empty()) << t.blocked_reason;
  EXPECT_EQ(t.profile.arn, profile_arn("app"));
  EXPECT_EQ(t.profile.role_arn, role_arn("app"));
  auto other = r.resolve("222222222222", "us-east-1", {});
  EXPECT_NE(other.blocked_reason.find("could not be read"), std::string::npos) << other.blocked_reason;
  auto unknown = r.resolve("333333333333", "us-east-1", {});
  EXPECT_FALSE(unknown.blocked_reason.empty());
}

TEST(TargetResolver, BadTargetsAreBlockedWithTheReason) {
  Inventory inv = estate();
  struct Case {
    std::string profile;
    std::string needle;
  };
  for (const auto& c : std::vector<Case>{{"missing", "does not exist"},
                                         {"empty", "holds no role"},
                                         {"dangling", "does not exist"},
                                         {"admin", "admin-level"},
                                         {"lambda", "does not allow ec2.amazonaws.com"}}) {
    TargetResolver r(inv, by_profile(c.profile), {});
    auto t = r.resolve(kAcct, "us-east-1", {});
    EXPECT_NE(t.blocked_reason.find(c.needle), std::string::npos) << c.profile << ": " << t.blocked_reason;
  }
}

TEST(TargetResolver, ApprovedListRestrictsTargets) {
  Inventory inv = estate();
  TargetResolver off(inv, by_profile("app"), {profile_arn("shared-a")});
  EXPECT_NE(off.resolve(kAcct, "us-east-1", {}).blocked_reason.find("approved"), std::string::npos);
  TargetResolver on(inv, by_profile("app"), {role_arn("app")});
  EXPECT_TRUE(on.resolve(kAcct, "us-east-1", {}).blocked_reason.empty());
}

TEST(TargetResolver, RoleFindsAProfileHoldingIt) {
  Inventory inv = estate();
  TargetResolver same(inv, by_role("app", false), {});
  auto t = same.resolve(kAcct, "us-east-1", {});
  EXPECT_TRUE(t.blocked_reason.empty()) << t.blocked_reason;
  EXPECT_EQ(t.profile.name, "app");
  TargetResolver shared(inv, by_role("shared", false), {});
  auto s = shared.resolve(kAcct, "us-east-1", {});
  EXPECT_EQ(s.profile.name, "shared-a");  // deterministic: first by name
  EXPECT_TRUE(shared.create_profiles().empty());
}

TEST(TargetResolver, RoleWithoutProfileNeedsCreateProfile) {
  Inventory inv = estate();
  TargetResolver no(inv, by_role("lonely", false), {});
  EXPECT_NE(no.resolve(kAcct, "us-east-1", {}).blocked_reason.find("--create-profile"), std::string::npos);
  TargetResolver yes(inv, by_role("lonely", true), {});
  auto t = yes.resolve(kAcct, "us-east-1", {});
  EXPECT_TRUE(t.blocked_reason.empty()) << t.blocked_reason;
  EXPECT_EQ(t.profile.arn, profile_arn("lonely"));
  EXPECT_EQ(t.profile.role_arn, role_arn("lonely"));
  auto creates = yes.create_profiles();
  ASSERT_EQ(creates.size(), 1u);
  EXPECT_EQ(creates[0].profile_name, "lonely");
  EXPECT_EQ(creates[0].role_name, "lonely");
  EXPECT_EQ(creates[0].account_id, kAcct);
  TargetResolver missing(inv, by_role("nope", true), {});
  EXPECT_NE(missing.resolve(kAcct, "us-east-1", {}).blocked_reason.find("does not exist"), std::string::npos);
  EXPECT_TRUE(missing.create_profiles().empty());
  // A role that may not be used is never given a new profile.
  TargetResolver admin(inv, by_role("lambda", true), {});
  EXPECT_FALSE(admin.resolve(kAcct, "us-east-1", {}).blocked_reason.empty());
}

const char* kMapping = R"(# team profiles
rules:
  - tags: {team: payments}
    region: eu-*
    profile: shared-a
  - account: "111111111111"
    tags:
      team: payments
    profile: app
  - account: "2222*"
    profile: empty
)";

TEST(Mapping, FirstMatchWins) {
  auto rules = parse_mapping(kMapping, "map.yaml");
  ASSERT_TRUE(rules) << rules.error().message;
  ASSERT_EQ(rules->size(), 3u);
  EXPECT_EQ((*rules)[0].line, 3);
  EXPECT_EQ((*rules)[1].line, 6);
  std::vector<Tag> payments{{"Name", "x"}, {"team", "payments"}};
  EXPECT_EQ(match_rule(*rules, kAcct, "eu-west-1", payments)->profile, "shared-a");
  EXPECT_EQ(match_rule(*rules, kAcct, "us-east-1", payments)->profile, "app");
  EXPECT_EQ(match_rule(*rules, kAcct, "us-east-1", {{"team", "search"}}), nullptr);
  EXPECT_EQ(match_rule(*rules, "222222222222", "us-east-1", {})->profile, "empty");

  Inventory inv = estate();
  TargetSpec spec;
  spec.kind = TargetSpec::Kind::kMapping;
  spec.rules = *rules;
  spec.mapping_source = "map.yaml";
  TargetResolver r(inv, spec, {});
  EXPECT_EQ(r.resolve(kAcct, "eu-west-1", payments).profile.name, "shared-a");
  EXPECT_EQ(r.resolve(kAcct, "us-east-1", payments).profile.name, "app");
  EXPECT_NE(r.resolve(kAcct, "us-east-1", {}).blocked_reason.find("no rule of map.yaml"), std::string::npos);
}

TEST(Mapping, ErrorsNameFileAndLine) {
  struct Case {
    std::string text;
    std::string needle;
  };
  for (const auto& c : std::vector<Case>{
           {"rules:\n  - profile: a\n    colour: red\n", "map.yaml:3"},
           {"rules:\n  - region: us-east-1\n", "map.yaml:2"},
           {"rules:\n  - profile: [a, b]\n", "map.yaml:2"},
           {"rules:\n  - profile: a\n    tags: [team]\n", "map.yaml:3"},
           {"rules: []\n", "non-empty"},
           {"rulez:\n  - profile: a\n", "map.yaml:1"},
           {"rules:\n  - profile: a\n  bad: [\n", "map.yaml"},
           {"- profile: a\n", "map.yaml"},
           {"", "map.yaml"},
       }) {
    auto rules = parse_mapping(c.text, "map.yaml");
    ASSERT_FALSE(rules) << c.text;
    EXPECT_NE(rules.error().message.find(c.needle), std::string::npos) << c.text << " -> " << rules.error().message;
  }
  auto missing = load_mapping_file(rolecall::testing::FakeEnv(), "/nonexistent/map.yaml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kInvalidArgument);
}

TEST(TargetsExist, AMissingProfileRoleOrMappingRuleIsAUsageErrorNamingIt) {
  Inventory inv = estate();
  EXPECT_TRUE(check_targets_exist(inv, by_profile("app")));
  EXPECT_TRUE(check_targets_exist(inv, by_role("lonely", true)));
  auto profile = check_targets_exist(inv, by_profile("no-such"));
  ASSERT_FALSE(profile);
  EXPECT_EQ(profile.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(profile.error().message.find("instance profile no-such does not exist"), std::string::npos);
  auto role = check_targets_exist(inv, by_role("no-such", true));
  ASSERT_FALSE(role);
  EXPECT_NE(role.error().message.find("role no-such does not exist"), std::string::npos);

  auto rules = parse_mapping("rules:\n  - profile: app\n    region: eu-*\n  - profile: no-such\n", "map.yaml");
  ASSERT_TRUE(rules) << rules.error().message;
  TargetSpec spec;
  spec.kind = TargetSpec::Kind::kMapping;
  spec.rules = *rules;
  spec.mapping_source = "map.yaml";
  auto mapped = check_targets_exist(inv, spec);
  ASSERT_FALSE(mapped);
  EXPECT_EQ(mapped.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(mapped.error().message.find("map.yaml:4: rule 2: instance profile no-such"), std::string::npos)
      << mapped.error().message;
  // A rule for accounts whose IAM could not be read proves nothing: their instances stay blocked.
  spec.rules[1].account = "222222222222";
  EXPECT_TRUE(check_targets_exist(inv, spec));
}

TEST(TargetResolver, RejudgeFailsAPlannedTargetThatNoLongerPassesEveryRule) {
  Inventory inv = estate();
  TargetResolver r(inv, by_profile(""), {});
  auto judge = [&](const std::string& arn, const ProfileToCreate* creating = nullptr) {
    return r.rejudge(kAcct, TargetProfile{arn, "", ""}, creating).blocked_reason;
  };
  EXPECT_EQ(judge(profile_arn("app")), "");
  EXPECT_NE(judge(profile_arn("admin")).find("admin-level"), std::string::npos);
  EXPECT_NE(judge(profile_arn("lambda")).find("does not allow ec2"), std::string::npos);
  EXPECT_NE(judge(profile_arn("empty")).find("holds no role"), std::string::npos);
  EXPECT_NE(judge(profile_arn("no-such")).find("does not exist"), std::string::npos);
  // Same name, another path: not the profile that was planned.
  EXPECT_NE(judge("arn:aws:iam::111111111111:instance-profile/team/app").find("is not the instance profile"),
            std::string::npos);
  EXPECT_NE(r.rejudge("222222222222", TargetProfile{"arn:aws:iam::222222222222:instance-profile/app", "", ""}, nullptr)
                .blocked_reason.find("could not be read"),
            std::string::npos);
  ProfileToCreate lonely{kAcct, "lonely", "lonely", "/"};
  EXPECT_EQ(judge(profile_arn("lonely"), &lonely), "");
  ProfileToCreate admin{kAcct, "admin2", "admin", "/"};
  EXPECT_NE(judge(profile_arn("admin2"), &admin).find("admin-level"), std::string::npos);
  TargetResolver approved(inv, by_profile(""), {profile_arn("other")});
  EXPECT_NE(approved.rejudge(kAcct, TargetProfile{profile_arn("app"), "", ""}, nullptr)
                .blocked_reason.find("not on the approved list"),
            std::string::npos);
}

TEST(TargetSpec, Describes) {
  EXPECT_EQ(by_profile("app").describe(), "--instance-profile app");
  EXPECT_EQ(by_role("app", true).describe(), "--role app --create-profile");
}

}  // namespace
}  // namespace rolecall::remediate

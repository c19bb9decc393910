#include "remediate/user_roles.h"

#include <gtest/gtest.h>

#include "remediate/plan_user_roles.h"
#include "remediate_plan/user_roles_fixture.h"

namespace rolecall::remediate {
namespace {

constexpr const char* kUserRolesAcct = "111111111111";
const std::string kReadS3 =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})";
const std::string kPutQueue =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]})";
const std::string kLogsArn = "arn:aws:iam::111111111111:policy/app-logs";
const std::string kReadOnlyArn = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const std::string kAdminArn = "arn:aws:iam::aws:policy/AdministratorAccess";

bool valid_role_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view("_+=,.@-").find(c) == std::string_view::npos)
      return false;
  }
  return true;
}

AccountInventory user_roles_account() { return testing::iam_read_account(kUserRolesAcct); }

UserDirectory user_roles_directory() {
  UserDirectory d;
  IamUser deploy;
  deploy.name = "deploy";
  deploy.arn = "arn:aws:iam::111111111111:user/deploy";
  deploy.groups = {"builders"};
  deploy.attached_policy_arns = {kLogsArn};
  deploy.inline_policies = {{"read", kReadS3}};
  d.users["deploy"] = deploy;
  IamGroup builders;
  builders.name = "builders";
  builders.attached_policy_arns = {kReadOnlyArn, kLogsArn};
  builders.inline_policies = {{"queue", kPutQueue}};
  d.groups["builders"] = builders;
  IamUser root;
  root.name = "ops-admin";
  root.attached_policy_arns = {kAdminArn};
  d.users["ops-admin"] = root;
  IamUser escalates;
  escalates.name = "escalator";
  escalates.inline_policies = {
      {"iam", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]})"}};
  d.users["escalator"] = escalates;
  IamUser lost;
  lost.name = "lost";
  lost.groups = {"unread"};
  d.users["lost"] = lost;
  d.policies[kLogsArn] = {kLogsArn, "app-logs", "v1",
                          R"({"Statement":[{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"}]})"};
  d.policies[kReadOnlyArn] = {
      kReadOnlyArn, "ReadOnlyAccess", "v1",
      R"({"Statement":[{"Effect":"Allow","Action":["s3:Get*","ec2:Describe*"],"Resource":"*"}]})"};
  return d;
}

TEST(UserRoleName, PrefixesAShortValidUserName) {
  EXPECT_EQ(user_role_name("deploy"), "rolecall-deploy");
  EXPECT_EQ(user_role_name("ci.bot@example.com"), "rolecall-ci.bot@example.com");
}

TEST(UserRoleName, LongNamesAreCutToSixtyFourWithADeterministicDistinctSuffix) {
  const std::string a(64, 'a');
  const std::string b = std::string(63, 'a') + "b";
  const std::string name = user_role_name(a);
  EXPECT_EQ(name.size(), 64u);
  EXPECT_TRUE(valid_role_name(name)) << name;
  EXPECT_TRUE(name.starts_with("rolecall-aaaa")) << name;
  EXPECT_EQ(name, user_role_name(a));                           // deterministic
  EXPECT_NE(name, user_role_name(b));                           // same prefix, different users: different roles
  EXPECT_EQ(user_role_name(std::string(55, 'x')).size(), 64u);  // exactly fits: kept as is
  EXPECT_EQ(user_role_name(std::string(55, 'x')), "rolecall-" + std::string(55, 'x'));
  EXPECT_NE(user_role_name(std::string(56, 'x')), "rolecall-" + std::string(56, 'x'));
}

TEST(UserRoleName, CharactersOutsideIamsSetAreReplacedAndHashed) {
  const std::string name = user_role_name("bad name/with:chars");
  EXPECT_TRUE(valid_role_name(name)) << name;
  EXPECT_TRUE(name.starts_with("rolecall-bad-name-with-chars-")) << name;
  // Two users that sanitize alike still get distinct roles.
  EXPECT_NE(name, user_role_name("bad-name/with:chars"));
}

TEST(PlanUserRole, CopiesTheUsersAndItsGroupsPolicies) {
  const AccountInventory account = user_roles_account();
  const UserDirectory directory = user_roles_directory();
  UserRolePlan plan = plan_user_role(account, directory, "deploy");
  ASSERT_EQ(plan.target.blocked_reason, "");
  EXPECT_EQ(plan.target.profile.name, "rolecall-deploy");
  EXPECT_EQ(plan.target.profile.arn, "arn:aws:iam::111111111111:instance-profile/rolecall-deploy");
  EXPECT_EQ(plan.target.profile.role_arn, "arn:aws:iam::111111111111:role/rolecall-deploy");
  ASSERT_TRUE(plan.create_role);
  EXPECT_FALSE(plan.create_profile);
  const RoleToCreate& role = *plan.create_role;
  EXPECT_EQ(role.user, "deploy");
  EXPECT_EQ(role.account_id, kUserRolesAcct);
  // Attached to the user and to its group: once each.
  EXPECT_EQ(role.managed_policy_arns, (std::vector<std::string>{kLogsArn, kReadOnlyArn}));  // sorted
  ASSERT_EQ(role.inline_policies.size(), 2u);
  EXPECT_EQ(role.inline_policies[0].name, "group.builders.queue");
  EXPECT_EQ(role.inline_policies[0].source, "group builders: queue");
  EXPECT_EQ(role.inline_policies[0].document, kPutQueue);
  EXPECT_EQ(role.inline_policies[1].name, "user.read");
  EXPECT_EQ(role.inline_policies[1].document, kReadS3);
}

TEST(PlanUserRole, AdminLevelUsersAreBlockedForTheOperatorToNameATarget) {
  const AccountInventory account = user_roles_account();
  const UserDirectory directory = user_roles_directory();
  for (const char* user : {"ops-admin", "escalator"}) {
    UserRolePlan plan = plan_user_role(account, directory, user);
    EXPECT_FALSE(plan.create_role) << user;
    EXPECT_NE(plan.target.blocked_reason.find("admin-level"), std::string::npos) << plan.target.blocked_reason;
    EXPECT_NE(plan.target.blocked_reason.find("the operator must name a target"), std::string::npos)
        << plan.target.blocked_reason;
  }
}

// The role would hold U's policies without U's boundary: more than U may do, so no role is planned.
TEST(PlanUserRole, AUserWithAPermissionsBoundaryGetsARoleWithTheSameBoundary) {
  AccountInventory account = user_roles_account();
  UserDirectory directory = user_roles_directory();
  const auto plain = plan_user_role(account, directory, "deploy").create_role;
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->permissions_boundary_arn, "") << "no boundary, none carried";
  const std::string boundary = "arn:aws:iam::111122223333:policy/dev-boundary";
  directory.users["deploy"].permissions_boundary_arn = boundary;
  UserRolePlan plan = plan_user_role(account, directory, "deploy");
  ASSERT_EQ(plan.target.blocked_reason, "");
  ASSERT_TRUE(plan.create_role);
  // The role can do no more than the user: the same policies within the same boundary.
  EXPECT_EQ(plan.create_role->permissions_boundary_arn, boundary);
  EXPECT_EQ(plan.create_role->managed_policy_arns, plain->managed_policy_arns);

  // An existing rolecall-deploy is reused only with the user's boundary.
  Role existing;
  existing.name = "rolecall-deploy";
  existing.arn = "arn:aws:iam::111111111111:role/rolecall-deploy";
  existing.trust_policy = user_role_trust_policy();
  existing.attached_policy_arns = plain->managed_policy_arns;
  for (const auto& p : plain->inline_policies) existing.inline_policies.push_back({p.name, p.document});
  account.roles.push_back(existing);
  account.build_index();
  UserRolePlan unbounded = plan_user_role(account, directory, "deploy");
  EXPECT_FALSE(unbounded.create_role);
  EXPECT_NE(unbounded.target.blocked_reason.find("its permissions boundary is not the user's (" + boundary + ")"),
            std::string::npos)
      << unbounded.target.blocked_reason;
  account.roles[0].permissions_boundary_arn = boundary;
  account.build_index();
  EXPECT_EQ(plan_user_role(account, directory, "deploy").target.blocked_reason, "");
  directory.users["deploy"].permissions_boundary_arn.clear();
  EXPECT_NE(plan_user_role(account, directory, "deploy")
                .target.blocked_reason.find("it has a permissions boundary the user does not have"),
            std::string::npos);
}

TEST(PlanUserRole, RolesTrustingTheUserAreListedAndOneDenyingItBlocks) {
  AccountInventory account = user_roles_account();
  UserDirectory directory = user_roles_directory();
  auto role = [](const std::string& name, const std::string& statement) {
    Role r;
    r.name = name;
    r.arn = "arn:aws:iam::111111111111:role/" + name;
    r.trust_policy = R"({"Version":"2012-10-17","Statement":[)" + statement + "]}";
    return r;
  };
  const std::string trusts_deploy =
      R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/deploy"},"Action":"sts:AssumeRole"})";
  account.roles.push_back(role("release", trusts_deploy));
  account.roles.push_back(role(
      "audit", R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole",)"
               R"("Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:user/deploy"}}})"));
  account.roles.push_back(
      role("others",
           R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"})"));
  account.build_index();
  UserRolePlan plan = plan_user_role(account, directory, "deploy");
  ASSERT_EQ(plan.target.blocked_reason, "");
  ASSERT_TRUE(plan.create_role);
  // The new role is another principal: the reviewer sees which roles it will not be able to assume.
  EXPECT_EQ(
      plan.create_role->resources_naming_user,
      (std::vector<std::string>{"arn:aws:iam::111111111111:role/audit", "arn:aws:iam::111111111111:role/release"}));
  IamUser reader;
  reader.name = "reader";
  reader.arn = "arn:aws:iam::111111111111:user/reader";
  reader.inline_policies = {{"read", kReadS3}};
  directory.users["reader"] = reader;
  const auto reader_role = plan_user_role(account, directory, "reader").create_role;
  ASSERT_TRUE(reader_role);
  EXPECT_TRUE(reader_role->resources_naming_user.empty()) << "a role trusting the account trusts every user alike";

  // A Deny naming the user would not bind its role: the role could do more than the user.
  account.roles.push_back(role("payroll", trusts_deploy.substr(0, trusts_deploy.size() - 1) +
                                              R"(},{"Effect":"Deny","Principal":{"AWS":)"
                                              R"("arn:aws:iam::111111111111:user/deploy"},)"
                                              R"("Action":"sts:AssumeRole"})"));
  account.build_index();
  UserRolePlan denied = plan_user_role(account, directory, "deploy");
  EXPECT_FALSE(denied.create_role);
  EXPECT_NE(denied.target.blocked_reason.find("the trust policy of role payroll denies the user"), std::string::npos)
      << denied.target.blocked_reason;
}

TEST(PlanUserRole, BucketPoliciesNamingTheUserAreListedAndOneDenyingItBlocks) {
  const AccountInventory account = user_roles_account();
  UserDirectory directory = user_roles_directory();
  auto bucket_policy = [](const std::string& effect, const std::string& principal) {
    return R"({"Version":"2012-10-17","Statement":[{"Effect":")" + effect + R"(","Principal":{"AWS":")" + principal +
           R"("},"Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]})";
  };
  directory.bucket_policies["arn:aws:s3:::release-artifacts"] =
      bucket_policy("Allow", "arn:aws:iam::111111111111:user/deploy");
  directory.bucket_policies["arn:aws:s3:::shared"] = bucket_policy("Allow", "arn:aws:iam::111111111111:root");
  UserRolePlan plan = plan_user_role(account, directory, "deploy");
  ASSERT_EQ(plan.target.blocked_reason, "");
  ASSERT_TRUE(plan.create_role);
  EXPECT_EQ(plan.create_role->resources_naming_user, std::vector<std::string>{"arn:aws:s3:::release-artifacts"});
  directory.bucket_policies["arn:aws:s3:::payroll"] = bucket_policy("Deny", "arn:aws:iam::111111111111:user/deploy");
  UserRolePlan denied = plan_user_role(account, directory, "deploy");
  EXPECT_FALSE(denied.create_role);
  EXPECT_NE(denied.target.blocked_reason.find("the bucket policy of payroll denies the user"), std::string::npos)
      << denied.target.blocked_reason;
  directory.bucket_policies["arn:aws:s3:::payroll"] = "not json";
  EXPECT_NE(plan_user_role(account, directory, "deploy")
                .target.blocked_reason.find("the bucket policy of payroll could not be read"),
            std::string::npos);
}

TEST(PlanUserRole, UnknownPermissionsBlock) {
  const AccountInventory account = user_roles_account();
  UserDirectory directory = user_roles_directory();
  EXPECT_NE(plan_user_role(account, directory, "lost").target.blocked_reason.find("group unread"), std::string::npos);
  EXPECT_NE(plan_user_role(account, directory, "nobody").target.blocked_reason.find("not in account"),
            std::string::npos);
  // A managed policy whose document was not read cannot be judged.
  directory.policies.erase(kLogsArn);
  UserRolePlan plan = plan_user_role(account, directory, "deploy");
  EXPECT_FALSE(plan.create_role);
  EXPECT_NE(plan.target.blocked_reason.find("could not be judged"), std::string::npos) << plan.target.blocked_reason;
  directory.error = Error::access_denied("GetAccountAuthorizationDetails denied");
  EXPECT_NE(plan_user_role(account, directory, "deploy").target.blocked_reason.find("could not be read"),
            std::string::npos);
}

TEST(PlanUserRole, AnExistingRoleIsReusedOnlyWhenItsPermissionsEqualThePlannedOnes) {
  AccountInventory account = user_roles_account();
  const UserDirectory directory = user_roles_directory();
  const RoleToCreate planned = *plan_user_role(account, directory, "deploy").create_role;
  Role existing;
  existing.name = "rolecall-deploy";
  existing.arn = "arn:aws:iam::111111111111:role/rolecall-deploy";
  existing.trust_policy = user_role_trust_policy();
  existing.attached_policy_arns = {kLogsArn, kReadOnlyArn};  // order does not matter
  for (const auto& p : planned.inline_policies) existing.inline_policies.push_back({p.name, p.document});
  account.roles.push_back(existing);
  account.build_index();

  UserRolePlan same = plan_user_role(account, directory, "deploy");
  ASSERT_EQ(same.target.blocked_reason, "");
  EXPECT_FALSE(same.create_role);
  ASSERT_TRUE(same.create_profile);  // no profile holds it yet
  EXPECT_EQ(same.create_profile->profile_name, "rolecall-deploy");
  EXPECT_EQ(same.create_profile->role_name, "rolecall-deploy");

  account.profiles.push_back(
      {"arn:aws:iam::111111111111:instance-profile/rolecall-deploy", "rolecall-deploy", "AIPA", "/", {existing.arn}});
  account.build_index();
  UserRolePlan held = plan_user_role(account, directory, "deploy");
  ASSERT_EQ(held.target.blocked_reason, "");
  EXPECT_FALSE(held.create_role);
  EXPECT_FALSE(held.create_profile);

  account.roles[0].inline_policies.pop_back();
  account.build_index();
  UserRolePlan differs = plan_user_role(account, directory, "deploy");
  EXPECT_FALSE(differs.create_role);
  EXPECT_NE(differs.target.blocked_reason.find("already exists"), std::string::npos) << differs.target.blocked_reason;
}

InstanceFacts unnamed_facts(const std::string& instance_id, const std::string& account_id) {
  InstanceFacts f;
  f.live.instance_id = instance_id;
  f.live.account_id = account_id;
  f.target.named = false;
  f.target.blocked_reason = "no target named";
  return f;
}

TEST(PlanUserRole, MoreThanTenManagedPoliciesExceedIamsQuota) {
  AccountInventory account = user_roles_account();
  UserDirectory directory = user_roles_directory();
  IamUser& many = directory.users["many"];
  many.name = "many";
  for (int i = 0; i < 10; ++i) {
    const std::string arn = "arn:aws:iam::111111111111:policy/p" + std::to_string(i);
    many.attached_policy_arns.push_back(arn);
    directory.policies[arn] = {arn, "p" + std::to_string(i), "v1", kReadS3};
  }
  UserRolePlan ten = plan_user_role(account, directory, "many");
  EXPECT_EQ(ten.target.blocked_reason, "") << "ten is IAM's quota, still allowed";
  ASSERT_TRUE(ten.create_role);
  many.attached_policy_arns.push_back(kLogsArn);  // the eleventh
  UserRolePlan eleven = plan_user_role(account, directory, "many");
  EXPECT_FALSE(eleven.create_role);
  EXPECT_NE(eleven.target.blocked_reason.find("11 managed policies"), std::string::npos)
      << eleven.target.blocked_reason;
  EXPECT_NE(eleven.target.blocked_reason.find("quota of 10 managed policies"), std::string::npos);
}

TEST(PlanUserRole, InlineDocumentsOverTenThousandCharactersWithoutWhitespaceExceedIamsQuota) {
  AccountInventory account = user_roles_account();
  UserDirectory directory = user_roles_directory();
  // A document of exactly `chars` characters besides whitespace, padded with as much whitespace again.
  auto document = [](std::size_t chars) {
    const std::string head =
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":")";
    const std::string tail = R"("}]})";
    std::string resource(chars - head.size() - tail.size(), 'x');
    std::string spaced;
    for (char c : head + resource + tail) spaced += std::string(1, c) + ' ';
    return spaced;
  };
  IamUser& big = directory.users["big"];
  big.name = "big";
  big.inline_policies = {{"a", document(6000)}, {"b", document(4240)}};
  UserRolePlan fits = plan_user_role(account, directory, "big");
  ASSERT_TRUE(fits.create_role) << fits.target.blocked_reason;
  EXPECT_EQ(user_role_inline_characters(*fits.create_role), 10240u) << "whitespace is not counted";
  big.inline_policies[1] = {"b", document(4241)};
  UserRolePlan over = plan_user_role(account, directory, "big");
  EXPECT_FALSE(over.create_role);
  EXPECT_NE(over.target.blocked_reason.find("10241 characters"), std::string::npos) << over.target.blocked_reason;
  EXPECT_NE(over.target.blocked_reason.find("quota of 10240 characters"), std::string::npos);
}

TEST(AssignUserRoles, InstancesOfOneUserShareItsRoleAndMixedOwnersAreBlocked) {
  Inventory inventory;
  inventory.accounts[kUserRolesAcct] = user_roles_account();
  std::map<std::string, UserDirectory> directories{{kUserRolesAcct, user_roles_directory()}};
  auto key = [](const std::string& account, const std::string& user) {
    return InstanceKey{"", "AKIA…", account, user, "user data"};
  };
  std::map<std::string, std::vector<InstanceKey>> keys{
      {"i-1", {key(kUserRolesAcct, "deploy")}},
      {"i-2", {key(kUserRolesAcct, "deploy"), key(kUserRolesAcct, "deploy")}},
      {"i-3", {key(kUserRolesAcct, "deploy"), key(kUserRolesAcct, "ops-admin")}},
      {"i-4", {key("999999999999", "deploy")}},
      {"i-5", {key(kUserRolesAcct, "ops-admin")}},
  };
  std::vector<InstanceFacts> facts;
  for (const char* id : {"i-1", "i-2", "i-3", "i-4", "i-5"}) facts.push_back(unnamed_facts(id, kUserRolesAcct));
  InstanceFacts named = unnamed_facts("i-6", kUserRolesAcct);
  named.target = ResolvedTarget{};
  named.target.profile.arn = "arn:aws:iam::111111111111:instance-profile/app";
  facts.push_back(named);
  keys["i-6"] = {key(kUserRolesAcct, "deploy")};

  EXPECT_EQ(user_role_accounts(facts, keys), (std::set<std::string>{kUserRolesAcct, "999999999999"}));
  UserRoleCreations created = assign_user_roles(inventory, directories, keys, facts);
  ASSERT_EQ(created.roles.size(), 1u);
  EXPECT_EQ(created.roles[0].role_name, "rolecall-deploy");
  EXPECT_TRUE(created.profiles.empty());
  EXPECT_EQ(facts[0].target.profile.name, "rolecall-deploy");
  EXPECT_EQ(facts[0].target.blocked_reason, "");
  EXPECT_EQ(facts[1].target.profile.arn, facts[0].target.profile.arn);
  EXPECT_NE(facts[2].target.blocked_reason.find("keys of 2 users"), std::string::npos)
      << facts[2].target.blocked_reason;
  EXPECT_NE(facts[3].target.blocked_reason.find("not the instance's account"), std::string::npos);
  EXPECT_NE(facts[4].target.blocked_reason.find("admin-level"), std::string::npos);
  EXPECT_EQ(facts[5].target.profile.arn, "arn:aws:iam::111111111111:instance-profile/app");  // named: untouched
}

}  // namespace
}  // namespace rolecall::remediate

#include "emulator/fixture.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

using IamSts = EmulatorTest;

TEST_F(IamSts, GetCallerIdentityForAUser) {
  Answer a = query(admin_identity(), "sts", {{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}});
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.xml.first_child().attribute("xmlns").as_string(),
            std::string("https://sts.amazonaws.com/doc/2011-06-15/"));
  EXPECT_EQ(a.find("Arn"), "arn:aws:iam::111111111111:user/admin");
  EXPECT_EQ(a.find("Account"), "111111111111");
  EXPECT_FALSE(a.xml.select_node("//*[local-name()='ResponseMetadata']/*[local-name()='RequestId']").node().empty());
}

TEST_F(IamSts, AssumeRoleIssuesWorkingSessionsThatExpire) {
  Answer a = query(admin_identity(), "sts",
                   {{"Action", "AssumeRole"},
                    {"RoleArn", "arn:aws:iam::111111111111:role/admin-role"},
                    {"RoleSessionName", "audit"},
                    {"DurationSeconds", "900"}});
  ASSERT_EQ(a.status, 200) << a.body;
  Identity session{a.find("AccessKeyId"), a.find("SecretAccessKey"), a.find("SessionToken")};
  EXPECT_TRUE(session.key.starts_with("ASIA"));
  EXPECT_EQ(a.find("Arn"), "arn:aws:sts::111111111111:assumed-role/admin-role/audit");
  Answer who = query(session, "sts", {{"Action", "GetCallerIdentity"}});
  EXPECT_EQ(who.find("Arn"), "arn:aws:sts::111111111111:assumed-role/admin-role/audit");
  EXPECT_EQ(query(session, "ec2", {{"Action", "DescribeInstances"}}).status, 200);
  Identity wrong_token = session;
  wrong_token.token = "bogus";
  EXPECT_EQ(query(wrong_token, "sts", {{"Action", "GetCallerIdentity"}}).code(), "InvalidClientTokenId");
  advance(std::chrono::seconds(901));
  Answer expired = query(session, "sts", {{"Action", "GetCallerIdentity"}});
  EXPECT_EQ(expired.code(), "ExpiredToken");
}

TEST_F(IamSts, CrossAccountAssumeRoleFollowsTrust) {
  Answer ok = query(admin_identity(), "sts",
                    {{"Action", "AssumeRole"},
                     {"RoleArn", "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole"},
                     {"RoleSessionName", "x1"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  Identity dev{ok.find("AccessKeyId"), ok.find("SecretAccessKey"), ok.find("SessionToken")};
  EXPECT_EQ(query(dev, "sts", {{"Action", "GetCallerIdentity"}}).find("Account"), "222222222222");
  Answer untrusted = query(
      dev_identity(), "sts",
      {{"Action", "AssumeRole"}, {"RoleArn", "arn:aws:iam::111111111111:role/admin-role"}, {"RoleSessionName", "x2"}});
  EXPECT_EQ(untrusted.status, 403);
  EXPECT_EQ(untrusted.code(), "AccessDenied");
  Answer service_role =
      query(admin_identity(), "sts",
            {{"Action", "AssumeRole"}, {"RoleArn", "arn:aws:iam::111111111111:role/web"}, {"RoleSessionName", "x3"}});
  EXPECT_EQ(service_role.code(), "AccessDenied");
  Answer no_permission = query(
      nobody_identity(), "sts",
      {{"Action", "AssumeRole"}, {"RoleArn", "arn:aws:iam::111111111111:role/admin-role"}, {"RoleSessionName", "x4"}});
  EXPECT_EQ(no_permission.code(), "AccessDenied");
  EXPECT_EQ(query(admin_identity(), "sts", {{"Action", "AssumeRole"}, {"RoleSessionName", "x"}}).code(),
            "ValidationError");
}

TEST_F(IamSts, IamReads) {
  Answer role = query(reader_identity(), "iam", {{"Action", "GetRole"}, {"RoleName", "web"}});
  ASSERT_EQ(role.status, 200) << role.body;
  EXPECT_EQ(role.find("Arn"), "arn:aws:iam::111111111111:role/web");
  EXPECT_TRUE(role.find("RoleId").starts_with("AROA"));
  EXPECT_NE(role.find("AssumeRolePolicyDocument").find("%22ec2.amazonaws.com%22"), std::string::npos);
  Answer missing = query(reader_identity(), "iam", {{"Action", "GetRole"}, {"RoleName", "nope"}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.code(), "NoSuchEntity");
  EXPECT_EQ(missing.find("Type"), "Sender");
  Answer profile = query(reader_identity(), "iam", {{"Action", "GetInstanceProfile"}, {"InstanceProfileName", "web"}});
  EXPECT_TRUE(profile.find("InstanceProfileId").starts_with("AIPA"));
  EXPECT_EQ(profile.find("RoleName"), "web");
  Answer attached = query(reader_identity(), "iam", {{"Action", "ListAttachedRolePolicies"}, {"RoleName", "web"}});
  EXPECT_EQ(attached.find("PolicyArn"), "arn:aws:iam::111111111111:policy/app-read");
  Answer inline_names = query(reader_identity(), "iam", {{"Action", "ListRolePolicies"}, {"RoleName", "web"}});
  EXPECT_EQ(inline_names.all("member"), std::vector<std::string>{"logs"});
  Answer doc =
      query(reader_identity(), "iam", {{"Action", "GetRolePolicy"}, {"RoleName", "web"}, {"PolicyName", "logs"}});
  EXPECT_NE(doc.find("PolicyDocument").find("logs%3APutLogEvents"), std::string::npos);
  Answer version = query(reader_identity(), "iam",
                         {{"Action", "GetPolicyVersion"},
                          {"PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess"},
                          {"VersionId", "v1"}});
  EXPECT_EQ(version.find("IsDefaultVersion"), "true");
  Answer details = query(reader_identity(), "iam", {{"Action", "GetAccountAuthorizationDetails"}});
  EXPECT_EQ(details.status, 200);
  EXPECT_EQ(details.all("RoleName").size(),
            3u + 2u);  // 3 roles + the roles inside web's and spare's InstanceProfileList
  EXPECT_EQ(query(nobody_identity(), "iam", {{"Action", "ListRoles"}}).code(), "AccessDenied");
}

TEST_F(IamSts, GroupMembersGetTheGroupsPoliciesAndAuthorizationDetailsListThem) {
  EXPECT_EQ(query(nobody_identity(), "iam", {{"Action", "ListRoles"}}).code(), "AccessDenied");
  nlohmann::json estate = test_estate();
  nlohmann::json& prod = estate["accounts"][0];
  prod["groups"] = nlohmann::json::array(
      {{{"name", "readers"},
        {"attached_policy_arns", {"arn:aws:iam::aws:policy/ReadOnlyAccess"}},
        {"inline_policies",
         {{{"name", "logs"}, {"document", {{"Version", "2012-10-17"}, {"Statement", nlohmann::json::array()}}}}}}}});
  for (auto& user : prod["users"]) {
    if (user["name"] == "nobody") user["groups"] = {"readers"};
  }
  EmulatorOptions options;
  options.estate = estate;
  start(options);
  // Through its group only.
  EXPECT_EQ(query(nobody_identity(), "iam", {{"Action", "ListRoles"}}).status, 200);

  Answer groups =
      query(reader_identity(), "iam", {{"Action", "GetAccountAuthorizationDetails"}, {"Filter.member.1", "Group"}});
  ASSERT_EQ(groups.status, 200) << groups.body;
  EXPECT_EQ(groups.all("GroupName"), std::vector<std::string>{"readers"});
  EXPECT_EQ(groups.find("GroupId").substr(0, 4), "AGPA");
  EXPECT_EQ(groups.find("Arn"), "arn:aws:iam::111111111111:group/readers");
  EXPECT_EQ(groups.find("PolicyArn"), "arn:aws:iam::aws:policy/ReadOnlyAccess");
  EXPECT_EQ(groups.all("UserName").size(), 0u);
  Answer users =
      query(reader_identity(), "iam", {{"Action", "GetAccountAuthorizationDetails"}, {"Filter.member.1", "User"}});
  ASSERT_EQ(users.status, 200) << users.body;
  auto lists = users.xml.select_nodes("//*[local-name()='GroupList']/*[local-name()='member']");
  ASSERT_EQ(lists.size(), 1u);  // nobody's, naming its group
  EXPECT_EQ(std::string(lists.first().node().text().as_string()), "readers");
  EXPECT_EQ(users.all("GroupName").size(), 0u) << "no GroupDetailList without Filter Group";
}

TEST_F(IamSts, IamPagination) {
  std::vector<std::string> names;
  std::string marker;
  for (int i = 0; i < 5; ++i) {
    aws::QueryParams p{{"Action", "ListRoles"}, {"MaxItems", "1"}};
    if (!marker.empty()) p.emplace_back("Marker", marker);
    Answer a = query(reader_identity(), "iam", p);
    ASSERT_EQ(a.status, 200) << a.body;
    names.push_back(a.find("RoleName"));
    marker = a.find("Marker");
    EXPECT_EQ(a.find("IsTruncated"), marker.empty() ? "false" : "true");
    if (marker.empty()) break;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"web", "admin-role", "spare"}));
  EXPECT_EQ(query(reader_identity(), "iam", {{"Action", "ListRoles"}, {"Marker", "AAAA"}}).code(), "ValidationError");
  EXPECT_EQ(query(reader_identity(), "iam", {{"Action", "ListRoles"}, {"MaxItems", "0"}}).code(), "ValidationError");
  EXPECT_EQ(query(reader_identity(), "iam", {{"Action", "ListRoles"}, {"MaxItems", "1001"}}).code(), "ValidationError");
}

TEST_F(IamSts, CreateProfileAndAddRole) {
  Answer created =
      query(admin_identity(), "iam", {{"Action", "CreateInstanceProfile"}, {"InstanceProfileName", "new-profile"}});
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.find("Arn"), "arn:aws:iam::111111111111:instance-profile/new-profile");
  EXPECT_EQ(
      query(admin_identity(), "iam", {{"Action", "CreateInstanceProfile"}, {"InstanceProfileName", "new-profile"}})
          .code(),
      "EntityAlreadyExists");
  Answer added =
      query(admin_identity(), "iam",
            {{"Action", "AddRoleToInstanceProfile"}, {"InstanceProfileName", "new-profile"}, {"RoleName", "web"}});
  EXPECT_EQ(added.status, 200) << added.body;
  Answer full =
      query(admin_identity(), "iam",
            {{"Action", "AddRoleToInstanceProfile"}, {"InstanceProfileName", "new-profile"}, {"RoleName", "spare"}});
  EXPECT_EQ(full.status, 409);
  EXPECT_EQ(full.code(), "LimitExceeded");
  EXPECT_EQ(query(admin_identity(), "iam",
                  {{"Action", "AddRoleToInstanceProfile"}, {"InstanceProfileName", "nope"}, {"RoleName", "web"}})
                .code(),
            "NoSuchEntity");
  // The new profile can be associated right away.
  Answer assoc = query(admin_identity(), "ec2",
                       {{"Action", "AssociateIamInstanceProfile"},
                        {"InstanceId", "i-00000000000000a07"},
                        {"IamInstanceProfile.Name", "new-profile"}});
  EXPECT_EQ(assoc.status, 200) << assoc.body;
}

TEST_F(IamSts, SimulatePrincipalPolicy) {
  Answer a = query(admin_identity(), "iam",
                   {{"Action", "SimulatePrincipalPolicy"},
                    {"PolicySourceArn", "arn:aws:iam::111111111111:user/reader"},
                    {"ActionNames.member.1", "ec2:DescribeInstances"},
                    {"ActionNames.member.2", "iam:PassRole"}});
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.all("EvalDecision"), (std::vector<std::string>{"allowed", "implicitDeny"}));
  EXPECT_EQ(a.find("SourcePolicyId"), "arn:aws:iam::aws:policy/ReadOnlyAccess");
  EXPECT_EQ(a.find("SourcePolicyType"), "aws-managed");
  EXPECT_EQ(query(admin_identity(), "iam",
                  {{"Action", "SimulatePrincipalPolicy"},
                   {"PolicySourceArn", "bad"},
                   {"ActionNames.member.1", "ec2:DescribeInstances"}})
                .code(),
            "InvalidInput");
  EXPECT_EQ(query(admin_identity(), "iam",
                  {{"Action", "SimulatePrincipalPolicy"}, {"PolicySourceArn", "arn:aws:iam::111111111111:role/web"}})
                .code(),
            "ValidationError");
}

TEST_F(IamSts, Organizations) {
  Answer list = organizations(admin_identity(), "ListAccounts", {{"MaxResults", 1}});
  ASSERT_EQ(list.status, 200) << list.body;
  auto body = nlohmann::json::parse(list.body);
  EXPECT_EQ(body["Accounts"].size(), 1u);
  EXPECT_EQ(body["Accounts"][0]["Id"], "111111111111");
  ASSERT_TRUE(body.contains("NextToken"));
  auto second =
      nlohmann::json::parse(organizations(admin_identity(), "ListAccounts", {{"NextToken", body["NextToken"]}}).body);
  EXPECT_EQ(second["Accounts"][0]["Id"], "222222222222");
  EXPECT_FALSE(second.contains("NextToken"));
  Answer bad_token = organizations(admin_identity(), "ListAccounts", {{"NextToken", "nope"}});
  EXPECT_EQ(nlohmann::json::parse(bad_token.body)["__type"], "InvalidInputException");
  Answer member = organizations(dev_identity(), "ListAccounts");
  EXPECT_EQ(nlohmann::json::parse(member.body)["__type"], "AccessDeniedException");
  auto org = nlohmann::json::parse(organizations(dev_identity(), "DescribeOrganization").body);
  EXPECT_EQ(org["Organization"]["MasterAccountId"], "111111111111");
  Answer unknown = organizations(admin_identity(), "ListRoots");
  EXPECT_EQ(nlohmann::json::parse(unknown.body)["__type"], "UnknownOperationException");
}

}  // namespace
}  // namespace rolecall::emulator

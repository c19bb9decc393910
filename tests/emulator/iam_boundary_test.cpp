// IAM permissions boundaries: the estate field (loaded, checked, dumped), the operations that set,
// remove and read them, PermissionsBoundaryUsageCount and DeletePolicy's conflict, and evaluation
// of a bounded user's keys, a bounded role's sessions and SimulatePrincipalPolicy.
#include "emulator/estate/estate_io.h"
#include "emulator/fixture.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;
using nlohmann::json;

const char* kBoundArn = "arn:aws:iam::111111111111:policy/ec2-read-bound";
const char* kAppReadArn = "arn:aws:iam::111111111111:policy/app-read";
const char* kBoundTrust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

Identity bounded_identity() { return {"AKIAPRODBOUNDED00001", "prod-bounded-secret", ""}; }
Identity creator_identity() { return {"AKIAPRODCREATOR00001", "prod-creator-secret", ""}; }

json boundary_key(const Identity& who) { return {{"id", who.key}, {"secret", who.secret}}; }

// The test estate plus: a boundary policy allowing EC2 reads, STS and S3 but denying
// ec2:DescribeRegions; user "bounded" (AdministratorAccess, bounded by it); role "bounded-role"
// (the same); user "creator" allowed iam:CreateRole, iam:CreateUser and setting app-read alone as
// a boundary.
json boundary_estate() {
  json estate = test_estate();
  json& prod = estate["accounts"][0];
  prod["managed_policies"].push_back(
      {{"name", "ec2-read-bound"},
       {"document",
        {{"Version", "2012-10-17"},
         {"Statement",
          {{{"Effect", "Allow"}, {"Action", {"ec2:Describe*", "sts:*", "s3:*"}}, {"Resource", "*"}},
           {{"Effect", "Deny"}, {"Action", "ec2:DescribeRegions"}, {"Resource", "*"}}}}}}});
  prod["users"].push_back({{"name", "bounded"},
                           {"access_keys", {boundary_key(bounded_identity())}},
                           {"attached_policy_arns", {"arn:aws:iam::aws:policy/AdministratorAccess"}},
                           {"permissions_boundary", kBoundArn}});
  json creator_policy = {{"Version", "2012-10-17"},
                         {"Statement",
                          {{{"Effect", "Allow"}, {"Action", {"iam:CreateRole", "iam:CreateUser"}}, {"Resource", "*"}},
                           {{"Effect", "Allow"},
                            {"Action", {"iam:PutRolePermissionsBoundary", "iam:PutUserPermissionsBoundary"}},
                            {"Resource", "*"},
                            {"Condition", {{"StringEquals", {{"iam:PermissionsBoundary", kAppReadArn}}}}}}}}};
  prod["users"].push_back({{"name", "creator"},
                           {"access_keys", {boundary_key(creator_identity())}},
                           {"inline_policies", {{{"name", "create"}, {"document", creator_policy}}}}});
  prod["roles"].push_back({{"name", "bounded-role"},
                           {"trust_policy",
                            {{"Version", "2012-10-17"},
                             {"Statement",
                              {{{"Effect", "Allow"},
                                {"Principal", {{"AWS", "arn:aws:iam::111111111111:root"}}},
                                {"Action", "sts:AssumeRole"}}}}}},
                           {"attached_policy_arns", {"arn:aws:iam::aws:policy/AdministratorAccess"}},
                           {"permissions_boundary", kBoundArn}});
  return estate;
}

class IamBoundary : public EmulatorTest {
 public:
  void SetUp() override {
    EmulatorOptions options;
    options.estate = boundary_estate();
    start(options);
  }
  Answer put_role_boundary(const Identity& who, const std::string& role, const std::string& arn) {
    return query(who, "iam",
                 {{"Action", "PutRolePermissionsBoundary"}, {"RoleName", role}, {"PermissionsBoundary", arn}});
  }
  Answer get_policy(const std::string& arn) {
    return query(admin_identity(), "iam", {{"Action", "GetPolicy"}, {"PolicyArn", arn}});
  }
};

TEST(BoundaryEstate, LoadsChecksAndDumpsTheField) {
  auto estate = load_estate_json(boundary_estate());
  ASSERT_TRUE(estate.has_value()) << estate.error().message;
  Account& prod = estate->accounts[0];
  EXPECT_EQ(prod.find_user("bounded")->permissions_boundary, kBoundArn);
  EXPECT_EQ(prod.find_role("bounded-role")->permissions_boundary, kBoundArn);
  EXPECT_EQ(prod.find_role("web")->permissions_boundary, "");
  EXPECT_EQ(policy_use(prod, kBoundArn).boundaries, 2);

  json dumped = dump_estate_json(*estate, 1, TimePoint{}, std::chrono::seconds(3600));
  auto again = load_estate_json(dumped);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(again->accounts[0].find_user("bounded")->permissions_boundary, kBoundArn);
  EXPECT_EQ(again->accounts[0].find_role("bounded-role")->permissions_boundary, kBoundArn);
  EXPECT_EQ(dumped, dump_estate_json(*again, 1, TimePoint{}, std::chrono::seconds(3600)));

  json doc = boundary_estate();
  doc["accounts"][0]["users"][4]["permissions_boundary"] = "arn:aws:iam::111111111111:policy/none";
  auto missing = load_estate_json(doc);
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("$.accounts[0].users[4].permissions_boundary"), std::string::npos)
      << missing.error().message;
  doc = boundary_estate();
  // Another account's policy is not attachable here.
  doc["accounts"][1]["roles"][0]["permissions_boundary"] = kAppReadArn;
  auto other = load_estate_json(doc);
  ASSERT_FALSE(other.has_value());
  EXPECT_NE(other.error().message.find("$.accounts[1].roles[0].permissions_boundary"), std::string::npos)
      << other.error().message;
  doc = boundary_estate();
  doc["accounts"][0]["roles"][0]["permissions_boundary"] = 7;
  EXPECT_FALSE(load_estate_json(doc).has_value());
  doc = boundary_estate();
  doc["accounts"][0]["roles"][0]["permissions_boundary"] = "arn:aws:iam::aws:policy/PowerUserAccess";
  EXPECT_TRUE(load_estate_json(doc).has_value());
}

TEST_F(IamBoundary, BoundedUserKeyIsAllowedOnlyWhatBothAllow) {
  EXPECT_EQ(query(bounded_identity(), "ec2", {{"Action", "DescribeInstances"}}).status, 200);
  Answer listed = query(bounded_identity(), "iam", {{"Action", "ListRoles"}});
  EXPECT_EQ(listed.status, 403);
  EXPECT_EQ(listed.code(), "AccessDenied");
  EXPECT_NE(listed.find("Message").find("because no permissions boundary allows the iam:ListRoles action"),
            std::string::npos)
      << listed.body;
  Answer regions = query(bounded_identity(), "ec2", {{"Action", "DescribeRegions"}});
  EXPECT_EQ(regions.code(), "UnauthorizedOperation");
  EXPECT_NE(regions.body.find("with an explicit deny in a permissions boundary"), std::string::npos) << regions.body;
  // The boundary allows what the policies do not: still denied (nobody has no policies).
  ASSERT_EQ(
      query(admin_identity(), "iam",
            {{"Action", "PutUserPermissionsBoundary"}, {"UserName", "nobody"}, {"PermissionsBoundary", kBoundArn}})
          .status,
      200);
  Answer nobody = query(nobody_identity(), "ec2", {{"Action", "DescribeInstances"}});
  EXPECT_EQ(nobody.code(), "UnauthorizedOperation");
  EXPECT_NE(nobody.body.find("because no identity-based policy allows"), std::string::npos) << nobody.body;
  // Removing the boundary gives the user its policies back.
  ASSERT_EQ(
      query(admin_identity(), "iam", {{"Action", "DeleteUserPermissionsBoundary"}, {"UserName", "bounded"}}).status,
      200);
  EXPECT_EQ(query(bounded_identity(), "iam", {{"Action", "ListRoles"}}).status, 200);
}

TEST_F(IamBoundary, RoleSessionsCarryTheRoleBoundary) {
  Answer assumed = query(admin_identity(), "sts",
                         {{"Action", "AssumeRole"},
                          {"RoleArn", "arn:aws:iam::111111111111:role/bounded-role"},
                          {"RoleSessionName", "sess"}});
  ASSERT_EQ(assumed.status, 200) << assumed.body;
  Identity session{assumed.find("AccessKeyId"), assumed.find("SecretAccessKey"), assumed.find("SessionToken")};
  EXPECT_EQ(query(session, "ec2", {{"Action", "DescribeInstances"}}).status, 200);
  Answer denied = query(session, "iam", {{"Action", "GetRole"}, {"RoleName", "web"}});
  EXPECT_EQ(denied.code(), "AccessDenied");
  EXPECT_NE(denied.find("Message").find("assumed-role/bounded-role/sess"), std::string::npos);
  EXPECT_EQ(query(session, "ec2", {{"Action", "DescribeRegions"}}).code(), "UnauthorizedOperation");
  // A role session must name the user GetUser reads; nor may it lift its own boundary.
  EXPECT_EQ(query(session, "iam", {{"Action", "GetUser"}}).code(), "ValidationError");
  EXPECT_EQ(query(session, "iam", {{"Action", "DeleteRolePermissionsBoundary"}, {"RoleName", "bounded-role"}}).code(),
            "AccessDenied");
  // The boundary is read per request: a changed boundary applies to the live session.
  ASSERT_EQ(put_role_boundary(admin_identity(), "bounded-role", "arn:aws:iam::aws:policy/IAMReadOnlyAccess").status,
            200);
  EXPECT_EQ(query(session, "iam", {{"Action", "GetRole"}, {"RoleName", "web"}}).status, 200);
  EXPECT_EQ(query(session, "ec2", {{"Action", "DescribeInstances"}}).code(), "UnauthorizedOperation");
}

TEST_F(IamBoundary, CreateRoleAndUserTakeABoundary) {
  Answer created = query(admin_identity(), "iam",
                         {{"Action", "CreateRole"},
                          {"RoleName", "rolecall-alice"},
                          {"AssumeRolePolicyDocument", kBoundTrust},
                          {"PermissionsBoundary", kBoundArn}});
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.find("PermissionsBoundaryArn"), kBoundArn);
  Answer got = query(reader_identity(), "iam", {{"Action", "GetRole"}, {"RoleName", "rolecall-alice"}});
  EXPECT_EQ(got.find("PermissionsBoundaryType"), "PermissionsBoundaryPolicy");
  EXPECT_EQ(got.find("PermissionsBoundaryArn"), kBoundArn);
  EXPECT_EQ(query(reader_identity(), "iam", {{"Action", "GetRole"}, {"RoleName", "web"}}).find("PermissionsBoundary"),
            "");
  // ListRoles leaves PermissionsBoundary out, as AWS's does.
  Answer roles = query(reader_identity(), "iam", {{"Action", "ListRoles"}});
  EXPECT_NE(roles.body.find("rolecall-alice"), std::string::npos);
  EXPECT_EQ(roles.body.find("PermissionsBoundary"), std::string::npos);

  Answer user = query(admin_identity(), "iam",
                      {{"Action", "CreateUser"}, {"UserName", "carol"}, {"PermissionsBoundary", kAppReadArn}});
  ASSERT_EQ(user.status, 200) << user.body;
  EXPECT_EQ(user.find("PermissionsBoundaryArn"), kAppReadArn);
  Answer got_user = query(reader_identity(), "iam", {{"Action", "GetUser"}, {"UserName", "carol"}});
  ASSERT_EQ(got_user.status, 200) << got_user.body;
  EXPECT_EQ(got_user.find("UserName"), "carol");
  EXPECT_EQ(got_user.find("PermissionsBoundaryArn"), kAppReadArn);
  Answer users = query(reader_identity(), "iam", {{"Action", "ListUsers"}});
  EXPECT_NE(users.body.find("carol"), std::string::npos);
  EXPECT_EQ(users.body.find("PermissionsBoundary"), std::string::npos);
  // GetUser without a name reads the caller; a role session must name one.
  Answer self = query(bounded_identity(), "iam", {{"Action", "GetUser"}});
  EXPECT_EQ(self.code(), "AccessDenied");  // the boundary does not allow iam:GetUser
  Answer me = query(reader_identity(), "iam", {{"Action", "GetUser"}});
  EXPECT_EQ(me.find("UserName"), "reader");
  EXPECT_EQ(me.find("PermissionsBoundary"), "");
  EXPECT_EQ(query(reader_identity(), "iam", {{"Action", "GetUser"}, {"UserName", "ghost"}}).code(), "NoSuchEntity");
}

TEST_F(IamBoundary, CreateRefusesBadBoundaries) {
  auto create = [&](const Identity& who, const std::string& name, const std::string& boundary) {
    return query(who, "iam",
                 {{"Action", "CreateRole"},
                  {"RoleName", name},
                  {"AssumeRolePolicyDocument", kBoundTrust},
                  {"PermissionsBoundary", boundary}});
  };
  Answer missing = create(admin_identity(), "r1", "arn:aws:iam::111111111111:policy/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.code(), "NoSuchEntity");
  EXPECT_EQ(missing.find("Message"),
            "Scope ARN: arn:aws:iam::111111111111:policy/nope does not exist or is not attachable.");
  EXPECT_EQ(create(admin_identity(), "r2", "arn:aws:iam::222222222222:policy/x").code(), "NoSuchEntity");
  Answer junk = create(admin_identity(), "r3", "junk");
  EXPECT_EQ(junk.status, 400);
  EXPECT_EQ(junk.code(), "InvalidInput");
  Answer user =
      query(admin_identity(), "iam",
            {{"Action", "CreateUser"}, {"UserName", "u1"}, {"PermissionsBoundary", "arn:aws:iam::aws:policy/Nope"}});
  EXPECT_EQ(user.code(), "NoSuchEntity");
  for (const char* name : {"r1", "r2", "r3"}) {
    EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "GetRole"}, {"RoleName", name}}).code(), "NoSuchEntity");
  }
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "GetUser"}, {"UserName", "u1"}}).code(), "NoSuchEntity");
}

TEST_F(IamBoundary, SettingABoundaryIsAuthorizedWithItsConditionKey) {
  // creator may set app-read alone as a boundary.
  Answer ok = query(creator_identity(), "iam",
                    {{"Action", "CreateRole"},
                     {"RoleName", "c1"},
                     {"AssumeRolePolicyDocument", kBoundTrust},
                     {"PermissionsBoundary", kAppReadArn}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  Answer other = query(creator_identity(), "iam",
                       {{"Action", "CreateRole"},
                        {"RoleName", "c2"},
                        {"AssumeRolePolicyDocument", kBoundTrust},
                        {"PermissionsBoundary", kBoundArn}});
  EXPECT_EQ(other.code(), "AccessDenied");
  EXPECT_NE(other.find("Message").find("iam:PutRolePermissionsBoundary on resource: arn:aws:iam::111111111111:role/c2"),
            std::string::npos)
      << other.body;
  EXPECT_EQ(query(creator_identity(), "iam",
                  {{"Action", "CreateRole"}, {"RoleName", "c3"}, {"AssumeRolePolicyDocument", kBoundTrust}})
                .status,
            200);
  EXPECT_EQ(query(creator_identity(), "iam",
                  {{"Action", "CreateUser"}, {"UserName", "c4"}, {"PermissionsBoundary", kBoundArn}})
                .code(),
            "AccessDenied");
  EXPECT_EQ(query(creator_identity(), "iam",
                  {{"Action", "CreateUser"}, {"UserName", "c5"}, {"PermissionsBoundary", kAppReadArn}})
                .status,
            200);
  EXPECT_EQ(put_role_boundary(creator_identity(), "c3", kAppReadArn).status, 200);
  EXPECT_EQ(put_role_boundary(creator_identity(), "c3", kBoundArn).code(), "AccessDenied");
  // A denied create leaves nothing behind.
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "GetRole"}, {"RoleName", "c2"}}).code(), "NoSuchEntity");
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "GetUser"}, {"UserName", "c4"}}).code(), "NoSuchEntity");
}

TEST_F(IamBoundary, PutAndDeleteBoundaries) {
  Answer put = put_role_boundary(admin_identity(), "web", kBoundArn);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.xml.first_child().child("PutRolePermissionsBoundaryResult").type(), pugi::node_null);
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "GetRole"}, {"RoleName", "web"}}).find("PermissionsBoundaryArn"),
            kBoundArn);
  EXPECT_EQ(put_role_boundary(admin_identity(), "ghost", kBoundArn).code(), "NoSuchEntity");
  EXPECT_EQ(put_role_boundary(admin_identity(), "web", "arn:aws:iam::111111111111:policy/nope").code(), "NoSuchEntity");
  EXPECT_EQ(put_role_boundary(admin_identity(), "web", "junk").code(), "InvalidInput");
  Answer reader = put_role_boundary(reader_identity(), "web", kAppReadArn);
  EXPECT_EQ(reader.status, 403);
  EXPECT_EQ(reader.code(), "AccessDenied");
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "PutRolePermissionsBoundary"}, {"RoleName", "web"}}).code(),
            "ValidationError");
  ASSERT_EQ(query(admin_identity(), "iam", {{"Action", "DeleteRolePermissionsBoundary"}, {"RoleName", "web"}}).status,
            200);
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "GetRole"}, {"RoleName", "web"}}).find("PermissionsBoundary"),
            "");
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "DeleteRolePermissionsBoundary"}, {"RoleName", "ghost"}}).code(),
            "NoSuchEntity");
  EXPECT_EQ(query(reader_identity(), "iam", {{"Action", "DeleteRolePermissionsBoundary"}, {"RoleName", "bounded-role"}})
                .code(),
            "AccessDenied");

  ASSERT_EQ(
      query(admin_identity(), "iam",
            {{"Action", "PutUserPermissionsBoundary"}, {"UserName", "reader"}, {"PermissionsBoundary", kAppReadArn}})
          .status,
      200);
  EXPECT_EQ(
      query(admin_identity(), "iam", {{"Action", "GetUser"}, {"UserName", "reader"}}).find("PermissionsBoundaryArn"),
      kAppReadArn);
  EXPECT_EQ(
      query(admin_identity(), "iam",
            {{"Action", "PutUserPermissionsBoundary"}, {"UserName", "ghost"}, {"PermissionsBoundary", kAppReadArn}})
          .code(),
      "NoSuchEntity");
  EXPECT_EQ(
      query(admin_identity(), "iam", {{"Action", "PutUserPermissionsBoundary"}, {"PermissionsBoundary", kAppReadArn}})
          .code(),
      "ValidationError");
  ASSERT_EQ(
      query(admin_identity(), "iam", {{"Action", "DeleteUserPermissionsBoundary"}, {"UserName", "reader"}}).status,
      200);
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "GetUser"}, {"UserName", "reader"}}).find("PermissionsBoundary"),
            "");
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "DeleteUserPermissionsBoundary"}, {"UserName", "ghost"}}).code(),
            "NoSuchEntity");
}

TEST_F(IamBoundary, UsageCountsAndAuthorizationDetails) {
  EXPECT_EQ(get_policy(kBoundArn).find("PermissionsBoundaryUsageCount"), "2");
  EXPECT_EQ(get_policy(kAppReadArn).find("PermissionsBoundaryUsageCount"), "0");
  ASSERT_EQ(put_role_boundary(admin_identity(), "web", kAppReadArn).status, 200);
  ASSERT_EQ(put_role_boundary(admin_identity(), "bounded-role", kAppReadArn).status, 200);
  EXPECT_EQ(get_policy(kBoundArn).find("PermissionsBoundaryUsageCount"), "1");
  EXPECT_EQ(get_policy(kAppReadArn).find("PermissionsBoundaryUsageCount"), "2");
  ASSERT_EQ(put_role_boundary(admin_identity(), "spare", "arn:aws:iam::aws:policy/PowerUserAccess").status, 200);
  EXPECT_EQ(get_policy("arn:aws:iam::aws:policy/PowerUserAccess").find("PermissionsBoundaryUsageCount"), "1");

  Answer details = query(admin_identity(), "iam", {{"Action", "GetAccountAuthorizationDetails"}});
  ASSERT_EQ(details.status, 200) << details.body;
  auto user = details.xml.select_node("//*[local-name()='UserDetailList']/*[*[local-name()='UserName']='bounded']");
  ASSERT_TRUE(user);
  EXPECT_STREQ(user.node().select_node(".//*[local-name()='PermissionsBoundaryArn']").node().child_value(), kBoundArn);
  auto role = details.xml.select_node("//*[local-name()='RoleDetailList']/*[*[local-name()='RoleName']='web']");
  ASSERT_TRUE(role);
  EXPECT_STREQ(role.node().select_node(".//*[local-name()='PermissionsBoundaryType']").node().child_value(),
               "PermissionsBoundaryPolicy");
  auto no_boundary =
      details.xml.select_node("//*[local-name()='UserDetailList']/*[*[local-name()='UserName']='reader']");
  ASSERT_TRUE(no_boundary);
  EXPECT_FALSE(no_boundary.node().select_node(".//*[local-name()='PermissionsBoundary']"));
  auto policy = [&](const std::string& arn) {
    auto node = details.xml.select_node(("//*[local-name()='Policies']/*[*[local-name()='Arn']='" + arn +
                                         "']/*[local-name()='PermissionsBoundaryUsageCount']")
                                            .c_str());
    return node ? std::string(node.node().child_value()) : std::string("absent");
  };
  EXPECT_EQ(policy(kAppReadArn), "2");
  EXPECT_EQ(policy(kBoundArn), "1");
  // An AWS managed policy used only as a boundary is listed with its count.
  EXPECT_EQ(policy("arn:aws:iam::aws:policy/PowerUserAccess"), "1");
}

TEST_F(IamBoundary, DeletePolicyRefusesABoundaryInUse) {
  const char* doc = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})";
  ASSERT_EQ(
      query(admin_identity(), "iam", {{"Action", "CreatePolicy"}, {"PolicyName", "fence"}, {"PolicyDocument", doc}})
          .status,
      200);
  const std::string fence = "arn:aws:iam::111111111111:policy/fence";
  ASSERT_EQ(put_role_boundary(admin_identity(), "spare", fence).status, 200);
  Answer conflict = query(admin_identity(), "iam", {{"Action", "DeletePolicy"}, {"PolicyArn", fence}});
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.code(), "DeleteConflict");
  EXPECT_EQ(query(reader_identity(), "iam", {{"Action", "DeletePolicy"}, {"PolicyArn", fence}}).code(), "AccessDenied");
  ASSERT_EQ(query(admin_identity(), "iam", {{"Action", "DeleteRolePermissionsBoundary"}, {"RoleName", "spare"}}).status,
            200);
  Answer deleted = query(admin_identity(), "iam", {{"Action", "DeletePolicy"}, {"PolicyArn", fence}});
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(get_policy(fence).code(), "NoSuchEntity");
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "DeletePolicy"}, {"PolicyArn", fence}}).code(), "NoSuchEntity");
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "DeletePolicy"}, {"PolicyArn", "junk"}}).code(), "InvalidInput");
  // Attached (web has app-read) is a conflict too.
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "DeletePolicy"}, {"PolicyArn", kAppReadArn}}).code(),
            "DeleteConflict");
}

TEST_F(IamBoundary, SimulatePrincipalPolicyAppliesTheBoundary) {
  Answer sim = query(admin_identity(), "iam",
                     {{"Action", "SimulatePrincipalPolicy"},
                      {"PolicySourceArn", "arn:aws:iam::111111111111:user/bounded"},
                      {"ActionNames.member.1", "ec2:DescribeInstances"},
                      {"ActionNames.member.2", "iam:ListRoles"},
                      {"ActionNames.member.3", "ec2:DescribeRegions"}});
  ASSERT_EQ(sim.status, 200) << sim.body;
  EXPECT_EQ(sim.all("EvalDecision"), (std::vector<std::string>{"allowed", "implicitDeny", "explicitDeny"}));
  EXPECT_EQ(sim.all("AllowedByPermissionsBoundary"), (std::vector<std::string>{"true", "false", "false"}));
  Answer role = query(admin_identity(), "iam",
                      {{"Action", "SimulatePrincipalPolicy"},
                       {"PolicySourceArn", "arn:aws:iam::111111111111:role/bounded-role"},
                       {"ActionNames.member.1", "iam:CreateRole"}});
  EXPECT_EQ(role.find("EvalDecision"), "implicitDeny");
  EXPECT_EQ(role.find("AllowedByPermissionsBoundary"), "false");
  Answer plain = query(admin_identity(), "iam",
                       {{"Action", "SimulatePrincipalPolicy"},
                        {"PolicySourceArn", "arn:aws:iam::111111111111:user/admin"},
                        {"ActionNames.member.1", "iam:ListRoles"}});
  EXPECT_EQ(plain.find("EvalDecision"), "allowed");
  EXPECT_EQ(plain.body.find("PermissionsBoundaryDecisionDetail"), std::string::npos);
}

TEST_F(IamBoundary, SimulatePrincipalPolicyTakesABoundaryToSimulate) {
  auto simulate = [&](const std::string& who, const std::vector<std::string>& boundaries) {
    aws::QueryParams params = {{"Action", "SimulatePrincipalPolicy"},
                               {"PolicySourceArn", "arn:aws:iam::111111111111:user/" + who},
                               {"ActionNames.member.1", "iam:ListRoles"},
                               {"ActionNames.member.2", "ec2:DescribeInstances"}};
    for (std::size_t i = 0; i < boundaries.size(); ++i) {
      params.emplace_back("PermissionsBoundaryPolicyInputList.member." + std::to_string(i + 1), boundaries[i]);
    }
    return query(admin_identity(), "iam", params);
  };
  const std::string iam_only =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:List*","Resource":"*"}]})";
  // The given boundary replaces the principal's own.
  Answer bounded = simulate("bounded", {iam_only});
  ASSERT_EQ(bounded.status, 200) << bounded.body;
  EXPECT_EQ(bounded.all("EvalDecision"), (std::vector<std::string>{"allowed", "implicitDeny"}));
  EXPECT_EQ(bounded.all("AllowedByPermissionsBoundary"), (std::vector<std::string>{"true", "false"}));
  // And bounds a principal without one.
  Answer admin = simulate("admin", {iam_only});
  EXPECT_EQ(admin.all("EvalDecision"), (std::vector<std::string>{"allowed", "implicitDeny"}));
  EXPECT_EQ(simulate("admin", {"{not json"}).code(), "MalformedPolicyDocument");
  EXPECT_EQ(simulate("admin", {iam_only, iam_only}).code(), "InvalidInput");
}

}  // namespace
}  // namespace rolecall::emulator

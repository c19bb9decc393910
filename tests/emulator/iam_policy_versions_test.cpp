// IAM managed policies' lifecycle as AWS runs it: AttachmentCount counted from the account's
// entities, the version operations (ListPolicyVersions, DeletePolicyVersion,
// SetDefaultPolicyVersion, CreatePolicyVersion's limit, DeletePolicy's conflict) authorized on the
// policy ARN, versions kept through an estate dump and load, and SimulatePrincipalPolicy's
// PolicyInputList.
#include "emulator/estate/estate_io.h"
#include "emulator/fixture.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;
using nlohmann::json;

const char* kVersionedArn = "arn:aws:iam::111111111111:policy/app-read";
const char* kVersionedOtherArn = "arn:aws:iam::111111111111:policy/other";

Identity versioner_identity() { return {"AKIAPRODVERSIONER001", "prod-versioner-secret", ""}; }

std::string allow_document(const std::string& action) {
  return json(
             {{"Version", "2012-10-17"}, {"Statement", {{{"Effect", "Allow"}, {"Action", action}, {"Resource", "*"}}}}})
      .dump();
}

// The test estate plus: customer policy "other" (attached to nothing); user "versioner" allowed
// the version operations on app-read alone.
json versions_estate() {
  json estate = test_estate();
  json& prod = estate["accounts"][0];
  prod["managed_policies"].push_back({{"name", "other"}, {"document", json::parse(allow_document("sqs:*"))}});
  json only_app_read = {{"Version", "2012-10-17"},
                        {"Statement",
                         {{{"Effect", "Allow"},
                           {"Action",
                            {"iam:ListPolicyVersions", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion",
                             "iam:CreatePolicyVersion"}},
                           {"Resource", kVersionedArn}}}}};
  prod["users"].push_back(
      {{"name", "versioner"},
       {"access_keys", {{{"id", versioner_identity().key}, {"secret", versioner_identity().secret}}}},
       {"inline_policies", {{{"name", "versions"}, {"document", only_app_read}}}}});
  return estate;
}

class IamPolicyVersions : public EmulatorTest {
 public:
  void SetUp() override {
    EmulatorOptions options;
    options.estate = versions_estate();
    start(options);
  }
  Answer call(const Identity& who, const std::string& action, const std::string& arn, const std::string& version = "") {
    aws::QueryParams params = {{"Action", action}, {"PolicyArn", arn}};
    if (!version.empty()) params.emplace_back("VersionId", version);
    return query(who, "iam", params);
  }
  Answer new_version(const std::string& arn, const std::string& document, bool make_default = false) {
    aws::QueryParams params = {{"Action", "CreatePolicyVersion"}, {"PolicyArn", arn}, {"PolicyDocument", document}};
    if (make_default) params.emplace_back("SetAsDefault", "true");
    return query(admin_identity(), "iam", params);
  }
  // EvalDecision of role web (app-read attached) for `action`.
  std::string web_decision(const std::string& action) {
    return query(admin_identity(), "iam",
                 {{"Action", "SimulatePrincipalPolicy"},
                  {"PolicySourceArn", "arn:aws:iam::111111111111:role/web"},
                  {"ActionNames.member.1", action}})
        .find("EvalDecision");
  }
  Answer attach(const std::string& verb, const std::string& role, const std::string& arn) {
    return query(admin_identity(), "iam", {{"Action", verb}, {"RoleName", role}, {"PolicyArn", arn}});
  }
};

TEST_F(IamPolicyVersions, AttachmentCountCountsTheEntitiesUsingThePolicy) {
  auto count = [&](const std::string& arn) {
    return call(reader_identity(), "GetPolicy", arn).find("AttachmentCount");
  };
  EXPECT_EQ(count(kVersionedArn), "1");  // role web
  EXPECT_EQ(count(kVersionedOtherArn), "0");
  ASSERT_EQ(attach("AttachRolePolicy", "spare", kVersionedArn).status, 200);
  ASSERT_EQ(attach("AttachRolePolicy", "admin-role", kVersionedArn).status, 200);
  EXPECT_EQ(count(kVersionedArn), "3");
  // AWS managed policies too: prod's user admin and role admin-role hold AdministratorAccess.
  EXPECT_EQ(count("arn:aws:iam::aws:policy/AdministratorAccess"), "2");
  // GetAccountAuthorizationDetails says the same.
  Answer details = query(reader_identity(), "iam",
                         {{"Action", "GetAccountAuthorizationDetails"}, {"Filter.member.1", "LocalManagedPolicy"}});
  ASSERT_EQ(details.status, 200) << details.body;
  std::vector<std::string> names = details.all("PolicyName");
  std::vector<std::string> counts = details.all("AttachmentCount");
  ASSERT_EQ(names.size(), counts.size());
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(counts[i], names[i] == "app-read" ? "3" : "0") << names[i];
  ASSERT_EQ(attach("DetachRolePolicy", "spare", kVersionedArn).status, 200);
  EXPECT_EQ(count(kVersionedArn), "2");
  Answer created =
      query(admin_identity(), "iam",
            {{"Action", "CreatePolicy"}, {"PolicyName", "fresh"}, {"PolicyDocument", allow_document("s3:*")}});
  EXPECT_EQ(created.find("AttachmentCount"), "0");
  EXPECT_EQ(created.find("PermissionsBoundaryUsageCount"), "0");
}

TEST_F(IamPolicyVersions, ListDeleteAndSetDefault) {
  Answer listed = call(reader_identity(), "ListPolicyVersions", kVersionedArn);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.all("VersionId"), (std::vector<std::string>{"v1"}));
  EXPECT_EQ(listed.find("IsDefaultVersion"), "true");
  EXPECT_EQ(listed.find("IsTruncated"), "false");
  EXPECT_EQ(listed.body.find("<Document>"), std::string::npos);  // IAM lists no documents
  ASSERT_EQ(new_version(kVersionedArn, allow_document("s3:*")).status, 200);
  ASSERT_EQ(new_version(kVersionedArn, allow_document("sqs:*")).status, 200);
  listed = call(reader_identity(), "ListPolicyVersions", kVersionedArn);
  EXPECT_EQ(listed.all("VersionId"), (std::vector<std::string>{"v1", "v2", "v3"}));
  EXPECT_EQ(listed.all("IsDefaultVersion"), (std::vector<std::string>{"true", "false", "false"}));
  Answer page = query(reader_identity(), "iam",
                      {{"Action", "ListPolicyVersions"}, {"PolicyArn", kVersionedArn}, {"MaxItems", "2"}});
  EXPECT_EQ(page.all("VersionId"), (std::vector<std::string>{"v1", "v2"}));
  EXPECT_EQ(page.find("IsTruncated"), "true");

  // The default version changes what evaluation reads, both ways.
  EXPECT_EQ(web_decision("s3:PutObject"), "implicitDeny");
  Answer set = call(admin_identity(), "SetDefaultPolicyVersion", kVersionedArn, "v2");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(web_decision("s3:PutObject"), "allowed");
  EXPECT_EQ(call(reader_identity(), "GetPolicy", kVersionedArn).find("DefaultVersionId"), "v2");
  EXPECT_EQ(call(reader_identity(), "GetPolicyVersion", kVersionedArn, "v2").find("IsDefaultVersion"), "true");

  // The default version cannot be deleted; a missing one is NoSuchEntity.
  Answer conflict = call(admin_identity(), "DeletePolicyVersion", kVersionedArn, "v2");
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.code(), "DeleteConflict");
  EXPECT_EQ(call(admin_identity(), "DeletePolicyVersion", kVersionedArn, "v9").code(), "NoSuchEntity");
  EXPECT_EQ(call(admin_identity(), "SetDefaultPolicyVersion", kVersionedArn, "v9").code(), "NoSuchEntity");
  EXPECT_EQ(call(admin_identity(), "DeletePolicyVersion", kVersionedArn, "2").code(), "ValidationError");
  EXPECT_EQ(call(admin_identity(), "SetDefaultPolicyVersion", "junk", "v1").code(), "InvalidInput");
  EXPECT_EQ(call(reader_identity(), "ListPolicyVersions", "arn:aws:iam::111111111111:policy/none").code(),
            "NoSuchEntity");
  // AWS managed policies list their version but are not the account's to change.
  EXPECT_EQ(call(reader_identity(), "ListPolicyVersions", "arn:aws:iam::aws:policy/ReadOnlyAccess").find("VersionId"),
            "v1");
  EXPECT_EQ(call(admin_identity(), "SetDefaultPolicyVersion", "arn:aws:iam::aws:policy/ReadOnlyAccess", "v1").code(),
            "NoSuchEntity");

  ASSERT_EQ(call(admin_identity(), "DeletePolicyVersion", kVersionedArn, "v1").status, 200);
  EXPECT_EQ(call(reader_identity(), "ListPolicyVersions", kVersionedArn).all("VersionId"),
            (std::vector<std::string>{"v2", "v3"}));
  EXPECT_EQ(call(reader_identity(), "GetPolicyVersion", kVersionedArn, "v1").code(), "NoSuchEntity");
  EXPECT_EQ(web_decision("s3:PutObject"), "allowed");  // v2 still rules
}

TEST_F(IamPolicyVersions, FiveVersionsAtMostAndDeletePolicyNeedsOneLeft) {
  for (int i = 0; i < 4; ++i) ASSERT_EQ(new_version(kVersionedOtherArn, allow_document("sqs:*")).status, 200);
  Answer sixth = new_version(kVersionedOtherArn, allow_document("sqs:*"));
  EXPECT_EQ(sixth.status, 409);
  EXPECT_EQ(sixth.code(), "LimitExceeded");
  ASSERT_EQ(call(admin_identity(), "DeletePolicyVersion", kVersionedOtherArn, "v3").status, 200);
  Answer again = new_version(kVersionedOtherArn, allow_document("sqs:*"));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.find("VersionId"), "v6");
  // Ids are never reissued, not even the highest one's once it is deleted.
  ASSERT_EQ(call(admin_identity(), "DeletePolicyVersion", kVersionedOtherArn, "v6").status, 200);
  EXPECT_EQ(new_version(kVersionedOtherArn, allow_document("sqs:*")).find("VersionId"), "v7");

  // DeletePolicy refuses while non-default versions remain, and succeeds once they are gone.
  Answer refused = call(admin_identity(), "DeletePolicy", kVersionedOtherArn);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.code(), "DeleteConflict");
  for (const char* v : {"v2", "v4", "v5", "v7"}) {
    ASSERT_EQ(call(admin_identity(), "DeletePolicyVersion", kVersionedOtherArn, v).status, 200) << v;
  }
  ASSERT_EQ(call(admin_identity(), "DeletePolicy", kVersionedOtherArn).status, 200);
  EXPECT_EQ(call(reader_identity(), "GetPolicy", kVersionedOtherArn).code(), "NoSuchEntity");
}

TEST_F(IamPolicyVersions, VersionOperationsAreAuthorizedOnThePolicyArn) {
  EXPECT_EQ(call(versioner_identity(), "ListPolicyVersions", kVersionedArn).status, 200);
  EXPECT_EQ(call(versioner_identity(), "ListPolicyVersions", kVersionedOtherArn).code(), "AccessDenied");
  EXPECT_EQ(call(nobody_identity(), "ListPolicyVersions", kVersionedArn).code(), "AccessDenied");
  // Denied before the version is looked up: a caller without the permission learns nothing.
  Answer denied = call(reader_identity(), "DeletePolicyVersion", kVersionedArn, "v9");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.code(), "AccessDenied");
  EXPECT_NE(denied.find("Message").find("iam:DeletePolicyVersion"), std::string::npos) << denied.body;
  EXPECT_EQ(call(reader_identity(), "SetDefaultPolicyVersion", kVersionedArn, "v1").code(), "AccessDenied");
  ASSERT_EQ(
      query(
          versioner_identity(), "iam",
          {{"Action", "CreatePolicyVersion"}, {"PolicyArn", kVersionedArn}, {"PolicyDocument", allow_document("s3:*")}})
          .status,
      200);
  EXPECT_EQ(call(versioner_identity(), "SetDefaultPolicyVersion", kVersionedArn, "v2").status, 200);
  EXPECT_EQ(call(versioner_identity(), "DeletePolicyVersion", kVersionedArn, "v1").status, 200);
  EXPECT_EQ(call(versioner_identity(), "SetDefaultPolicyVersion", kVersionedOtherArn, "v1").code(), "AccessDenied");
}

TEST_F(IamPolicyVersions, DumpedVersionsLoadBack) {
  ASSERT_EQ(new_version(kVersionedArn, allow_document("s3:*"), true).status, 200);
  ASSERT_EQ(new_version(kVersionedArn, allow_document("sqs:*")).status, 200);
  ASSERT_EQ(new_version(kVersionedArn, allow_document("sqs:*")).status, 200);
  ASSERT_EQ(call(admin_identity(), "DeletePolicyVersion", kVersionedArn, "v1").status, 200);
  ASSERT_EQ(call(admin_identity(), "DeletePolicyVersion", kVersionedArn, "v4").status, 200);
  json dumped = emu_->dump_state();
  const json& policy = dumped["accounts"][0]["managed_policies"][0];
  ASSERT_EQ(policy["name"], "app-read");
  ASSERT_TRUE(policy.contains("versions")) << policy.dump();
  EXPECT_EQ(policy["versions"].size(), 2u);
  EXPECT_EQ(policy["versions"][0]["version_id"], "v2");
  EXPECT_EQ(policy["versions"][0]["is_default"], true);
  EXPECT_EQ(policy["versions"][1]["version_id"], "v3");
  EXPECT_EQ(policy["versions"][1]["document"], json::parse(allow_document("sqs:*")));
  EXPECT_EQ(policy["document"], json::parse(allow_document("s3:*")));  // the default's, for older readers
  EXPECT_EQ(policy["versions_issued"], 4);                             // v4, deleted, is not issued again
  // A policy with one version keeps the older form.
  EXPECT_FALSE(dumped["accounts"][0]["managed_policies"][1].contains("versions"));

  auto loaded = load_estate_json(dumped);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  const ManagedPolicyDef* p = loaded->accounts[0].find_customer_policy(kVersionedArn);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->default_version, "v2");
  EXPECT_EQ(p->document, json::parse(allow_document("s3:*")));
  ASSERT_EQ(policy_versions(*p).size(), 2u);
  EXPECT_EQ(policy_versions(*p)[1].first, "v3");

  // The sandbox restarted from its dump answers as before.
  EmulatorOptions options;
  options.estate = dumped;
  start(options);
  EXPECT_EQ(call(reader_identity(), "ListPolicyVersions", kVersionedArn).all("VersionId"),
            (std::vector<std::string>{"v2", "v3"}));
  EXPECT_EQ(web_decision("s3:PutObject"), "allowed");
  EXPECT_EQ(new_version(kVersionedArn, allow_document("s3:*")).find("VersionId"), "v5");
  EXPECT_EQ(emu_->dump_state()["accounts"][0]["managed_policies"][0]["versions"].size(), 3u);
}

TEST_F(IamPolicyVersions, DescriptionIsKeptShownAndDumped) {
  Answer made = query(admin_identity(), "iam",
                      {{"Action", "CreatePolicy"},
                       {"PolicyName", "described"},
                       {"PolicyDocument", allow_document("sqs:*")},
                       {"Description", "queues the app reads"}});
  ASSERT_EQ(made.status, 200) << made.body;
  const std::string arn = made.find("Arn");
  EXPECT_EQ(made.find("Description"), "queues the app reads");
  EXPECT_EQ(call(reader_identity(), "GetPolicy", arn).find("Description"), "queues the app reads");
  // A policy made without one shows none.
  EXPECT_EQ(call(reader_identity(), "GetPolicy", kVersionedArn).all("Description"), std::vector<std::string>{});
  Answer long_one = query(admin_identity(), "iam",
                          {{"Action", "CreatePolicy"},
                           {"PolicyName", "verbose"},
                           {"PolicyDocument", allow_document("sqs:*")},
                           {"Description", std::string(1001, 'x')}});
  EXPECT_EQ(long_one.status, 400);
  EXPECT_EQ(long_one.find("Code"), "ValidationError");

  json dumped = emu_->dump_state();
  EmulatorOptions options;
  options.estate = dumped;
  start(options);
  EXPECT_EQ(call(reader_identity(), "GetPolicy", arn).find("Description"), "queues the app reads");
}

TEST_F(IamPolicyVersions, LoaderChecksVersions) {
  auto refusal = [](const json& versions, const json* document = nullptr, int issued = 0) {
    json estate = versions_estate();
    json& policy = estate["accounts"][0]["managed_policies"][0];
    policy.erase("document");
    if (!versions.is_null()) policy["versions"] = versions;
    if (document) policy["document"] = *document;
    if (issued) policy["versions_issued"] = issued;
    auto loaded = load_estate_json(estate);
    return loaded.has_value() ? std::string() : loaded.error().message;
  };
  json a = json::parse(allow_document("s3:*"));
  json b = json::parse(allow_document("sqs:*"));
  EXPECT_EQ(
      refusal({{{"version_id", "v1"}, {"document", a}, {"is_default", true}}, {{"version_id", "v4"}, {"document", b}}}),
      "");
  EXPECT_EQ(refusal({{{"version_id", "v1"}, {"document", a}, {"is_default", true}}}, &a), "");
  EXPECT_NE(refusal({{{"version_id", "v1"}, {"document", a}, {"is_default", true}}}, &b)
                .find("accounts[0].managed_policies[0].document"),
            std::string::npos);
  EXPECT_NE(refusal({{{"version_id", "v1"}, {"document", a}}}).find("exactly one version"), std::string::npos);
  EXPECT_NE(
      refusal({{{"version_id", "v1"}, {"document", a}, {"is_default", true}}, {{"version_id", "v1"}, {"document", b}}})
          .find("duplicate version"),
      std::string::npos);
  EXPECT_NE(refusal({{{"version_id", "1"}, {"document", a}, {"is_default", true}}}).find("versions[0].version_id"),
            std::string::npos);
  EXPECT_NE(refusal(json::array()).find("1 to 5 versions"), std::string::npos);
  json v3 = {{{"version_id", "v3"}, {"document", a}, {"is_default", true}}};
  EXPECT_EQ(refusal(v3, nullptr, 7), "");
  EXPECT_NE(refusal(v3, nullptr, 2).find("versions_issued"), std::string::npos);
  EXPECT_NE(refusal(json(), &a, 2).find("only with versions"), std::string::npos);
  EXPECT_NE(refusal({{{"version_id", "v99999999999"}, {"document", a}, {"is_default", true}}}).find("version_id"),
            std::string::npos);
  json six = json::array();
  for (int i = 1; i <= 6; ++i)
    six.push_back({{"version_id", "v" + std::to_string(i)}, {"document", a}, {"is_default", i == 1}});
  EXPECT_NE(refusal(six).find("1 to 5 versions"), std::string::npos);
}

TEST_F(IamPolicyVersions, SimulatePrincipalPolicyAddsPolicyInputList) {
  auto simulate = [&](const std::string& who, const std::vector<std::string>& inputs,
                      const std::string& boundary = "") {
    aws::QueryParams params = {{"Action", "SimulatePrincipalPolicy"},
                               {"PolicySourceArn", "arn:aws:iam::111111111111:user/" + who},
                               {"ActionNames.member.1", "sqs:SendMessage"},
                               {"ActionNames.member.2", "iam:ListRoles"}};
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      params.emplace_back("PolicyInputList.member." + std::to_string(i + 1), inputs[i]);
    }
    if (!boundary.empty()) params.emplace_back("PermissionsBoundaryPolicyInputList.member.1", boundary);
    return query(admin_identity(), "iam", params);
  };
  // nobody has no policies: the given documents are all it has.
  EXPECT_EQ(simulate("nobody", {}).all("EvalDecision"), (std::vector<std::string>{"implicitDeny", "implicitDeny"}));
  Answer added = simulate("nobody", {allow_document("iam:ListRoles"), allow_document("sqs:*")});
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.all("EvalDecision"), (std::vector<std::string>{"allowed", "allowed"}));
  EXPECT_EQ(added.all("SourcePolicyId"), (std::vector<std::string>{"PolicyInputList.2", "PolicyInputList.1"}));
  // In addition to the principal's own: reader's ReadOnlyAccess still allows iam:ListRoles, and a
  // Deny given in the list wins over it.
  Answer deny =
      simulate("reader",
               {R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:ListRoles","Resource":"*"}]})"});
  EXPECT_EQ(deny.all("EvalDecision"), (std::vector<std::string>{"implicitDeny", "explicitDeny"}));
  EXPECT_EQ(simulate("reader", {allow_document("sqs:*")}).all("EvalDecision"),
            (std::vector<std::string>{"allowed", "allowed"}));
  // The principal's boundary (here the simulated one) still bounds them.
  Answer bounded = simulate("nobody", {allow_document("*")}, allow_document("sqs:*"));
  EXPECT_EQ(bounded.all("EvalDecision"), (std::vector<std::string>{"allowed", "implicitDeny"}));
  EXPECT_EQ(simulate("nobody", {"{not json"}).code(), "MalformedPolicyDocument");
}

}  // namespace
}  // namespace rolecall::emulator

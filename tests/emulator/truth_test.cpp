// The emulator's own ground truth (emulator/truth): equal to the generator's by-construction truth
// on generated estates, and recomputed after every change made through the API.
#include "emulator/truth/truth.h"

#include <map>
#include <tuple>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "emulator/estate/estate_io.h"
#include "emulator/fixture.h"
#include "emulator/generator/generator.h"
#include "emulator/truth/keys.h"
#include "emulator/truth/user_data.h"
#include "support/encode.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;
using nlohmann::json;

TEST(TruthEvaluator, EqualsTheGeneratorsTruthOnGeneratedEstates) {
  const char* specs[] = {
      "accounts=3,regions=2,instances=60,seed=1",
      "accounts=1,regions=1,instances=13,seed=7,org=off",
      "accounts=4,regions=3,instances=400,seed=42,compliant=20",
      "accounts=2,regions=4,instances=250,seed=9,compliant=80",
  };
  for (const char* text : specs) {
    auto spec = parse_generator_spec(text);
    ASSERT_TRUE(spec) << text;
    GeneratedEstate generated = generate_estate(*spec);
    auto estate = load_estate_json(generated.estate);
    ASSERT_TRUE(estate) << estate.error().message;
    json computed = truth::compute_truth(*estate, 1, std::chrono::system_clock::now());
    ASSERT_EQ(computed["findings"].size(), generated.truth["findings"].size()) << text;
    EXPECT_EQ(computed["findings"], generated.truth["findings"]) << text;
  }
}

TEST(TruthEvaluator, DecodesEveryLayer) {
  const std::string key = "AKIAQWERTYUIOPASDFGH";
  const std::string secret = "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";
  std::string script = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=" + key + "\n";
  auto flagged = [](const std::string& raw) {
    auto layers = truth::decode_user_data(testing::base64(raw));
    if (!layers) return std::string("undecodable");
    for (const auto& l : *layers) {
      if (truth::holds_credential(l)) return std::string("FAIL");
    }
    return std::string("PASS");
  };
  EXPECT_EQ(flagged(script), "FAIL");
  EXPECT_EQ(flagged(testing::gzip(script)), "FAIL");
  EXPECT_EQ(flagged(testing::gzip(testing::gzip(script))), "FAIL");
  std::string mime =
      "Content-Type: multipart/mixed; boundary=\"XX\"\nMIME-Version: 1.0\n\n--XX\nContent-Type: text/x-shellscript\n"
      "Content-Transfer-Encoding: base64\n\n" +
      testing::base64(script) + "\n--XX--\n";
  EXPECT_EQ(flagged(mime), "FAIL");
  std::string cloud =
      "#cloud-config\nwrite_files:\n  - path: /root/.aws/credentials\n    encoding: gz+b64\n    content: " +
      testing::base64(testing::gzip("[default]\naws_secret_access_key = " + secret + "\n")) + "\n";
  EXPECT_EQ(flagged(cloud), "FAIL");
  EXPECT_EQ(flagged("aws configure set aws_secret_access_key " + secret + "\n"), "FAIL");
  EXPECT_EQ(flagged("#   aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\n"
                    "#   aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
            "PASS");
  EXPECT_EQ(flagged("role id AROAQWERTYUIOPASDFGH and XAKIAQWERTYUIOPASDFGH\n"), "PASS");
  EXPECT_EQ(flagged(""), "PASS");
  EXPECT_FALSE(truth::decode_user_data("not*base64"));
  EXPECT_FALSE(truth::decode_user_data(testing::base64(std::string("\x1f\x8b garbage", 10))));
}

constexpr const char* kToken = "truth-token";

class TruthAfterWrites : public EmulatorTest {
 public:
  void SetUp() override {
    EmulatorOptions options;
    options.admin_token = kToken;
    start(options);
  }
  // status per (resource, check) from GET /_emulator/truth.
  std::map<std::pair<std::string, std::string>, std::string> truth() {
    Answer a = raw("GET", "/_emulator/truth", "", {{"X-Emulator-Token", kToken}});
    EXPECT_EQ(a.status, 200) << a.body;
    std::map<std::pair<std::string, std::string>, std::string> out;
    const json doc = json::parse(a.body);
    for (const auto& row : doc["findings"]) {
      out[{row["resource_id"].get<std::string>(), row["check_id"].get<std::string>()}] =
          row["status"].get<std::string>();
    }
    return out;
  }
  // A role EC2 may assume, with AdministratorAccess attached.
  void create_admin_role(const std::string& name) {
    ok({{"Action", "CreateRole"},
        {"RoleName", name},
        {"AssumeRolePolicyDocument",
         R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})"}});
    ok({{"Action", "AttachRolePolicy"},
        {"RoleName", name},
        {"PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess"}});
  }
  void ok(aws::QueryParams params, const std::string& service = "iam") {
    Answer a = query(admin_identity(), service, std::move(params));
    ASSERT_EQ(a.status, 200) << a.body;
  }
};

TEST_F(TruthAfterWrites, NeedsTheAdminToken) {
  EXPECT_EQ(raw("GET", "/_emulator/truth", "").status, 401);
  EXPECT_EQ(raw("GET", "/_emulator/truth", "", {{"X-Emulator-Token", "wrong"}}).status, 401);
}

TEST_F(TruthAfterWrites, FollowsRolesProfilesAndAssociations) {
  const std::string bare = "i-00000000000000a06";  // running, no profile
  auto t = truth();
  EXPECT_EQ((t[{bare, "instance-has-role"}]), "FAIL");
  EXPECT_EQ(t.count({bare, "profile-has-role"}), 0u);
  EXPECT_EQ((t[{"i-00000000000000a00", "role-not-admin"}]), "PASS");
  EXPECT_EQ((t[{"i-00000000000000a08", "profile-has-role"}]), "FAIL");   // deleted-profile
  EXPECT_EQ(t.count({"i-00000000000000a0a", "instance-has-role"}), 0u);  // terminated
  EXPECT_EQ((t[{"lt-0123456789abcdef0", "launch-template-no-keys"}]), "PASS");

  create_admin_role("ops");
  ok({{"Action", "CreateInstanceProfile"}, {"InstanceProfileName", "ops"}});
  ok({{"Action", "AssociateIamInstanceProfile"}, {"InstanceId", bare}, {"IamInstanceProfile.Name", "ops"}}, "ec2");
  t = truth();
  EXPECT_EQ((t[{bare, "instance-has-role"}]), "PASS");
  EXPECT_EQ((t[{bare, "profile-has-role"}]), "FAIL");  // the profile holds no role yet
  EXPECT_EQ(t.count({bare, "role-not-admin"}), 0u);

  ok({{"Action", "AddRoleToInstanceProfile"}, {"InstanceProfileName", "ops"}, {"RoleName", "ops"}});
  t = truth();
  EXPECT_EQ((t[{bare, "profile-has-role"}]), "PASS");
  EXPECT_EQ((t[{bare, "role-trusts-ec2"}]), "PASS");
  EXPECT_EQ((t[{bare, "role-not-admin"}]), "FAIL");

  ok({{"Action", "DetachRolePolicy"},
      {"RoleName", "ops"},
      {"PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess"}});
  ok({{"Action", "PutRolePolicy"},
      {"RoleName", "ops"},
      {"PolicyName", "pass"},
      {"PolicyDocument",
       R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Pass*","Resource":"*"}]})"}});
  EXPECT_EQ((truth()[{bare, "role-not-admin"}]), "FAIL");
  ok({{"Action", "DeleteRolePolicy"}, {"RoleName", "ops"}, {"PolicyName", "pass"}});
  EXPECT_EQ((truth()[{bare, "role-not-admin"}]), "PASS");

  ok({{"Action", "UpdateAssumeRolePolicy"},
      {"RoleName", "ops"},
      {"PolicyDocument",
       R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]})"}});
  EXPECT_EQ((truth()[{bare, "role-trusts-ec2"}]), "FAIL");

  // Deleted and recreated under the same name: a new id, so the association no longer resolves.
  ok({{"Action", "RemoveRoleFromInstanceProfile"}, {"InstanceProfileName", "ops"}, {"RoleName", "ops"}});
  ok({{"Action", "DeleteInstanceProfile"}, {"InstanceProfileName", "ops"}});
  ok({{"Action", "CreateInstanceProfile"}, {"InstanceProfileName", "ops"}});
  ok({{"Action", "AddRoleToInstanceProfile"}, {"InstanceProfileName", "ops"}, {"RoleName", "ops"}});
  t = truth();
  EXPECT_EQ((t[{bare, "profile-has-role"}]), "FAIL");
  EXPECT_EQ(t.count({bare, "role-trusts-ec2"}), 0u);
}

TEST_F(TruthAfterWrites, ManagedPolicyDefaultVersionDecides) {
  Answer p =
      query(admin_identity(), "iam",
            {{"Action", "CreatePolicy"},
             {"PolicyName", "grows"},
             {"PolicyDocument",
              R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})"}});
  ASSERT_EQ(p.status, 200) << p.body;
  ok({{"Action", "AttachRolePolicy"}, {"RoleName", "web"}, {"PolicyArn", p.find("Arn")}});
  const std::string web = "i-00000000000000a01";
  EXPECT_EQ((truth()[{web, "role-not-admin"}]), "PASS");
  const char* star = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
  ok({{"Action", "CreatePolicyVersion"}, {"PolicyArn", p.find("Arn")}, {"PolicyDocument", star}});
  EXPECT_EQ((truth()[{web, "role-not-admin"}]), "PASS");  // not the default version
  ok({{"Action", "CreatePolicyVersion"},
      {"PolicyArn", p.find("Arn")},
      {"PolicyDocument", star},
      {"SetAsDefault", "true"}});
  EXPECT_EQ((truth()[{web, "role-not-admin"}]), "FAIL");
}

TEST_F(TruthAfterWrites, JudgesLaunchedInstancesAndNewTemplates) {
  create_admin_role("boss");
  ok({{"Action", "CreateInstanceProfile"}, {"InstanceProfileName", "boss"}});
  ok({{"Action", "AddRoleToInstanceProfile"}, {"InstanceProfileName", "boss"}, {"RoleName", "boss"}});
  const std::string leak = testing::base64(testing::gzip("export AWS_ACCESS_KEY_ID=AKIAQWERTYUIOPASDFGH\n"));
  Answer run = query(admin_identity(), "ec2",
                     {{"Action", "RunInstances"},
                      {"ImageId", "ami-0123456789abcdef0"},
                      {"MinCount", "2"},
                      {"MaxCount", "2"},
                      {"IamInstanceProfile.Name", "boss"},
                      {"UserData", leak}});
  ASSERT_EQ(run.status, 200) << run.body;
  auto ids = run.all("instanceId");
  ASSERT_EQ(ids.size(), 2u);
  auto t = truth();
  for (const auto& id : ids) {
    EXPECT_EQ((t[{id, "instance-has-role"}]), "PASS");
    EXPECT_EQ((t[{id, "role-not-admin"}]), "FAIL");
    EXPECT_EQ((t[{id, "user-data-no-keys"}]), "FAIL");
    EXPECT_EQ((t[{id, "imdsv2-required"}]), "FAIL");
  }
  ok({{"Action", "ModifyInstanceMetadataOptions"}, {"InstanceId", ids[0]}, {"HttpTokens", "required"}}, "ec2");
  ok({{"Action", "TerminateInstances"}, {"InstanceId.1", ids[1]}}, "ec2");
  t = truth();
  EXPECT_EQ((t[{ids[0], "imdsv2-required"}]), "PASS");
  EXPECT_EQ(t.count({ids[1], "instance-has-role"}), 0u);

  Answer lt = query(admin_identity(), "ec2",
                    {{"Action", "CreateLaunchTemplate"},
                     {"LaunchTemplateName", "clean"},
                     {"LaunchTemplateData.UserData", "ZWNobyBoaQ=="}});
  ASSERT_EQ(lt.status, 200) << lt.body;
  const std::string lt_id = lt.find("launchTemplateId");
  EXPECT_EQ((truth()[{lt_id, "launch-template-no-keys"}]), "PASS");
  ok({{"Action", "CreateLaunchTemplateVersion"}, {"LaunchTemplateId", lt_id}, {"LaunchTemplateData.UserData", leak}},
     "ec2");
  EXPECT_EQ((truth()[{lt_id, "launch-template-no-keys"}]), "FAIL");  // any version counts
}

}  // namespace
}  // namespace rolecall::emulator

// The emulator refuses what AWS refuses and accepts what AWS accepts (issue 16, "Fidelity").
#include <fmt/format.h>

#include "emulator/fixture.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

using Fidelity = EmulatorTest;

TEST_F(Fidelity, LongTermKeyWithSessionTokenIsRefusedEverywhere) {
  Identity stale = admin_identity();
  stale.token = "IQoJb3JpZ2luX2VjEstale-token-left-in-the-environment";
  Answer ec2 = query(stale, "ec2", {{"Action", "DescribeInstances"}, {"Version", "2016-11-15"}});
  EXPECT_EQ(ec2.status, 401);
  EXPECT_EQ(ec2.code(), "AuthFailure");
  Answer iam = query(stale, "iam", {{"Action", "ListRoles"}, {"Version", "2010-05-08"}});
  EXPECT_EQ(iam.status, 403);
  EXPECT_EQ(iam.code(), "InvalidClientTokenId");
  EXPECT_EQ(iam.find("Message"), "The security token included in the request is invalid.");
  Answer sts = query(stale, "sts", {{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}});
  EXPECT_EQ(sts.status, 403);
  EXPECT_EQ(sts.code(), "InvalidClientTokenId");
  Answer orgs = organizations(stale, "ListAccounts");
  EXPECT_EQ(orgs.status, 400);
  EXPECT_EQ(nlohmann::json::parse(orgs.body)["__type"], "UnrecognizedClientException");
  // The same key without the token is fine.
  EXPECT_EQ(query(admin_identity(), "sts", {{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}}).status, 200);
}

TEST_F(Fidelity, LongTermKeyWithQueryStringTokenIsRefused) {
  Answer ec2 = query(admin_identity(), "ec2",
                     {{"Action", "DescribeInstances"}, {"Version", "2016-11-15"}, {"X-Amz-Security-Token", "stale"}},
                     "us-east-1", 0, true);
  EXPECT_EQ(ec2.status, 401);
  EXPECT_EQ(ec2.code(), "AuthFailure");
  Answer sts = query(admin_identity(), "sts",
                     {{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}, {"X-Amz-Security-Token", "stale"}},
                     "us-east-1", 0, true);
  EXPECT_EQ(sts.code(), "InvalidClientTokenId");
}

// rolecall's 200-instance verification batches with a filter: well over httplib's 8 KiB form cap.
TEST_F(Fidelity, QueryBodiesOverEightKibUpToOneMibAreAccepted) {
  aws::QueryParams params{{"Action", "DescribeInstances"}, {"Version", "2016-11-15"}};
  params.emplace_back("Filter.1.Name", "instance-id");
  for (int i = 0; i < 200; ++i)
    params.emplace_back(fmt::format("Filter.1.Value.{}", i + 1), fmt::format("i-{:017x}", 0xa00 + i));
  params.emplace_back("Filter.2.Name", "tag-key");
  for (int i = 0; i < 40; ++i) params.emplace_back(fmt::format("Filter.2.Value.{}", i + 1), std::string(100, 'k'));
  ASSERT_GT(aws::encode_form(params).size(), 12000u);
  Answer a = query(admin_identity(), "ec2", params);
  EXPECT_EQ(a.status, 200) << a.body.substr(0, 300);
  EXPECT_TRUE(a.code().empty());

  aws::QueryParams iam{{"Action", "GetRole"}, {"Version", "2010-05-08"}, {"RoleName", std::string(20000, 'r')}};
  Answer long_iam = query(admin_identity(), "iam", iam);
  EXPECT_NE(long_iam.status, 413);
  EXPECT_NE(long_iam.code(), "RequestEntityTooLarge");
}

TEST_F(Fidelity, BodiesOverOneMibGetTheServicesOwn413) {
  std::string huge(std::size_t{1} << 20, 'x');
  Answer iam = query(admin_identity(), "iam", {{"Action", "GetRole"}, {"Version", "2010-05-08"}, {"RoleName", huge}});
  EXPECT_EQ(iam.status, 413);
  EXPECT_EQ(iam.code(), "RequestEntityTooLarge");
  EXPECT_EQ(iam.xml.first_child().name(), std::string("ErrorResponse"));
  Answer ec2 =
      query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {"Version", "2016-11-15"}, {"X", huge}});
  EXPECT_EQ(ec2.status, 413);
  EXPECT_EQ(ec2.xml.first_child().name(), std::string("Response"));
  // The connection's next request (the skipped body left nothing behind) still works.
  EXPECT_EQ(query(admin_identity(), "sts", {{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}}).status, 200);
}

using Parameters = EmulatorTest;

// The examples: each once silently ignored (200 with every instance or none).
TEST_F(Parameters, Ec2RefusesWhatItsModelDoesNotDefine) {
  for (const char* name : {"InstanceIds.1", "InstanceId.member.1", "Filters.1.Name", "MaxResult", "Padding",
                           "Filter.1.Values.1", "InstanceId"}) {
    Answer a = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}, {name, "x"}});
    EXPECT_EQ(a.status, 400) << name;
    EXPECT_EQ(a.code(), "UnknownParameter") << name;
    EXPECT_EQ(a.find("Message"), fmt::format("The parameter {} is not recognized", name));
  }
  // The model's own names pass: lists, nested filter values, booleans.
  Answer ok = query(admin_identity(), "ec2",
                    {{"Action", "DescribeInstances"},
                     {"InstanceId.1", "i-00000000000000a00"},
                     {"Filter.1.Name", "instance-state-name"},
                     {"Filter.1.Value.1", "running"},
                     {"DryRun", "false"}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(emu_->model_mismatches().size(), 7u);
}

TEST_F(Parameters, MissingVersionIsRefusedAsEachServiceDoes) {
  add_version_ = false;
  Answer ec2 = query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}});
  EXPECT_EQ(ec2.status, 400);
  EXPECT_EQ(ec2.code(), "MissingParameter");
  EXPECT_NE(ec2.find("Message").find("Version"), std::string::npos);
  Answer iam = query(admin_identity(), "iam", {{"Action", "ListRoles"}});
  EXPECT_EQ(iam.status, 400);
  EXPECT_EQ(iam.code(), "InvalidAction");
  EXPECT_EQ(iam.find("Message"), "Could not find operation ListRoles for version NO_VERSION_SPECIFIED");
  Answer sts = query(admin_identity(), "sts", {{"Action", "GetCallerIdentity"}, {"Version", "2010-05-08"}});
  EXPECT_EQ(sts.code(), "InvalidAction");
  EXPECT_EQ(sts.find("Message"), "Could not find operation GetCallerIdentity for version 2010-05-08");
  // EC2 serves its older API versions too.
  EXPECT_EQ(query(admin_identity(), "ec2", {{"Action", "DescribeRegions"}, {"Version", "2016-09-15"}}).status, 200);
}

// IAM and STS document no error for an unrecognized parameter and do not refuse one: ignored, but
// recorded so a test can require that rolecall never sends one.
TEST_F(Parameters, IamAndStsIgnoreButRecordUnknownParameters) {
  Answer iam = query(admin_identity(), "iam", {{"Action", "ListRoles"}, {"MaxItem", "5"}});
  EXPECT_EQ(iam.status, 200) << iam.body;
  Answer sts = query(admin_identity(), "sts", {{"Action", "GetCallerIdentity"}, {"RoleArn", "x"}});
  EXPECT_EQ(sts.status, 200) << sts.body;
  EXPECT_EQ(query(admin_identity(), "iam", {{"Action", "ListRoles"}, {"MaxItems", "5"}}).status, 200);
  std::vector<std::string> expected{"iam ListRoles: MaxItem", "sts GetCallerIdentity: RoleArn"};
  EXPECT_EQ(emu_->model_mismatches(), expected);
}

}  // namespace
}  // namespace rolecall::emulator

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

}  // namespace
}  // namespace rolecall::emulator

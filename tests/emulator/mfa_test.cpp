// AssumeRole of a role whose trust policy requires aws:MultiFactorAuthPresent: refused without
// SerialNumber/TokenCode, refused with a wrong code, allowed with the emulator's test code.
#include "emulator/fixture.h"
#include "emulator/services/sts/handlers.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;
using nlohmann::json;

class Mfa : public EmulatorTest {
 public:
  void SetUp() override {
    json estate = test_estate();
    json trust = {{"Version", "2012-10-17"},
                  {"Statement",
                   {{{"Effect", "Allow"},
                     {"Principal", {{"AWS", "arn:aws:iam::111111111111:root"}}},
                     {"Action", "sts:AssumeRole"},
                     {"Condition", {{"Bool", {{"aws:MultiFactorAuthPresent", "true"}}}}}}}}};
    estate["accounts"][0]["roles"].push_back({{"name", "break-glass"}, {"trust_policy", trust}});
    EmulatorOptions options;
    options.estate = estate;
    start(options);
  }
  Answer assume(aws::QueryParams extra) {
    aws::QueryParams params{{"Action", "AssumeRole"},
                            {"RoleArn", "arn:aws:iam::111111111111:role/break-glass"},
                            {"RoleSessionName", "alice"}};
    for (auto& p : extra) params.push_back(std::move(p));
    return query(admin_identity(), "sts", std::move(params));
  }
};

TEST_F(Mfa, TheTrustPolicysMfaConditionNeedsTheTestCode) {
  EXPECT_EQ(assume({}).code(), "AccessDenied");
  Answer wrong = assume({{"SerialNumber", "arn:aws:iam::111111111111:mfa/alice"}, {"TokenCode", "000000"}});
  EXPECT_EQ(wrong.code(), "AccessDenied");
  EXPECT_EQ(wrong.find("Message"), "MultiFactorAuthentication failed with invalid MFA one time pass code.");
  Answer ok = assume({{"SerialNumber", "arn:aws:iam::111111111111:mfa/alice"}, {"TokenCode", sts::kTestMfaCode}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(assume({{"SerialNumber", "arn:aws:iam::222222222222:mfa/alice"}, {"TokenCode", sts::kTestMfaCode}}).code(),
            "AccessDenied");
}

}  // namespace
}  // namespace rolecall::emulator

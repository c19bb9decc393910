// Key intelligence in the emulator: STS GetAccessKeyInfo, IAM GetAccessKeyLastUsed,
// UpdateAccessKey, ListAccessKeys' Status and CreateDate, the estate's key dates, the key id
// account encoding and the truth's key verdicts on a generated estate.
#include <set>

#include "base/iso8601.h"
#include "emulator/estate/access_keys.h"
#include "emulator/estate/estate_io.h"
#include "emulator/fixture.h"
#include "emulator/generator/generator.h"
#include "emulator/truth/key_intel.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;
using nlohmann::json;

constexpr const char* kSpare = "AKIAPRODSPARE0000001";  // reader's second, inactive key

class AccessKeys : public EmulatorTest {
 public:
  void SetUp() override {
    json estate = test_estate();
    json& reader = estate["accounts"][0]["users"][1];
    reader["access_keys"][0]["created"] = "2025-03-01T10:00:00Z";
    reader["access_keys"][0]["last_used"] = {{"days_ago", 2}, {"service", "s3"}, {"region", "eu-west-1"}};
    reader["access_keys"].push_back(
        {{"id", kSpare}, {"secret", "spare-secret"}, {"status", "Inactive"}, {"created", {{"days_ago", 30}}}});
    emulator::EmulatorOptions options;
    options.estate = estate;
    start(options);
  }
};

TEST(KeyIdAccount, DecodesAndEncodesTheAccount) {
  // The published example (AWS re:Inforce research on key id structure).
  EXPECT_EQ(account_encoded_in_key_id("ASIAY34FZKBOKMUTVV7A"), "609629065308");
  EXPECT_FALSE(account_encoded_in_key_id("AKIA1234").has_value());
  EXPECT_FALSE(account_encoded_in_key_id("AKIAIOSFODNN7EXAMP1E").has_value());  // '1' is not base32
  std::string moved = key_id_for_account("AKIAQWERTYUIOPASDFGH", "123456789012");
  EXPECT_EQ(moved.size(), 20u);
  EXPECT_TRUE(moved.starts_with("AKIA"));
  EXPECT_EQ(account_encoded_in_key_id(moved), "123456789012");
  EXPECT_EQ(moved.substr(14), std::string("AKIAQWERTYUIOPASDFGH").substr(14));  // low bits kept
}

TEST_F(AccessKeys, GetAccessKeyInfoAnswersTheOwningAccount) {
  auto info = [&](const std::string& id) {
    return query(admin_identity(), "sts", {{"Action", "GetAccessKeyInfo"}, {"AccessKeyId", id}});
  };
  Answer own = info(admin_identity().key);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.find("Account"), "111111111111");
  EXPECT_EQ(info(dev_identity().key).find("Account"), "222222222222");
  EXPECT_EQ(info(kSpare).find("Account"), "111111111111");
  // Not in the estate: the account the id encodes.
  EXPECT_EQ(info("ASIAY34FZKBOKMUTVV7A").find("Account"), "609629065308");
  EXPECT_EQ(info("AKIA-not-a-key-id!!!").code(), "ValidationError");
  EXPECT_EQ(query(admin_identity(), "sts", {{"Action", "GetAccessKeyInfo"}}).code(), "ValidationError");
  Answer denied = query(nobody_identity(), "sts", {{"Action", "GetAccessKeyInfo"}, {"AccessKeyId", kSpare}});
  EXPECT_EQ(denied.code(), "AccessDenied");
}

TEST_F(AccessKeys, GetAccessKeyLastUsedReportsUseOrNA) {
  Answer used =
      query(reader_identity(), "iam", {{"Action", "GetAccessKeyLastUsed"}, {"AccessKeyId", reader_identity().key}});
  ASSERT_EQ(used.status, 200) << used.body;
  EXPECT_EQ(used.find("UserName"), "reader");
  EXPECT_EQ(used.find("LastUsedDate"), base::format_iso8601(std::chrono::system_clock::time_point(
                                           std::chrono::seconds(kEpoch) - std::chrono::hours(48))));
  EXPECT_EQ(used.find("ServiceName"), "s3");
  EXPECT_EQ(used.find("Region"), "eu-west-1");
  Answer never = query(reader_identity(), "iam", {{"Action", "GetAccessKeyLastUsed"}, {"AccessKeyId", kSpare}});
  ASSERT_EQ(never.status, 200) << never.body;
  EXPECT_EQ(never.find("LastUsedDate"), "");
  EXPECT_EQ(never.find("ServiceName"), "N/A");
  EXPECT_EQ(never.find("Region"), "N/A");
  // Another account's key and a key no user holds are not found from this account.
  Answer other =
      query(reader_identity(), "iam", {{"Action", "GetAccessKeyLastUsed"}, {"AccessKeyId", dev_identity().key}});
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.code(), "NoSuchEntity");
  EXPECT_EQ(
      query(reader_identity(), "iam", {{"Action", "GetAccessKeyLastUsed"}, {"AccessKeyId", "AKIAQWERTYUIOPASDFGH"}})
          .code(),
      "NoSuchEntity");
  EXPECT_EQ(query(reader_identity(), "iam", {{"Action", "GetAccessKeyLastUsed"}, {"AccessKeyId", "short"}}).code(),
            "ValidationError");
  EXPECT_EQ(query(nobody_identity(), "iam", {{"Action", "GetAccessKeyLastUsed"}, {"AccessKeyId", kSpare}}).code(),
            "AccessDenied");
}

TEST_F(AccessKeys, ListAccessKeysGivesStatusAndCreateDate) {
  Answer list = query(admin_identity(), "iam", {{"Action", "ListAccessKeys"}, {"UserName", "reader"}});
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.all("AccessKeyId"), (std::vector<std::string>{reader_identity().key, kSpare}));
  EXPECT_EQ(list.all("Status"), (std::vector<std::string>{"Active", "Inactive"}));
  EXPECT_EQ(list.all("CreateDate"),
            (std::vector<std::string>{"2025-03-01T10:00:00Z",
                                      base::format_iso8601(std::chrono::system_clock::time_point(
                                          std::chrono::seconds(kEpoch) - std::chrono::hours(24 * 30)))}));
}

TEST_F(AccessKeys, UpdateAccessKeyChangesStatusAndAuthentication) {
  Answer off = query(admin_identity(), "iam",
                     {{"Action", "UpdateAccessKey"},
                      {"UserName", "reader"},
                      {"AccessKeyId", reader_identity().key},
                      {"Status", "Inactive"}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(query(reader_identity(), "sts", {{"Action", "GetCallerIdentity"}}).code(), "InvalidClientTokenId");
  Answer list = query(admin_identity(), "iam", {{"Action", "ListAccessKeys"}, {"UserName", "reader"}});
  EXPECT_EQ(list.all("Status"), (std::vector<std::string>{"Inactive", "Inactive"}));
  Answer on = query(admin_identity(), "iam",
                    {{"Action", "UpdateAccessKey"},
                     {"UserName", "reader"},
                     {"AccessKeyId", reader_identity().key},
                     {"Status", "Active"}});
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(query(reader_identity(), "sts", {{"Action", "GetCallerIdentity"}}).status, 200);
  // Errors as IAM answers them.
  EXPECT_EQ(query(admin_identity(), "iam",
                  {{"Action", "UpdateAccessKey"}, {"UserName", "reader"}, {"AccessKeyId", kSpare}, {"Status", "Off"}})
                .code(),
            "ValidationError");
  EXPECT_EQ(
      query(admin_identity(), "iam",
            {{"Action", "UpdateAccessKey"}, {"UserName", "nobody"}, {"AccessKeyId", kSpare}, {"Status", "Active"}})
          .code(),
      "NoSuchEntity");
  EXPECT_EQ(
      query(reader_identity(), "iam",
            {{"Action", "UpdateAccessKey"}, {"UserName", "reader"}, {"AccessKeyId", kSpare}, {"Status", "Active"}})
          .code(),
      "AccessDenied");
}

TEST_F(AccessKeys, EstateDatesSurviveADump) {
  json estate = test_estate();
  estate["accounts"][0]["users"][1]["access_keys"][0]["last_used"] = {
      {"date", "2026-11-01T00:00:00Z"}, {"service", "ec2"}, {"region", "us-east-1"}};
  estate["accounts"][0]["users"][1]["access_keys"][0]["created"] = {{"days_ago", 10}};
  auto loaded = load_estate_json(estate);
  ASSERT_TRUE(loaded) << loaded.error().message;
  json dumped = dump_estate_json(*loaded, 1, std::chrono::system_clock::now(), std::chrono::seconds(3600));
  const json& key = dumped["accounts"][0]["users"][1]["access_keys"][0];
  EXPECT_EQ(key["last_used"], (json{{"date", "2026-11-01T00:00:00Z"}, {"service", "ec2"}, {"region", "us-east-1"}}));
  EXPECT_EQ(key["created"], (json{{"days_ago", 10}}));
  for (json bad : {json("yesterday"), json{{"days_ago", -1}}, json{{"days_ago", 1}, {"date", "2026-01-01T00:00:00Z"}},
                   json::object()}) {
    json broken = test_estate();
    broken["accounts"][0]["users"][1]["access_keys"][0]["created"] = bad;
    auto refused = load_estate_json(broken);
    ASSERT_FALSE(refused) << bad.dump();
    EXPECT_NE(refused.error().message.find("access_keys[0].created"), std::string::npos) << refused.error().message;
  }
}

TEST(TruthKeyVerdicts, LegacyDeployKeysAndDeletedUsersKeys) {
  auto spec = parse_generator_spec("accounts=2,regions=2,instances=200,seed=3");
  ASSERT_TRUE(spec);
  auto estate = load_estate_json(generate_estate(*spec).estate);
  ASSERT_TRUE(estate) << estate.error().message;
  json verdicts = truth::key_verdicts(*estate, 1, std::chrono::system_clock::now());
  std::set<std::string> statuses;
  for (const auto& v : verdicts) {
    const std::string status = v["status"].get<std::string>();
    statuses.insert(status);
    if (status == "Active") {
      EXPECT_EQ(v["user"], "legacy-deploy");
      EXPECT_EQ(v["severity"], "critical") << v.dump();  // used within days
      EXPECT_EQ(v["service"], "s3");
    } else if (status == "Inactive") {
      EXPECT_EQ(v["user"], "legacy-deploy");
      EXPECT_EQ(v["severity"], "medium");
      EXPECT_FALSE(v["last_used"].is_null());
    } else {
      EXPECT_EQ(status, "deleted") << v.dump();  // every other generated key is a deleted user's
      EXPECT_EQ(v["severity"], "low");
      EXPECT_NE(estate->find_account(v["owner_account"].get<std::string>()), nullptr);
    }
  }
  EXPECT_EQ(statuses, (std::set<std::string>{"Active", "Inactive", "deleted"}));
}

}  // namespace
}  // namespace rolecall::emulator

// Auditing what the AWS CLI prints: real `aws --output json` fixtures (tests/data/offline), data the
// CLI output lacks reported as ERROR, malformed and truncated files rejected naming the file.
#include <set>

#include "app/pipeline.h"
#include "checks/registry.h"
#include "inventory/offline_awscli.h"
#include "inventory/offline_load.h"
#include "inventory_offline/offline_fixture.h"

namespace rolecall::inventory {
namespace {

using namespace rolecall::testing;

namespace fs = std::filesystem;

std::map<Key, std::string> truth() {
  auto doc =
      nlohmann::json::parse(read_file(fs::path(rolecall::testing::source_dir()) / "tests/data/offline/truth.json"));
  std::map<Key, std::string> out;
  for (const auto& f : doc.at("findings")) {
    out[{f.at("account_id"), f.at("region"), f.at("resource_id"), f.at("check_id")}] = f.at("status");
  }
  return out;
}

ScanResult judge(const Inventory& inventory) {
  auto selected = checks::select_checks({}, {});
  return app::judge_inventory(inventory, *selected, {});
}

class AwsCli : public OfflineTest {
 protected:
  // Copies the fixtures named in `names` into a fresh directory and returns its path.
  std::string fixtures(const std::vector<std::string>& names) {
    fs::path d = dir_ / ("in" + std::to_string(copies_++));
    fs::create_directories(d);
    for (const auto& n : names) fs::copy_file(awscli_fixtures() / n, d / n);
    return d.string();
  }
  int copies_ = 0;
};

TEST_F(AwsCli, FixturesAreAuditedAsTheGroundTruthSays) {
  auto inventory = load_offline(*env_, {awscli_fixtures().string()}, "");
  ASSERT_TRUE(inventory) << inventory.error().describe();
  ScanResult result = judge(*inventory);
  auto want = truth();
  const std::set<std::string> judged = {"instance-has-role", "profile-has-role", "role-trusts-ec2", "role-not-admin",
                                        "imdsv2-required"};
  std::size_t compared = 0, not_collected = 0, lt_errors = 0;
  for (const auto& f : result.findings) {
    if (judged.contains(f.check_id)) {
      auto it = want.find(key_of(f));
      ASSERT_NE(it, want.end()) << f.resource_id << " " << f.check_id;
      EXPECT_EQ(it->second, to_string(f.status)) << f.resource_id << " " << f.check_id << ": " << f.message;
      ++compared;
    } else if (f.check_id == "user-data-no-keys") {
      // describe-instances never carries user data: never a PASS.
      EXPECT_EQ(f.status, Status::kError);
      EXPECT_EQ(f.message, "user data was not collected");
      ++not_collected;
    } else if (f.check_id == "launch-template-no-keys") {
      EXPECT_EQ(f.status, Status::kError);
      EXPECT_EQ(f.resource_type, "scope");
      ++lt_errors;
    } else {
      ADD_FAILURE() << "unexpected " << f.check_id << " " << f.resource_id;
    }
  }
  std::size_t want_judged = 0;
  for (const auto& [k, status] : want) want_judged += judged.contains(std::get<3>(k)) ? 1 : 0;
  EXPECT_EQ(compared, want_judged);
  EXPECT_EQ(not_collected, 12u);
  EXPECT_EQ(lt_errors, 2u);  // one per region
  EXPECT_EQ(result.stats.regions, 2u);
  std::erase_if(result.findings, [](const Finding& f) { return f.status == Status::kFail; });
  EXPECT_EQ(exit_code_for(result, Severity::kLow), ExitCode::kPartial);  // not-collected data is never compliant
}

TEST_F(AwsCli, InstancesWithoutIamAreErrorsForRoleChecks) {
  auto inventory = load_offline(*env_, {(awscli_fixtures() / "describe-instances-us-east-1.json").string()}, "");
  ASSERT_TRUE(inventory) << inventory.error().describe();
  std::size_t iam_errors = 0;
  for (const auto& f : judge(*inventory).findings) {
    if (f.check_id == "role-not-admin" || f.check_id == "role-trusts-ec2" || f.check_id == "profile-has-role") {
      EXPECT_EQ(f.status, Status::kError) << f.resource_id << " " << f.check_id;
      ++iam_errors;
    }
  }
  EXPECT_GT(iam_errors, 0u);
}

TEST_F(AwsCli, WithoutListInstanceProfilesVerdictsAreUnchanged) {
  auto full = load_offline(*env_, {awscli_fixtures().string()}, "");
  auto partial = load_offline(*env_,
                              {fixtures({"describe-instances-us-east-1.json", "describe-instances-eu-west-1.json",
                                         "get-account-authorization-details.json"})},
                              "");
  ASSERT_TRUE(full && partial);
  auto a = judge(*full), b = judge(*partial);
  ASSERT_EQ(a.findings.size(), b.findings.size());
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    EXPECT_EQ(key_of(a.findings[i]), key_of(b.findings[i]));
    EXPECT_EQ(a.findings[i].status, b.findings[i].status) << a.findings[i].resource_id << " " << a.findings[i].check_id;
  }
}

TEST_F(AwsCli, TruncatedFileIsRejectedWithFileAndOffset) {
  std::string d = fixtures({"describe-instances-us-east-1.json", "get-account-authorization-details.json"});
  fs::path f = fs::path(d) / "get-account-authorization-details.json";
  std::string text = read_file(f);
  write_file(f, text.substr(0, 20000));
  auto loaded = load_offline(*env_, {d}, "");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::kParse);
  EXPECT_EQ(loaded.error().message.rfind(f.string() + ": malformed JSON at byte offset 20000 of 20000 (truncated?)", 0),
            0u)
      << loaded.error().message;
}

TEST_F(AwsCli, GarbageInTheMiddleIsRejectedWithItsOffset) {
  write_file(dir_ / "bad.json", R"({"Reservations": [}, ]})");
  auto loaded = load_offline(*env_, {(dir_ / "bad.json").string()}, "");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().message.rfind(
                (dir_ / "bad.json").string() + ": malformed JSON at byte offset 18 of 23 (line 1, column 19): ", 0),
            0u)
      << loaded.error().message;
}

TEST_F(AwsCli, MissingAndMistypedKeysAreNamedWithTheirPath) {
  auto doc = nlohmann::json::parse(read_file(awscli_fixtures() / "describe-instances-us-east-1.json"));
  doc["Reservations"][1]["Instances"][0].erase("InstanceId");
  write_file(dir_ / "a.json", doc.dump());
  auto a = load_offline(*env_, {(dir_ / "a.json").string()}, "");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message, (dir_ / "a.json").string() + ": Reservations[1].Instances[0].InstanceId: missing key");

  auto iam = nlohmann::json::parse(read_file(awscli_fixtures() / "get-account-authorization-details.json"));
  iam["RoleDetailList"][2]["AssumeRolePolicyDocument"] = 42;
  write_file(dir_ / "b.json", iam.dump());
  auto b = load_offline(*env_, {(dir_ / "b.json").string()}, "");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().message,
            (dir_ / "b.json").string() +
                ": RoleDetailList[2].AssumeRolePolicyDocument: expected a policy document, got number");
}

TEST_F(AwsCli, PagedOutputIsRejectedAsTruncated) {
  auto doc = nlohmann::json::parse(read_file(awscli_fixtures() / "describe-instances-us-east-1.json"));
  doc["NextToken"] = "eyJ...";
  write_file(dir_ / "paged.json", doc.dump());
  auto r = load_offline(*env_, {(dir_ / "paged.json").string()}, "");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("paged.json: NextToken: the output is one page of several"), std::string::npos)
      << r.error().message;
  auto iam = nlohmann::json::parse(read_file(awscli_fixtures() / "get-account-authorization-details.json"));
  iam["IsTruncated"] = true;
  write_file(dir_ / "iam.json", iam.dump());
  auto r2 = load_offline(*env_, {(dir_ / "iam.json").string()}, "");
  ASSERT_FALSE(r2);
  EXPECT_NE(r2.error().message.find("iam.json: IsTruncated: true"), std::string::npos) << r2.error().message;
}

TEST_F(AwsCli, UnknownShapesAndEmptyInputsAreErrors) {
  write_file(dir_ / "other.json", R"({"Vpcs": []})");
  auto r = load_offline(*env_, {(dir_ / "other.json").string()}, "");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("other.json: not output of aws ec2 describe-instances"), std::string::npos);
  EXPECT_NE(r.error().message.find("top-level keys: Vpcs"), std::string::npos);
  write_file(dir_ / "empty.json", "  \n");
  auto e = load_offline(*env_, {(dir_ / "empty.json").string()}, "");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, (dir_ / "empty.json").string() + ": empty file");
  auto missing = load_offline(*env_, {(dir_ / "nope.json").string()}, "");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("nope.json: no such file"), std::string::npos);
  fs::create_directories(dir_ / "nothing");
  auto none = load_offline(*env_, {(dir_ / "nothing").string()}, "");
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("neither a rolecall collect directory"), std::string::npos);
}

TEST_F(AwsCli, RegionComesFromTheZoneOrTheFallback) {
  auto doc = nlohmann::json::parse(read_file(awscli_fixtures() / "describe-instances-eu-west-1.json"));
  for (auto& res : doc["Reservations"]) {
    for (auto& i : res["Instances"]) i.erase("Placement");
  }
  write_file(dir_ / "noaz.json", doc.dump());
  auto without = load_offline(*env_, {(dir_ / "noaz.json").string()}, "");
  ASSERT_FALSE(without);
  EXPECT_NE(
      without.error().message.find("Reservations[0].Instances[0].Placement.AvailabilityZone: missing, and no --region"),
      std::string::npos)
      << without.error().message;
  auto with = load_offline(*env_, {(dir_ / "noaz.json").string()}, "eu-west-1");
  ASSERT_TRUE(with) << with.error().describe();
  ASSERT_EQ(with->regions.size(), 1u);
  EXPECT_EQ(with->regions[0].region, "eu-west-1");
  EXPECT_FALSE(with->regions[0].instances.empty());
}

TEST_F(AwsCli, UrlEncodedPolicyDocumentsAreDecoded) {
  // The raw API form (and some tools) give documents as URL-encoded strings rather than objects.
  auto iam = nlohmann::json::parse(read_file(awscli_fixtures() / "get-account-authorization-details.json"));
  auto encode = [](const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        out += buf;
      }
    }
    return out;
  };
  for (auto& role : iam["RoleDetailList"])
    role["AssumeRolePolicyDocument"] = encode(role["AssumeRolePolicyDocument"].dump());
  write_file(dir_ / "iam.json", iam.dump());
  fs::copy_file(awscli_fixtures() / "describe-instances-us-east-1.json", dir_ / "di.json");
  auto encoded = load_offline(*env_, {(dir_ / "iam.json").string(), (dir_ / "di.json").string()}, "");
  auto plain = load_offline(
      *env_, {(awscli_fixtures() / "get-account-authorization-details.json").string(), (dir_ / "di.json").string()},
      "");
  ASSERT_TRUE(encoded) << encoded.error().describe();
  ASSERT_TRUE(plain);
  auto a = judge(*encoded), b = judge(*plain);
  ASSERT_EQ(a.findings.size(), b.findings.size());
  for (std::size_t i = 0; i < a.findings.size(); ++i) EXPECT_EQ(a.findings[i].status, b.findings[i].status);
}

TEST(RegionOfZone, Names) {
  EXPECT_EQ(region_of_zone("us-east-1a"), "us-east-1");
  EXPECT_EQ(region_of_zone("ap-southeast-2c"), "ap-southeast-2");
  EXPECT_EQ(region_of_zone("us-gov-west-1b"), "us-gov-west-1");
  EXPECT_EQ(region_of_zone("us-west-2-lax-1a"), "us-west-2");
  EXPECT_EQ(region_of_zone("use1-az1"), "");
  EXPECT_EQ(region_of_zone(""), "");
  EXPECT_EQ(region_of_zone("1a"), "");
}

}  // namespace
}  // namespace rolecall::inventory

#include "emulator/common/validate.h"
#include "emulator/estate/estate_io.h"
#include "emulator/fixture.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

std::string load_error(const nlohmann::json& doc) {
  auto r = load_estate_json(doc);
  return r ? std::string() : r.error().message;
}

TEST(EstateLoader, AcceptsTheTestEstateAndDerivesIds) {
  auto estate = load_estate_json(test_estate());
  ASSERT_TRUE(estate.has_value()) << estate.error().message;
  const Account& prod = estate->accounts[0];
  EXPECT_EQ(prod.find_role("web")->arn, "arn:aws:iam::111111111111:role/web");
  EXPECT_TRUE(prod.find_profile("web")->id.starts_with("AIPA"));
  EXPECT_EQ(prod.find_profile("web")->id.size(), 21u);
  EXPECT_EQ(prod.regions.at("us-east-1").instances.size(), 12u);
}

TEST(EstateLoader, ErrorsNameTheJsonPath) {
  auto doc = test_estate();
  doc["accounts"][0]["instances"][3]["id"] = "i-nothex";
  EXPECT_NE(load_error(doc).find("$.accounts[0].instances[3].id"), std::string::npos);
  doc = test_estate();
  doc["accounts"][1]["rolez"] = nlohmann::json::array();
  EXPECT_NE(load_error(doc).find("$.accounts[1].rolez: unknown key"), std::string::npos);
  doc = test_estate();
  doc["accounts"][0]["instance_profiles"][0]["roles"][0] = "ghost";
  EXPECT_NE(load_error(doc).find("$.accounts[0].instance_profiles[0].roles[0]"), std::string::npos);
  doc = test_estate();
  doc["accounts"][0]["roles"][0]["attached_policy_arns"][0] = "arn:aws:iam::aws:policy/NoSuchPolicy";
  EXPECT_NE(load_error(doc).find("attached_policy_arns[0]"), std::string::npos);
  doc = test_estate();
  doc["accounts"][1]["id"] = "1234";
  EXPECT_NE(load_error(doc).find("$.accounts[1].id"), std::string::npos);
  doc = test_estate();
  doc["schema_version"] = 2;
  EXPECT_NE(load_error(doc).find("$.schema_version"), std::string::npos);
  EXPECT_FALSE(load_error(nlohmann::json::array()).empty());
  EXPECT_FALSE(load_error(nlohmann::json("text")).empty());
}

TEST(EstateLoader, GeneratedEstatesLoad) {
  auto spec = parse_generator_spec("accounts=3,regions=2,instances=40,seed=5");
  ASSERT_TRUE(spec.has_value());
  auto generated = generate_estate(*spec);
  auto estate = load_estate_json(generated.estate);
  ASSERT_TRUE(estate.has_value()) << estate.error().message;
  EXPECT_EQ(estate->accounts.size(), 3u);
}

}  // namespace
}  // namespace rolecall::emulator

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

TEST(Validate, ShapesOfIdsAndNames) {
  EXPECT_TRUE(is_region_name("us-east-1"));
  EXPECT_TRUE(is_region_name("us-gov-west-1"));
  EXPECT_FALSE(is_region_name("us-east"));
  EXPECT_FALSE(is_region_name("US-east-1"));
  EXPECT_FALSE(is_region_name("us--east-1"));
  EXPECT_TRUE(is_hex_id("i-0123abcd", "i-", 8, 17));
  EXPECT_FALSE(is_hex_id("i-0123abcde", "i-", 8, 17));
  EXPECT_FALSE(is_hex_id("i-0123ABCD", "i-", 8, 17));
  EXPECT_TRUE(is_base64("IyEvYmluL2Jhc2gK"));
  EXPECT_TRUE(is_base64("ZWNobyBoaQ=="));
  EXPECT_FALSE(is_base64("ZWNob=yBoaQ="));
  EXPECT_FALSE(is_iam_name("a b"));
  auto arn = parse_iam_arn("arn:aws:iam::111111111111:role/team/a/web");
  ASSERT_TRUE(arn.has_value());
  EXPECT_EQ(arn->path, "/team/a/");
  EXPECT_EQ(arn->name, "web");
  EXPECT_FALSE(parse_iam_arn("arn:aws:iam::111111111111:policy/x", "role").has_value());
  EXPECT_FALSE(parse_iam_arn("arn:aws:iam::1111:role/x").has_value());
  EXPECT_FALSE(parse_iam_arn("arn:aws:iam::111111111111:role/").has_value());
}

}  // namespace
}  // namespace rolecall::emulator

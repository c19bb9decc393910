#include <gtest/gtest.h>

#include "aws/credentials/ini.h"
#include "aws/credentials/shared_config.h"
#include "fakes.h"

namespace rolecall::aws {
namespace {

TEST(ParseIni, SectionsCommentsWhitespaceAndCase) {
  auto r = parse_ini(
      "# leading comment\n"
      "; another\n"
      "[default]\n"
      "  Region   =   us-east-1   \n"
      "output=json # trailing comment\n"
      "weird = a#b\n"
      "\n"
      "[ profile   dev ]   ; comment after header\r\n"
      "region: eu-west-1\r\n",
      "cfg");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].name, "default");
  EXPECT_EQ((*r)[0].values.at("region").value, "us-east-1");
  EXPECT_EQ((*r)[0].values.at("output").value, "json");
  EXPECT_EQ((*r)[0].values.at("weird").value, "a#b");
  EXPECT_EQ((*r)[1].name, "profile   dev");
  EXPECT_EQ((*r)[1].values.at("region").value, "eu-west-1");
}

TEST(ParseIni, SubSectionsAndContinuationsDoNotBreakParsing) {
  auto r = parse_ini(
      "[default]\n"
      "s3 =\n"
      "  max_concurrent_requests = 10\n"
      "  addressing_style = path\n"
      "region = us-west-2\n"
      "note = first\n"
      "  second\n",
      "cfg");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const auto& values = (*r)[0].values;
  EXPECT_EQ(values.at("s3").value, "");
  EXPECT_EQ(values.at("s3").sub.at("max_concurrent_requests"), "10");
  EXPECT_EQ(values.at("s3").sub.at("addressing_style"), "path");
  EXPECT_EQ(values.at("region").value, "us-west-2");
  EXPECT_EQ(values.at("note").value, "first\nsecond");
}

TEST(ParseIni, RepeatedSectionsMergeLaterWins) {
  auto r = parse_ini("[a]\nx = 1\ny = 1\n[b]\n[a]\ny = 2\n", "cfg");
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].values.at("x").value, "1");
  EXPECT_EQ((*r)[0].values.at("y").value, "2");
}

TEST(ParseIni, ErrorsNameFileAndLineButNotContent) {
  auto r = parse_ini("[default]\naws_secret_access_key\n", "/tmp/creds");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kParse);
  EXPECT_NE(r.error().message.find("/tmp/creds:2"), std::string::npos);
  EXPECT_EQ(r.error().message.find("aws_secret_access_key"), std::string::npos);

  EXPECT_FALSE(parse_ini("key = value\n", "f").has_value());  // before any section
  EXPECT_FALSE(parse_ini("[unterminated\n", "f").has_value());
  EXPECT_FALSE(parse_ini("[x] trailing\n", "f").has_value());
  EXPECT_FALSE(parse_ini("[]\n", "f").has_value());
}

TEST(SharedConfig, ProfilePrefixesAndCredentialsWin) {
  auto cfg = SharedConfig::parse(
      "[default]\nregion = us-east-1\n"
      "[profile dev]\nregion = eu-west-1\naws_access_key_id = FROMCONFIG\n"
      "[dev]\nregion = ignored-without-profile-prefix\n"
      "[sso-session corp]\nsso_region = us-east-1\n"
      "[services svc]\nec2 =\n  endpoint_url = http://x\n",
      "/c/config", "[dev]\naws_access_key_id = FROMCREDS\n[profile odd]\nx = 1\n", "/c/credentials");
  ASSERT_TRUE(cfg.has_value()) << cfg.error().message;
  auto dev = cfg->profile("dev");
  ASSERT_TRUE(dev.has_value());
  EXPECT_EQ(dev->get("aws_access_key_id"), "FROMCREDS");
  EXPECT_EQ(dev->get_config("aws_access_key_id"), "FROMCONFIG");
  EXPECT_EQ(dev->get("region"), "eu-west-1");
  EXPECT_TRUE(cfg->profile("default").has_value());
  EXPECT_FALSE(cfg->profile("corp").has_value());
  EXPECT_FALSE(cfg->profile("svc").has_value());
  // In the credentials file, section names are taken literally.
  EXPECT_TRUE(cfg->profile("profile odd").has_value());
  EXPECT_FALSE(cfg->profile("odd").has_value());
}

TEST(SharedConfig, LocatesFilesFromEnvironmentAndHome) {
  rolecall::testing::FakeEnv files;
  testing::EnvFiles dir(files);
  dir.write("home/.aws/config", "[profile h]\nregion = ap-south-1\n");
  dir.write("home/.aws/credentials", "[h]\naws_access_key_id = K\n");
  files.set("HOME", dir.path() + "/home");
  auto from_home = SharedConfig::load(files);
  ASSERT_TRUE(from_home.has_value());
  EXPECT_EQ(from_home->config_path(), dir.path() + "/home/.aws/config");
  EXPECT_EQ(from_home->profile("h")->get("region"), "ap-south-1");

  std::string alt = dir.write("alt/cfg", "[profile a]\nregion = sa-east-1\n");
  files.set("AWS_CONFIG_FILE", "~/../alt/cfg");
  files.set("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/x");
  auto from_env = SharedConfig::load(files);
  ASSERT_TRUE(from_env.has_value()) << from_env.error().message;
  EXPECT_TRUE(from_env->profile("a").has_value());
  EXPECT_FALSE(from_env->profile("h").has_value());  // missing credentials file reads as empty

  rolecall::testing::FakeEnv nothing;
  auto no_home = SharedConfig::load(nothing);
  ASSERT_TRUE(no_home.has_value());
  EXPECT_FALSE(no_home->profile("default").has_value());
}

TEST(SharedConfig, MalformedFileIsAnErrorNamingIt) {
  rolecall::testing::FakeEnv files;
  std::string path = testing::EnvFiles(files).write("config", "[default\n");
  files.set("AWS_CONFIG_FILE", path);
  auto r = SharedConfig::load(files);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find(path + ":1"), std::string::npos);
}

TEST(SharedConfig, UnreadableFileIsAnErrorNamingIt) {
  rolecall::testing::FakeEnv files;
  files.add_file("/cfg/config", "[default]\n");
  files.make_unreadable("/cfg/config");
  files.set("AWS_CONFIG_FILE", "/cfg/config");
  auto r = SharedConfig::load(files);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kIo);
  EXPECT_EQ(r.error().message, "cannot read /cfg/config: Permission denied");
  files.set("AWS_CONFIG_FILE", "/cfg");
  auto dir = SharedConfig::load(files);
  ASSERT_FALSE(dir.has_value());
  EXPECT_EQ(dir.error().message, "cannot read /cfg: it is a directory");
}

TEST(ChooseProfile, FlagThenEnvironmentThenDefault) {
  rolecall::testing::FakeEnv env({{"AWS_PROFILE", "p"}, {"AWS_DEFAULT_PROFILE", "q"}});
  EXPECT_EQ(choose_profile(std::string("x"), env).name, "x");
  EXPECT_TRUE(choose_profile(std::string("x"), env).is_explicit);
  EXPECT_EQ(choose_profile(std::nullopt, env).name, "p");
  EXPECT_EQ(choose_profile(std::nullopt, env).origin, "AWS_PROFILE");
  EXPECT_EQ(choose_profile(std::nullopt, rolecall::testing::FakeEnv({{"AWS_DEFAULT_PROFILE", "q"}})).name, "q");
  EXPECT_EQ(choose_profile(std::nullopt, rolecall::testing::FakeEnv()).name, "default");
  EXPECT_FALSE(choose_profile(std::nullopt, rolecall::testing::FakeEnv()).is_explicit);
}

}  // namespace
}  // namespace rolecall::aws

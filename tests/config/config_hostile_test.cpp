// Config files that used to be misread: a duplicate key (the first silently won, so a trailing
// `mutelist: []` still muted everything) and a secret pasted into the file (echoed in the error).
#include <gtest/gtest.h>

#include <string>

#include "config/config.h"

namespace rolecall::config {
namespace {

Error hostile_error_of(const std::string& text) {
  auto c = parse_config(text, "policy.yaml");
  EXPECT_FALSE(c) << "expected an error for:\n" << text;
  return c ? Error{} : c.error();
}

TEST(ConfigDuplicateKeys, TopLevelNamesTheKeyAndBothLines) {
  Error e = hostile_error_of("mutelist:\n  - checks: \"*\"\n    reason: everything\napproved: []\nmutelist: []\n");
  EXPECT_EQ(e.kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(e.message, "policy.yaml:5:1: mutelist: duplicate key (first at line 1, again at line 5)");
}

TEST(ConfigDuplicateKeys, AtAnyLevel) {
  Error in_entry = hostile_error_of("mutelist:\n  - checks: \"*\"\n    reason: a\n    reason: b\n");
  EXPECT_EQ(in_entry.message, "policy.yaml:4:5: mutelist[0].reason: duplicate key (first at line 3, again at line 4)");
  Error in_checks =
      hostile_error_of("checks:\n  role-not-admin:\n    enabled: false\n  role-not-admin:\n    enabled: true\n");
  EXPECT_EQ(in_checks.message,
            "policy.yaml:4:3: checks.role-not-admin: duplicate key (first at line 2, again at line 4)");
  Error in_setting = hostile_error_of("checks:\n  role-not-admin: {enabled: false, enabled: true}\n");
  EXPECT_NE(in_setting.message.find("checks.role-not-admin.enabled: duplicate key (first at line 2, again at line 2)"),
            std::string::npos)
      << in_setting.message;
}

TEST(ConfigDuplicateKeys, SameKeyInDifferentMappingsIsFine) {
  auto c = parse_config("mutelist:\n  - checks: \"*\"\n    reason: a\n  - checks: scan\n    reason: b\n", "p.yaml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->mutelist.size(), 2u);
}

TEST(ConfigSecrets, KeyIdsAreRedactedAndSecretsNeverShown) {
  const std::string key_id = "AKIAIOSFODNN7EXAMPLE";
  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  Error approved = hostile_error_of("approved: [" + key_id + "]\n");
  EXPECT_EQ(approved.message.find(key_id), std::string::npos) << approved.message;
  EXPECT_NE(approved.message.find("AKIA\u2026MPLE"), std::string::npos) << approved.message;
  for (const std::string& text :
       {"approved: [" + secret + "]\n", "mutelist:\n  - tags: [" + secret + "]\n    reason: r\n",
        "version: " + secret + "\n", secret + ": 1\n", "checks:\n  " + secret + ": {enabled: true}\n",
        "mutelist:\n  - checks: [\"" + key_id + ":" + secret + "\"]\n    reason: r\n",
        "checks:\n  role-not-admin: {enabled: " + secret + "}\n"}) {
    Error e = hostile_error_of(text);
    EXPECT_EQ(e.message.find("wJalr"), std::string::npos) << e.message;
    EXPECT_EQ(e.message.find("EXAMPLEKEY"), std::string::npos) << e.message;
    EXPECT_EQ(e.message.find(key_id), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("policy.yaml:"), std::string::npos) << e.message;
  }
}

TEST(ConfigSecrets, SessionTokensAreNeverShown) {
  const std::string token =
      "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6" + std::string(200, 'Q') + "Zz9==";
  Error e = hostile_error_of("approved: [\"" + token + "\"]\n");
  EXPECT_EQ(e.message.find("IQoJb3Jp"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("QQQQQQQQ"), std::string::npos) << e.message;
}

TEST(ConfigSecrets, OrdinaryValuesAreStillQuoted) {
  Error e = hostile_error_of("approved: [arn:aws:s3:::bucket]\n");
  EXPECT_NE(e.message.find("got 'arn:aws:s3:::bucket'"), std::string::npos) << e.message;
  Error sev = hostile_error_of("checks:\n  role-not-admin:\n    severity: extreme\n");
  EXPECT_NE(sev.message.find("unknown severity 'extreme'"), std::string::npos) << sev.message;
}

}  // namespace
}  // namespace rolecall::config

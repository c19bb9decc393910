// The JSON report (docs/report-json.md, schema "rolecall.scan/v1"): parsed back with nlohmann::json
// and held to the documented schema, including hostile estate text.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "report/common.h"
#include "report/fixture.h"
#include "report/report.h"
#include "rolecall/version.h"

namespace rolecall::report {
namespace {

using nlohmann::json;

std::string json_text(const ScanResult& result) {
  std::ostringstream out;
  write_json(result, out);
  return out.str();
}

json parsed(const ScanResult& result) { return json::parse(json_text(result)); }

std::set<std::string> keys_of(const json& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.insert(key);
  return keys;
}

// The documented finding object for `f`: every field, evidence keys only when set, mute_reason
// only when set; invalid UTF-8 replaced.
json expected_finding(const Finding& f) {
  json j = {{"check_id", valid_utf8(f.check_id)},
            {"status", to_string(f.status)},
            {"severity", to_string(f.severity)},
            {"account_id", valid_utf8(f.account_id)},
            {"region", valid_utf8(f.region)},
            {"resource_type", valid_utf8(f.resource_type)},
            {"resource_id", valid_utf8(f.resource_id)},
            {"message", valid_utf8(f.message)},
            {"evidence", json::object()}};
  const std::pair<const char*, const std::string*> evidence[] = {{"profile_arn", &f.evidence.profile_arn},
                                                                 {"role_arn", &f.evidence.role_arn},
                                                                 {"policy_arn", &f.evidence.policy_arn},
                                                                 {"statement", &f.evidence.statement},
                                                                 {"location", &f.evidence.location},
                                                                 {"key_id_redacted", &f.evidence.key_id_redacted},
                                                                 {"fingerprint_sha256", &f.evidence.fingerprint},
                                                                 {"detail", &f.evidence.detail}};
  for (const auto& [key, value] : evidence) {
    if (!value->empty()) j["evidence"][key] = valid_utf8(*value);
  }
  if (!f.mute_reason.empty()) j["mute_reason"] = valid_utf8(f.mute_reason);
  return j;
}

TEST(JsonReport, HeaderCarriesTheSchemaVersionTimesChecksStatsAndSummary) {
  const ScanResult result = testing::hostile_result();
  const json doc = parsed(result);
  EXPECT_EQ(keys_of(doc), (std::set<std::string>{"schema", "rolecall_version", "started_at", "finished_at", "checks",
                                                 "stats", "summary", "findings"}));
  EXPECT_EQ(doc["schema"], "rolecall.scan/v1");
  EXPECT_EQ(doc["rolecall_version"], version());
  EXPECT_EQ(doc["started_at"], "2026-11-24T03:04:05Z");
  EXPECT_EQ(doc["finished_at"], "2026-11-24T03:04:09.250Z");
  EXPECT_EQ(doc["checks"], json(result.checks));
  const json stats = {{"accounts", 2}, {"regions", 3}, {"instances", 3}, {"launch_templates", 1}, {"seconds", 4.25}};
  EXPECT_EQ(doc["stats"], stats);
  EXPECT_TRUE(doc["stats"]["accounts"].is_number_unsigned());
  EXPECT_TRUE(doc["stats"]["seconds"].is_number_float());
  EXPECT_EQ(doc["summary"], (json{{"PASS", 2}, {"FAIL", 2}, {"ERROR", 2}, {"MUTED", 1}}));
}

TEST(JsonReport, EveryFindingHasEveryDocumentedFieldAndItsEvidence) {
  const ScanResult result = testing::hostile_result();
  const json doc = parsed(result);
  ASSERT_TRUE(doc["findings"].is_array());
  ASSERT_EQ(doc["findings"].size(), result.findings.size());
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    EXPECT_EQ(doc["findings"][i], expected_finding(result.findings[i])) << "finding " << i;
  }
  // Spot checks against the literal values, not only the helper above.
  const json& admin = doc["findings"][1];
  EXPECT_EQ(admin["status"], "FAIL");
  EXPECT_EQ(admin["severity"], "critical");
  EXPECT_EQ(keys_of(admin["evidence"]), (std::set<std::string>{"role_arn", "policy_arn", "statement"}));
  EXPECT_EQ(admin["evidence"]["statement"], R"({"Action":"*","Effect":"Allow","Resource":"*"})");
  EXPECT_FALSE(admin.contains("mute_reason"));
  const json& muted = doc["findings"][3];
  EXPECT_EQ(muted["status"], "MUTED");
  EXPECT_EQ(muted["mute_reason"], "accepted until 2027-01-01, ticket <b>SEC-1</b> & \"legacy\"");
  const json& scope = doc["findings"][5];
  EXPECT_EQ(scope["check_id"], "scan");
  EXPECT_EQ(scope["resource_type"], "scope");
  EXPECT_EQ(scope["region"], "");
  EXPECT_EQ(scope["evidence"], json::object());
  const json& lt = doc["findings"][6];
  EXPECT_EQ(keys_of(lt["evidence"]), (std::set<std::string>{"location", "key_id_redacted", "fingerprint_sha256"}));
  EXPECT_EQ(lt["evidence"]["key_id_redacted"], "AKIA\u2026MPLE");
  EXPECT_EQ(lt["evidence"]["fingerprint_sha256"], std::string(64, 'a'));
}

TEST(JsonReport, EveryEvidenceKeyIsWrittenWhenSet) {
  ScanResult result;
  Finding f;
  f.check_id = "user-data-no-keys";
  f.status = Status::kFail;
  f.evidence = {"p", "r", "pol", "{}", "user-data > line 3", "AKIA\u2026WXYZ", std::string(64, 'f'), "d", "ki", "rs"};
  result.findings = {f};
  const json evidence = parsed(result)["findings"][0]["evidence"];
  EXPECT_EQ(evidence, (json{{"profile_arn", "p"},
                            {"role_arn", "r"},
                            {"policy_arn", "pol"},
                            {"statement", "{}"},
                            {"location", "user-data > line 3"},
                            {"key_id_redacted", "AKIA\u2026WXYZ"},
                            {"fingerprint_sha256", std::string(64, 'f')},
                            {"detail", "d"},
                            {"key_intel", "ki"},
                            {"role_session", "rs"}}));
}

TEST(JsonReport, FindingsKeepTheOrderTheyAreGivenAtAnySize) {
  // Large reports are rendered in chunks on several threads: the order must survive.
  ScanResult result;
  for (int i = 0; i < 20000; ++i) {  // past the 16 chunks of 1,024 that go parallel
    Finding f;
    f.check_id = "instance-has-role";
    f.status = i % 3 == 0 ? Status::kFail : Status::kPass;
    f.account_id = "111111111111";
    f.region = "us-east-1";
    f.resource_type = "instance";
    f.resource_id = "i-" + std::to_string(i);
    f.message = i % 1000 == 0 ? "tag \"x\"\n" + std::to_string(i) : std::to_string(i);  // some take the slow path
    result.findings.push_back(std::move(f));
  }
  const json doc = parsed(result);
  ASSERT_EQ(doc["findings"].size(), result.findings.size());
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    ASSERT_EQ(doc["findings"][i]["resource_id"], result.findings[i].resource_id) << i;
    ASSERT_EQ(doc["findings"][i]["message"], result.findings[i].message) << i;
  }
  EXPECT_EQ(doc["summary"]["FAIL"], 6667);
  EXPECT_EQ(doc["summary"]["PASS"], 13333);
}

TEST(JsonReport, HostileTextInEveryFieldRoundTrips) {
  ScanResult result;
  const std::string hostile = testing::kHostile + " back\\slash \"q\" \t tab \x7f del";
  std::string expected = hostile;
  expected.replace(expected.find('\xff'), 1, "\xEF\xBF\xBD");
  result.started_at = hostile;
  result.checks = {hostile};
  Finding f;
  f.check_id = f.account_id = f.region = f.resource_type = f.resource_id = f.message = hostile;
  f.evidence = {hostile, hostile, hostile, hostile, hostile, hostile, hostile, hostile, hostile, hostile};
  f.mute_reason = hostile;
  f.status = Status::kMuted;
  result.findings = {f, f};
  const std::string text = json_text(result);
  const json doc = json::parse(text);
  EXPECT_EQ(doc["started_at"], expected);
  EXPECT_EQ(doc["checks"][0], expected);
  for (const auto& finding : doc["findings"]) {
    for (const char* key :
         {"check_id", "account_id", "region", "resource_type", "resource_id", "message", "mute_reason"}) {
      EXPECT_EQ(finding[key], expected) << key;
    }
    ASSERT_EQ(finding["evidence"].size(), 10u);
    for (const auto& [key, value] : finding["evidence"].items()) EXPECT_EQ(value, expected) << key;
  }
  // JSON forbids raw control characters in strings: they are escaped, never written as such.
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_TRUE(byte >= 0x20 || c == '\n') << "raw control character " << int(byte);
  }
  EXPECT_NE(text.find(R"(\r\n)"), std::string::npos);
  EXPECT_NE(text.find(R"(\u0001)"), std::string::npos);
  EXPECT_EQ(text.find('\xff'), std::string::npos);
}

TEST(JsonReport, QuotesAndBackslashesInPlainAsciiAreEscaped) {
  // Plain printable ASCII takes a fast path that must still escape these two, alone or together.
  const std::string backslashes = R"(C:\temp\new \\server\share\)";
  const std::string quotes = R"(say "hi" "")";
  ScanResult result;
  Finding f;
  f.check_id = backslashes;
  f.resource_id = quotes;
  f.message = backslashes + quotes;
  f.evidence.statement = R"({"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/\"x\""})";
  result.findings = {f};
  const json doc = parsed(result);
  EXPECT_EQ(doc["findings"][0]["check_id"], backslashes);
  EXPECT_EQ(doc["findings"][0]["resource_id"], quotes);
  EXPECT_EQ(doc["findings"][0]["message"], backslashes + quotes);
  EXPECT_EQ(doc["findings"][0]["evidence"]["statement"], f.evidence.statement);
}

TEST(JsonReport, InvalidUtf8IsReplacedNotThrown) {
  std::ostringstream out;
  write_json(testing::hostile_result(), out);
  EXPECT_NE(out.str().find("\xEF\xBF\xBD end"), std::string::npos);
}

TEST(JsonReport, EmptyResultHasAnEmptyFindingsArrayAndZeroSummary) {
  const std::string text = json_text(ScanResult{});
  const json doc = json::parse(text);
  EXPECT_EQ(doc["schema"], "rolecall.scan/v1");
  EXPECT_EQ(doc["findings"], json::array());
  EXPECT_EQ(doc["checks"], json::array());
  EXPECT_EQ(doc["summary"], (json{{"PASS", 0}, {"FAIL", 0}, {"ERROR", 0}, {"MUTED", 0}}));
  EXPECT_TRUE(text.ends_with("\"findings\": []\n}\n")) << text;
}

TEST(JsonReport, LayoutIsStable) {
  // The exact bytes of a small report: reports must stay byte-identical for the same input.
  const ScanResult result = testing::small_result();
  const std::string expected = std::string(R"json({
  "checks": [
    "imdsv2-required",
    "instance-has-role",
    "role-not-admin"
  ],
  "finished_at": "2026-11-24T03:04:06Z",
  "rolecall_version": ")json") +
                               version() + R"json(",
  "schema": "rolecall.scan/v1",
  "started_at": "2026-11-24T03:04:05Z",
  "stats": {
    "accounts": 1,
    "instances": 3,
    "launch_templates": 0,
    "regions": 1,
    "seconds": 1.96
  },
  "summary": {
    "ERROR": 0,
    "FAIL": 1,
    "MUTED": 1,
    "PASS": 1
  },
  "findings": [
    {
      "check_id": "instance-has-role",
      "status": "PASS",
      "severity": "high",
      "account_id": "111111111111",
      "region": "us-east-1",
      "resource_type": "instance",
      "resource_id": "i-1",
      "message": "instance profile arn:aws:iam::111111111111:instance-profile/web is associated",
      "evidence": {
        "profile_arn": "arn:aws:iam::111111111111:instance-profile/web"
      }
    },
    {
      "check_id": "role-not-admin",
      "status": "FAIL",
      "severity": "critical",
      "account_id": "111111111111",
      "region": "us-east-1",
      "resource_type": "instance",
      "resource_id": "i-2",
      "message": "role admin: AdministratorAccess is attached",
      "evidence": {
        "role_arn": "arn:aws:iam::111111111111:role/admin",
        "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"
      }
    },
    {
      "check_id": "imdsv2-required",
      "status": "MUTED",
      "severity": "low",
      "account_id": "111111111111",
      "region": "us-east-1",
      "resource_type": "instance",
      "resource_id": "i-3",
      "message": "IMDSv1 is allowed (HttpTokens=optional)",
      "evidence": {},
      "mute_reason": "ticket SEC-1"
    }
  ]
}
)json";
  EXPECT_EQ(json_text(result), expected);
}

}  // namespace
}  // namespace rolecall::report

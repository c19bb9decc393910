#pragma once
// A hand-built ScanResult with every status and hostile estate text, shared by the format tests.

#include <string>

#include "rolecall/scan.h"

namespace rolecall::testing {

// Text an attacker can put in tags and names: quotes, commas, newlines, markup, CDATA end,
// a formula, control characters, non-ASCII and an invalid UTF-8 byte.
inline const std::string kHostile =
    "role \"admin\", 'x' <script>alert(1)</script> ]]> </script><!-- \r\nline2 \x01 ünïcødé 🚀 \xff end";

// Appends a finding with the given fields (no evidence) to `r` and returns it.
inline Finding& add_finding(ScanResult& r, const char* check, Status status, Severity severity, const char* account,
                            const char* region, const char* type, const char* id, std::string message) {
  Finding f;
  f.check_id = check;
  f.status = status;
  f.severity = severity;
  f.account_id = account;
  f.region = region;
  f.resource_type = type;
  f.resource_id = id;
  f.message = std::move(message);
  r.findings.push_back(std::move(f));
  return r.findings.back();
}

// 7 findings: 2 PASS, 2 FAIL, 2 ERROR (one a failed scope), 1 MUTED, over 2 accounts and 3 regions
// (one in aws-cn) and 5 checks.
inline ScanResult hostile_result() {
  ScanResult r;
  r.started_at = "2026-11-24T03:04:05Z";
  r.finished_at = "2026-11-24T03:04:09.250Z";
  r.checks = {"imdsv2-required", "instance-has-role", "launch-template-no-keys", "role-not-admin", "user-data-no-keys"};
  r.stats = {.accounts = 2, .regions = 3, .instances = 3, .launch_templates = 1, .seconds = 4.25};
  auto add = [&](const char* check, Status status, Severity severity, const char* account, const char* region,
                 const char* type, const char* id, std::string message) -> Finding& {
    return add_finding(r, check, status, severity, account, region, type, id, std::move(message));
  };

  add("instance-has-role", Status::kPass, Severity::kHigh, "111111111111", "us-east-1", "instance",
      "i-0aaaaaaaaaaaaaaa1", "instance profile arn:aws:iam::111111111111:instance-profile/web is associated")
      .evidence.profile_arn = "arn:aws:iam::111111111111:instance-profile/web";
  Finding& admin = add("role-not-admin", Status::kFail, Severity::kCritical, "111111111111", "us-east-1", "instance",
                       "i-0aaaaaaaaaaaaaaa1", "Name tag: " + kHostile);
  admin.evidence.role_arn = "arn:aws:iam::111111111111:role/admin-ec2";
  admin.evidence.policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess";
  admin.evidence.statement = R"({"Action":"*","Effect":"Allow","Resource":"*"})";
  add("user-data-no-keys", Status::kError, Severity::kCritical, "111111111111", "us-east-1", "instance",
      "i-0aaaaaaaaaaaaaaa1", "could not read user data: \"AccessDenied\", retry later");
  add("imdsv2-required", Status::kMuted, Severity::kLow, "111111111111", "us-east-1", "instance", "i-0bbbbbbbbbbbbbbb2",
      "HttpTokens is optional")
      .mute_reason = "accepted until 2027-01-01, ticket <b>SEC-1</b> & \"legacy\"";
  add("instance-has-role", Status::kPass, Severity::kHigh, "111111111111", "cn-north-1", "instance",
      "i-0ccccccccccccccc3", "instance profile is associated");
  add("scan", Status::kError, Severity::kHigh, "222222222222", "", "scope", "222222222222",
      "AccessDenied: not authorized to perform iam:GetAccountAuthorizationDetails");
  Finding& lt = add("launch-template-no-keys", Status::kFail, Severity::kCritical, "222222222222", "eu-west-1",
                    "launch-template", "lt-0123456789abcdef0", "=HYPERLINK(\"http://evil.example\",\"click\")");
  lt.evidence.location = "version 3 > user-data > line 7";
  lt.evidence.key_id_redacted = "AKIA…MPLE";
  lt.evidence.fingerprint = std::string(64, 'a');
  return r;
}

// 3 plain findings in one account and region, for tests of a format's exact bytes: PASS on i-1,
// FAIL with role and policy evidence on i-2, MUTED on i-3.
inline ScanResult small_result() {
  ScanResult r;
  r.started_at = "2026-11-24T03:04:05Z";
  r.finished_at = "2026-11-24T03:04:06Z";
  r.checks = {"imdsv2-required", "instance-has-role", "role-not-admin"};
  r.stats = {.accounts = 1, .regions = 1, .instances = 3, .launch_templates = 0, .seconds = 1.96};
  add_finding(r, "instance-has-role", Status::kPass, Severity::kHigh, "111111111111", "us-east-1", "instance", "i-1",
              "instance profile arn:aws:iam::111111111111:instance-profile/web is associated")
      .evidence.profile_arn = "arn:aws:iam::111111111111:instance-profile/web";
  Finding& admin = add_finding(r, "role-not-admin", Status::kFail, Severity::kCritical, "111111111111", "us-east-1",
                               "instance", "i-2", "role admin: AdministratorAccess is attached");
  admin.evidence.role_arn = "arn:aws:iam::111111111111:role/admin";
  admin.evidence.policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess";
  add_finding(r, "imdsv2-required", Status::kMuted, Severity::kLow, "111111111111", "us-east-1", "instance", "i-3",
              "IMDSv1 is allowed (HttpTokens=optional)")
      .mute_reason = "ticket SEC-1";
  return r;
}

}  // namespace rolecall::testing

#pragma once
// Verdicts: one Finding per (resource, check), with the evidence that decided it.

#include <string>
#include <vector>

namespace rolecall {

// Outcome of one check on one resource. ERROR means "could not be evaluated" and is never a pass.
enum class Status { kPass, kFail, kError, kMuted };

// How bad a failure is; --fail-on compares against this.
enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };

// "PASS", "FAIL", "ERROR", "MUTED".
const char* to_string(Status status);
// "info", "low", "medium", "high", "critical".
const char* to_string(Severity severity);
// Parses a severity name (case-insensitive); false when unknown.
bool parse_severity(const std::string& text, Severity& out);

// What decided a verdict. Fields that do not apply stay empty. Never holds a secret.
struct Evidence {
  std::string profile_arn;
  std::string role_arn;
  std::string policy_arn;       // the policy whose statement decided it
  std::string statement;        // the deciding policy statement, compact JSON
  std::string location;         // where a key was found: "user-data: part 2 (text/x-shellscript), line 7"
  std::string key_id_redacted;  // "AKIA…MPLE"
  std::string fingerprint;      // SHA-256 of the found credential, hex
  std::string detail;           // anything else, one line
  // What the caller's credentials tell about the found key(s), e.g. "AKIA…MPLE: Active, account
  // 111122223333 (in scope), user deploy, created ..., last used ... (s3, us-east-1)"; one line.
  std::string key_intel;
  // key-in-use-from-instance, from trail log files: the instance's role sessions, the healthy case,
  // e.g. "role app-role: 20 call(s) from this instance (public IP 54.1.2.3), last 2026-12-01T...";
  // calls of its sessions from addresses that are not the instance's are named after it. One line.
  std::string role_session;
};

// One verdict.
struct Finding {
  std::string check_id;  // stable id, e.g. "instance-has-role"
  Status status = Status::kError;
  Severity severity = Severity::kMedium;
  std::string account_id;
  std::string region;         // empty for global resources
  std::string resource_type;  // "instance", "launch-template", "scope"
  std::string resource_id;    // i-..., lt-...:3, or the scope
  std::string message;        // one line, human readable
  Evidence evidence;
  std::string mute_reason;  // set when status is kMuted
  // Context for the reader, filled after judging (report::add_context): the instance's Name tag (a
  // launch template's name), and the values of ScanResult::context_tags in that order ("": absent).
  std::string resource_name;
  std::vector<std::string> tag_values;
};

}  // namespace rolecall

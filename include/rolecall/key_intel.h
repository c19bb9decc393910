#pragma once
// Key intelligence: what the caller's own credentials tell about an access key id found at rest
// (user data, launch templates, files). Only the key id is ever looked up; a found secret is never
// sent anywhere or used to sign anything (docs/secrets.md).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "rolecall/error.h"

namespace rolecall {

// Where a found key stands.
enum class KeyState {
  kUnknown,   // a lookup failed (KeyIntel::error says which)
  kActive,    // a user in scope holds it, Active
  kInactive,  // a user in scope holds it, Inactive
  kDeleted,   // its account is in scope but no user holds it any more
  kForeign,   // it belongs to another account, not in scope
};

// "unknown", "Active", "Inactive", "deleted", "another account, not in scope".
const char* to_string(KeyState state);

// The intelligence on one key id. Never holds a secret.
struct KeyIntel {
  KeyState state = KeyState::kUnknown;
  std::string owner_account;   // sts:GetAccessKeyInfo; empty when that lookup failed
  bool in_scope = false;       // owner_account is one of the scanned accounts
  std::string user;            // iam:GetAccessKeyLastUsed UserName (Active/Inactive only)
  std::string created;         // iam:ListAccessKeys CreateDate (ISO 8601), "" when unknown
  std::string last_used;       // LastUsedDate (ISO 8601); "" when never used or unknown
  std::string service;         // ServiceName of the last use ("N/A" when never used)
  std::string region;          // Region of the last use ("N/A" when never used)
  std::optional<Error> error;  // the failed lookup when state is kUnknown (or a partial failure)
};

// CloudTrail's record of a long-term key's use (cloudtrail:LookupEvents in its owner's account):
// the events of one key from one source address, through one VPC endpoint or none, in one region.
struct KeyUse {
  std::string key_id;           // full id; shown redacted only
  std::string owner_account;    // the account whose trail holds the events
  std::string user;             // the IAM user who owns the key (the events' Username)
  std::string region;           // awsRegion of the calls
  std::string source_ip;        // sourceIPAddress
  std::string vpc_endpoint_id;  // vpcEndpointId; "" when the call did not come through one
  std::size_t events = 0;
  std::string first_seen;                // ISO 8601
  std::string last_seen;                 // ISO 8601
  std::vector<std::string> event_names;  // distinct, sorted
  std::vector<std::string> user_agents;  // distinct, sorted
  // The IAM actions the calls needed, "<prefix>:<Action>" from eventSource and eventName
  // (inventory/event_action.h), distinct, sorted: what a least-privilege role must grant.
  std::vector<std::string> actions;
  // Calls whose IAM action the table does not know ("<eventSource> <eventName>", an endpoint not
  // "<service>.amazonaws.com"), distinct, sorted: a least-privilege role cannot grant them.
  std::vector<std::string> unknown_actions;
};

// CloudTrail's record of an instance role session's calls: the healthy case, a workload calling
// AWS through the instance's role. EC2 names the sessions of an instance profile's role after the
// instance, so the session name says which instance it claims to be; the source address says
// whether the calls came from there. One session name, role, region, source address and VPC endpoint.
struct RoleSessionUse {
  std::string instance_id;      // the session name (i-...)
  std::string role_name;        // the role the session belongs to
  std::string account;          // recipientAccountId
  std::string region;           // awsRegion of the calls
  std::string source_ip;        // sourceIPAddress
  std::string vpc_endpoint_id;  // "" when the calls did not come through one
  std::size_t events = 0;
  std::string first_seen;  // ISO 8601
  std::string last_seen;   // ISO 8601
};

// Where the scan's CloudTrail evidence came from.
enum class EvidenceSource {
  kLookupEvents,  // cloudtrail:LookupEvents per key, live
  kTrailFiles,    // a trail's log files in a directory or an S3 bucket (scan --trail-logs DIR|s3://...)
};

// kTrailFiles: for one account and region, the log files read that the trail delivered within
// the window (by their path: AWSLogs/.../<account>/CloudTrail/<region>/YYYY/MM/DD/...).
struct TrailCoverage {
  std::string account;
  std::string region;
  std::size_t files = 0;   // files read, holding at least one record
  std::string first_file;  // delivery time of the first and last of them (ISO 8601)
  std::string last_file;
};

// The scan's CloudTrail evidence: every use of the looked-up keys within the window.
struct KeyEvidence {
  bool collected = false;  // the evidence was read (a scan asking for key-in-use-from-instance)
  EvidenceSource source = EvidenceSource::kLookupEvents;
  int window_days = 90;            // how far back the events count (LookupEvents' reach; the same for trail files)
  std::size_t keys_looked_up = 0;  // distinct key ids whose events were read
  std::size_t keys_skipped = 0;    // not used within the window by GetAccessKeyLastUsed: no events to read
  std::size_t failed_lookups = 0;  // (key, region) lookups that failed: every PASS is then unproven
  std::vector<std::string> failed_keys;  // kLookupEvents: the key ids (full) of those lookups, sorted, distinct
  // kTrailFiles: the directory (or s3://BUCKET/PREFIX), how many log files were read, how many could not be
  // (unreadable, corrupt, not CloudTrail: every PASS is then unproven too), and the time span of the long-term key
  // events within the window ("" when none).
  std::string trail_dir;
  std::size_t trail_files = 0;
  std::size_t failed_files = 0;
  std::string first_event;
  std::string last_event;
  // kTrailFiles: the window the events count in (--trail-since/--trail-until, ISO 8601), the files
  // skipped by their path date without being read, and the accounts and regions the files read
  // cover (sorted by account, region): a scope missing here has no evidence, never a PASS.
  std::string window_start;
  std::string window_end;
  std::size_t skipped_files = 0;
  std::vector<TrailCoverage> coverage;
  std::vector<KeyUse> uses;  // sorted by key, region, source
  // kTrailFiles: the calls of role sessions named after an instance, within the window, sorted by
  // account, instance, role, region, source, endpoint. LookupEvents cannot list them (it looks
  // events up by key id, and a session's key changes every few hours): empty for kLookupEvents.
  std::vector<RoleSessionUse> role_sessions;
};

}  // namespace rolecall

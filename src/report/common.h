#pragma once
// Helpers the file formats share: check metadata, ARNs, time stamps, text that survives any format.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "checks/check.h"
#include "rolecall/scan.h"

namespace rolecall::report {

// The registry's description of `check_id`, or nullptr ("scan" and unknown ids).
const checks::CheckInfo* check_info(const std::string& check_id);

// The check's title, or a generic one for "scan" and unknown ids.
std::string check_title(const std::string& check_id);

// What a user of the binary runs to read a check's page (compiled in): "rolecall checks <id>";
// for "scan" (a scope that could not be scanned) and unknown ids, "rolecall help scan".
std::string check_doc_ref(const std::string& check_id);

// `options_url` + "<id>.md" when a base URL is configured, else empty.
std::string check_doc_url(const std::string& base_url, const std::string& check_id);

// `text` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

// valid_utf8(text) minus the characters XML 1.0 forbids (C0 controls except tab, LF, CR).
std::string xml_text(std::string_view text);

// One RFC 4180 CSV field (quoted when needed) of valid UTF-8; a leading = + - @ TAB CR, which a
// spreadsheet would run as a formula, gets an apostrophe first.
std::string csv_field(std::string_view raw);

// A SARIF 2.1.0 log of one rolecall run: the driver (name, version) with `rules`, one `invocation`,
// the `results` and the run's `properties`.
nlohmann::json sarif_log(nlohmann::json rules, nlohmann::json invocation, nlohmann::json results,
                         nlohmann::json properties);

// At most `max_chars` code points of valid UTF-8 `text`; "..." ends a shortened text.
std::string truncate_chars(const std::string& text, std::size_t max_chars);

// "aws", "aws-cn" or "aws-us-gov" from the region name.
std::string partition_of(const std::string& region);

// Fully qualified name of the finding's resource: the EC2 instance or launch template ARN, or
// "arn:<partition>:::<account>[/<region>]"-like names for scopes.
std::string resource_arn(const Finding& finding);

// The AWS resource type name (CloudFormation style) of the finding's resource.
std::string aws_resource_type(const Finding& finding);

// Stable id of a (check, account, region, resource): SHA-256 hex; unchanged across scans.
std::string finding_key(const Finding& finding);

// CIS requirement ids the check maps to: "CIS AWS Foundations Benchmark v1.4.0/1.18", ...,
// "CIS Controls v8/4.9", ...
std::vector<std::string> cis_requirements(const std::string& check_id);

// Per-check text the formats repeat on every finding, looked up once per report.
struct CheckMeta {
  const checks::CheckInfo* info = nullptr;  // nullptr for "scan" and unknown ids
  std::string title;
  std::vector<std::string> requirements;  // cis_requirements()
};

// Memoises CheckMeta by check id for one report (not thread-safe; one per writer call).
class CheckMetaCache {
 public:
  // The metadata of `check_id`.
  const CheckMeta& get(const std::string& check_id);

 private:
  std::map<std::string, CheckMeta, std::less<>> cache_;
};

// The scan's time stamp for formats that require one: finished_at, else started_at, else now on
// `clock`.
std::string report_time(const ScanResult& result, const base::Clock& clock);

// Evidence as "key: value" lines (only keys that apply).
std::string evidence_text(const Evidence& evidence);

// Evidence as a JSON object with the JSON report's keys.
nlohmann::json evidence_json(const Evidence& evidence);

// The finding's context as a JSON object, only what is known: "account_name", "resource_name"
// and "tags" ({"team": "..."}, the --tags values the resource has).
nlohmann::json context_json(const ScanResult& result, const Finding& finding);

// The --tags values the finding's resource has, as (key, value) pairs.
std::vector<std::pair<std::string, std::string>> context_tags(const ScanResult& result, const Finding& finding);

// The report's filters as a JSON object ("status", "severity", "account", "tag" lists and
// "hidden", the number of findings they hid), or null when the report is not filtered.
nlohmann::json filters_json(const ScanResult& result);

}  // namespace rolecall::report

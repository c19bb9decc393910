// SARIF 2.1.0 for code-scanning and security dashboards: each check is a rule, each finding that
// needs attention a result located at its AWS resource.
#include <nlohmann/json.hpp>

#include <map>

#include "base/iso8601.h"
#include "base/json_text.h"
#include "checks/registry.h"
#include "report/common.h"
#include "report/report.h"

namespace rolecall::report {
namespace {

const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::kCritical:
    case Severity::kHigh: return "error";
    case Severity::kMedium: return "warning";
    case Severity::kLow:
    case Severity::kInfo: return "note";
  }
  return "warning";
}

// GitHub code scanning ranks security results by this score (critical >= 9, high >= 7, ...).
const char* security_severity(Severity s) {
  switch (s) {
    case Severity::kCritical: return "9.5";
    case Severity::kHigh: return "8.0";
    case Severity::kMedium: return "5.5";
    case Severity::kLow: return "3.0";
    case Severity::kInfo: return "1.0";
  }
  return "5.5";
}

nlohmann::json rule_json(const checks::CheckInfo& info, const RenderOptions& options) {
  const std::string id(info.id);
  const std::string cis =
      (info.cis_foundations != nullptr ? checks::cis_text(*info.cis_foundations) + "; " : std::string()) +
      std::string(checks::kCisControls);
  const std::string text = std::string(info.rationale) + "\n\nRemediation: " + std::string(info.remediation) +
                           "\n\nCIS: " + cis + "\n\nDocumentation: run `" + check_doc_ref(id) + "`";
  const std::string markdown = std::string(info.rationale) + "\n\n**Remediation:** " + std::string(info.remediation) +
                               "\n\n**CIS:** " + cis + "\n\nRun `" + check_doc_ref(id) + "` for the full page.";
  nlohmann::json rule = {
      {"id", id},
      {"name", id},
      {"shortDescription", {{"text", std::string(info.title)}}},
      {"fullDescription", {{"text", std::string(info.rationale)}}},
      {"help", {{"text", text}, {"markdown", markdown}}},
      {"defaultConfiguration", {{"level", sarif_level(info.severity)}}},
      {"properties",
       {{"tags", {"security", "aws", "ec2", "iam", "CIS"}},
        {"precision", "very-high"},
        {"problem.severity", sarif_level(info.severity)},
        {"security-severity", security_severity(info.severity)},
        {"severity", to_string(info.severity)},
        {"resource_type", std::string(info.resource_type)},
        {"documentation", check_doc_ref(id)},
        {"cis_requirements", cis_requirements(id)}}},
  };
  if (auto url = check_doc_url(options.docs_base_url, id); !url.empty()) rule["helpUri"] = url;
  return rule;
}

nlohmann::json location_json(const Finding& f) {
  return {
      {"logicalLocations", {{{"name", f.resource_id}, {"fullyQualifiedName", resource_arn(f)}, {"kind", "resource"}}}}};
}

}  // namespace

void write_sarif(const ScanResult& result, const RenderOptions& options, std::ostream& out) {
  nlohmann::json rules = nlohmann::json::array();
  std::map<std::string, std::size_t> rule_index;
  for (const checks::Check* c : checks::all_checks()) {
    rule_index[std::string(c->info().id)] = rules.size();
    rules.push_back(rule_json(c->info(), options));
  }

  nlohmann::json results = nlohmann::json::array();
  nlohmann::json notifications = nlohmann::json::array();
  std::map<std::string, std::size_t> summary = {{"PASS", 0}, {"FAIL", 0}, {"ERROR", 0}, {"MUTED", 0}};
  for (const auto& f : result.findings) {
    ++summary[to_string(f.status)];
    if (f.status == Status::kPass) continue;  // SARIF lists problems; passes are counted in properties
    if (f.status == Status::kError) {
      nlohmann::json n = {{"level", "error"},
                          {"message", {{"text", f.message}}},
                          {"locations", {location_json(f)}},
                          {"descriptor", {{"id", f.check_id}}}};
      notifications.push_back(std::move(n));
    }
    auto rule = rule_index.find(f.check_id);
    if (rule == rule_index.end()) continue;  // a scope that failed ("scan") is only a notification
    nlohmann::json r = {
        {"ruleId", f.check_id},
        {"ruleIndex", rule->second},
        {"message", {{"text", f.message}}},
        {"locations", {location_json(f)}},
        {"partialFingerprints", {{"rolecallFinding/v1", finding_key(f)}}},
        {"properties",
         {{"status", to_string(f.status)},
          {"severity", to_string(f.severity)},
          {"account_id", f.account_id},
          {"region", f.region},
          {"resource_type", f.resource_type},
          {"resource_id", f.resource_id},
          {"evidence", evidence_json(f.evidence)}}},
    };
    const nlohmann::json context = context_json(result, f);
    for (const auto& [key, value] : context.items()) r["properties"][key] = value;
    if (f.status == Status::kError) {
      // Could not be evaluated: a human has to look; SARIF requires level "none" for non-failures.
      r["kind"] = "review";
      r["level"] = "none";
    } else {
      r["kind"] = "fail";
      r["level"] = sarif_level(f.severity);
    }
    if (f.status == Status::kMuted) {
      r["suppressions"] = {{{"kind", "external"},
                            {"status", "accepted"},
                            {"justification", f.mute_reason.empty() ? "muted" : f.mute_reason}}};
    }
    results.push_back(std::move(r));
  }

  nlohmann::json invocation = {{"executionSuccessful", summary["ERROR"] == 0}};
  if (base::parse_iso8601(result.started_at)) invocation["startTimeUtc"] = result.started_at;
  if (base::parse_iso8601(result.finished_at)) invocation["endTimeUtc"] = result.finished_at;
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);

  nlohmann::json doc = sarif_log(std::move(rules), std::move(invocation), std::move(results),
                                 {{"checks", result.checks},
                                  {"summary", summary},
                                  {"stats",
                                   {{"accounts", result.stats.accounts},
                                    {"regions", result.stats.regions},
                                    {"instances", result.stats.instances},
                                    {"launch_templates", result.stats.launch_templates}}}});
  if (auto filters = filters_json(result); !filters.is_null()) {
    doc["runs"][0]["properties"]["filters"] = std::move(filters);
  }
  out << base::json_text(doc, 2) << '\n';
}

}  // namespace rolecall::report

// The JSON report: every verdict with its evidence, versioned so pipelines can rely on it.
#include <nlohmann/json.hpp>

#include "report/common.h"
#include "report/report.h"
#include "rolecall/build_info.h"

namespace rolecall::report {

void write_json(const ScanResult& result, std::ostream& out) {
  nlohmann::json doc;
  doc["schema"] = "rolecall.scan/v1";
  doc["rolecall_version"] = kVersion;
  doc["started_at"] = result.started_at;
  doc["finished_at"] = result.finished_at;
  doc["checks"] = result.checks;
  doc["stats"] = {{"accounts", result.stats.accounts},
                  {"regions", result.stats.regions},
                  {"instances", result.stats.instances},
                  {"launch_templates", result.stats.launch_templates},
                  {"seconds", result.stats.seconds}};
  std::map<std::string, std::size_t> by_status;
  for (const auto& f : result.findings) ++by_status[to_string(f.status)];
  doc["summary"] = nlohmann::json::object();
  for (const char* s : {"PASS", "FAIL", "ERROR", "MUTED"}) doc["summary"][s] = by_status[s];
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : result.findings) {
    nlohmann::json j = {{"check_id", f.check_id},
                        {"status", to_string(f.status)},
                        {"severity", to_string(f.severity)},
                        {"account_id", f.account_id},
                        {"region", f.region},
                        {"resource_type", f.resource_type},
                        {"resource_id", f.resource_id},
                        {"message", f.message},
                        {"evidence", evidence_json(f.evidence)}};
    if (!f.mute_reason.empty()) j["mute_reason"] = f.mute_reason;
    findings.push_back(std::move(j));
  }
  doc["findings"] = std::move(findings);
  // Estate text (tags) may hold invalid UTF-8: replaced, never thrown on.
  out << dump_json(doc, 2) << '\n';
}

}  // namespace rolecall::report

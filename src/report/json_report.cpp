// The JSON report: every verdict with its evidence, versioned so pipelines can rely on it.
#include <nlohmann/json.hpp>

#include "report/common.h"
#include "report/report.h"
#include "rolecall/build_info.h"

namespace rolecall::report {
namespace {

nlohmann::json finding_json(const Finding& f) {
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
  return j;
}

// Writes `text` with every line after the first indented by `indent` spaces.
void write_indented(std::ostream& out, const std::string& text, std::size_t indent) {
  std::size_t start = 0;
  while (true) {
    std::size_t nl = text.find('\n', start);
    out.write(text.data() + start, static_cast<std::streamsize>((nl == std::string::npos ? text.size() : nl) - start));
    if (nl == std::string::npos) return;
    out << '\n' << std::string(indent, ' ');
    start = nl + 1;
  }
}

}  // namespace

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
  // The header is one small document; the findings are streamed one at a time after it, so a
  // 100,000-instance report never exists twice in memory. Estate text (tags) may hold invalid
  // UTF-8: replaced, never thrown on.
  std::string header = dump_json(doc, 2);
  header.pop_back();  // the closing brace: "findings" goes last
  while (!header.empty() && (header.back() == '\n' || header.back() == ' ')) header.pop_back();
  out << header << ",\n  \"findings\": [";
  bool first = true;
  for (const auto& f : result.findings) {
    out << (first ? "\n    " : ",\n    ");
    first = false;
    write_indented(out, dump_json(finding_json(f), 2), 4);
  }
  out << (first ? "]\n}\n" : "\n  ]\n}\n");
}

}  // namespace rolecall::report

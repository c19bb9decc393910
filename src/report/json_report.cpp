// The JSON report: every verdict with its evidence, versioned so pipelines can rely on it.
#include <array>
#include <map>
#include <ostream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "report/common.h"
#include "report/ordered_render.h"
#include "report/report.h"
#include "report/view.h"
#include "rolecall/build_info.h"

namespace rolecall::report {
namespace {

// `text` as a JSON string: verbatim when it is plain printable ASCII (nearly always), else through
// nlohmann, which escapes and replaces invalid UTF-8.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x7f; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

void put_string(std::string& out, std::string_view text) {
  for (unsigned char c : text) {
    if (!kPlain[c]) {
      out.append(base::json_text(nlohmann::json(std::string(text)), -1));
      return;
    }
  }
  out.push_back('"');
  out.append(text);
  out.push_back('"');
}

// One finding, written field by field: a DOM per finding cost more than the whole scan.
void write_finding(std::string& out, const ScanResult& result, const Finding& f) {
  auto field = [&](std::string_view key, std::string_view value) {
    out.append(",\n      \"").append(key).append("\": ");
    put_string(out, value);
  };
  out.append("{\n      \"check_id\": ");
  put_string(out, f.check_id);
  field("status", to_string(f.status));
  field("severity", to_string(f.severity));
  field("account_id", f.account_id);
  if (const std::string& name = account_name(result, f.account_id); !name.empty()) field("account_name", name);
  field("region", f.region);
  field("resource_type", f.resource_type);
  field("resource_id", f.resource_id);
  if (!f.resource_name.empty()) field("resource_name", f.resource_name);
  if (auto tags = context_tags(result, f); !tags.empty()) {
    out.append(",\n      \"tags\": {");
    for (std::size_t i = 0; i < tags.size(); ++i) {
      out.append(i == 0 ? "" : ", ");
      put_string(out, tags[i].first);
      out.append(": ");
      put_string(out, tags[i].second);
    }
    out.push_back('}');
  }
  field("message", f.message);
  out.append(",\n      \"evidence\": {");
  bool first = true;
  auto evidence = [&](std::string_view key, const std::string& value) {
    if (value.empty()) return;
    out.append(first ? "\n        \"" : ",\n        \"").append(key).append("\": ");
    put_string(out, value);
    first = false;
  };
  const Evidence& e = f.evidence;
  evidence("profile_arn", e.profile_arn);
  evidence("role_arn", e.role_arn);
  evidence("policy_arn", e.policy_arn);
  evidence("statement", e.statement);
  evidence("location", e.location);
  evidence("key_id_redacted", e.key_id_redacted);
  evidence("fingerprint_sha256", e.fingerprint);
  evidence("detail", e.detail);
  evidence("key_intel", e.key_intel);
  evidence("role_session", e.role_session);
  out.append(first ? "}" : "\n      }");
  if (!f.mute_reason.empty()) field("mute_reason", f.mute_reason);
  out.append("\n    }");
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
  if (auto filters = filters_json(result); !filters.is_null()) doc["filters"] = std::move(filters);
  // The header is one small document; the findings are streamed one at a time after it, so a
  // 100,000-instance report never exists twice in memory. Estate text (tags) may hold invalid
  // UTF-8: replaced, never thrown on.
  std::string header = base::json_text(doc, 2);
  header.pop_back();  // the closing brace: "findings" goes last
  while (!header.empty() && (header.back() == '\n' || header.back() == ' ')) header.pop_back();
  out << header << ",\n  \"findings\": [";
  const auto& findings = result.findings;
  write_in_order(
      findings.size(),
      [&](std::size_t i, std::string& text) {
        text.append(i == 0 ? "\n    " : ",\n    ");
        write_finding(text, result, findings[i]);
      },
      out);
  out << (findings.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

}  // namespace rolecall::report

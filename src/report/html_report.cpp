// The HTML report: one self-contained page to send to an auditor. Everything from the estate is
// escaped (tags are attacker-controlled) and a Content-Security-Policy allows only the page's own
// script and style, by hash, and no network access at all.
#include <fmt/format.h>
#include <openssl/evp.h>

#include <map>

#include "base/json_text.h"
#include "base/sha256.h"
#include "report/common.h"
#include "report/html_parts.h"
#include "report/report.h"
#include "report/view.h"
#include "rolecall/build_info.h"

namespace rolecall::report {
namespace {

constexpr std::size_t kChartRows = 20;

// "sha256-<base64>" of `text`, the CSP source expression that allows exactly this inline block.
std::string csp_hash(std::string_view text) {
  const base::Sha256Digest digest = base::sha256(text);
  unsigned char encoded[4 * ((std::tuple_size_v<base::Sha256Digest> + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(encoded, digest.data(), static_cast<int>(digest.size()));
  return fmt::format("'sha256-{}'",
                     std::string_view(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(n)));
}

// JSON that is safe inside <script type="application/json">: '<', '>' and '&' only occur in
// strings, where \u escapes mean the same, so "</script>" and "<!--" cannot appear.
std::string embeddable_json(const nlohmann::json& doc) {
  std::string text = base::json_text(doc, -1);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

void add(html::StatusCounts& c, Status s) {
  switch (s) {
    case Status::kPass: ++c.pass; break;
    case Status::kFail: ++c.fail; break;
    case Status::kError: ++c.error; break;
    case Status::kMuted: ++c.muted; break;
  }
}

std::string card(const char* status, const char* css, std::size_t count) {
  return fmt::format("<div class=\"card {}\"><span class=\"n\" id=\"count-{}\">{}</span>{}</div>", css, status, count,
                     status);
}

// One row per status, in the order a reader triages them.
html::ChartRows status_rows(const html::StatusCounts& total) {
  html::ChartRows rows(4);
  rows[0].first = "FAIL";
  rows[0].second.fail = total.fail;
  rows[1].first = "ERROR";
  rows[1].second.error = total.error;
  rows[2].first = "MUTED";
  rows[2].second.muted = total.muted;
  rows[3].first = "PASS";
  rows[3].second.pass = total.pass;
  return rows;
}

}  // namespace

void write_html(const ScanResult& result, const RenderOptions&, std::ostream& out) {
  html::StatusCounts total;
  std::map<std::string, html::StatusCounts> by_check, by_account, by_region;
  nlohmann::json rows = nlohmann::json::array();
  nlohmann::json checks = nlohmann::json::object();  // each check's rationale and remediation, once
  for (const auto& f : result.findings) {
    if (!checks.contains(f.check_id)) {
      const auto* info = check_info(f.check_id);
      checks[f.check_id] = {
          {"rationale", info != nullptr ? std::string(info->rationale) : std::string()},
          {"remediation", info != nullptr ? std::string(info->remediation)
                                          : "The scan could not judge this scope; see `rolecall help scan`."},
          {"page", info != nullptr ? "rolecall checks " + f.check_id : "rolecall help scan"}};
    }
    add(total, f.status);
    add(by_check[f.check_id], f.status);
    add(by_account[f.account_id], f.status);
    add(by_region[f.region], f.status);
    rows.push_back({{"check_id", f.check_id},
                    {"title", check_title(f.check_id)},
                    {"status", to_string(f.status)},
                    {"severity", to_string(f.severity)},
                    {"account_id", f.account_id},
                    {"region", f.region},
                    {"resource_type", f.resource_type},
                    {"resource_id", f.resource_id},
                    {"resource_name", f.resource_name},
                    {"account_name", account_name(result, f.account_id)},
                    {"tags", context_json(result, f).value("tags", nlohmann::json::object())},
                    {"message", f.message},
                    {"mute_reason", f.mute_reason},
                    {"evidence", evidence_text(f.evidence)}});
  }
  nlohmann::json data = {
      {"summary", {{"PASS", total.pass}, {"FAIL", total.fail}, {"ERROR", total.error}, {"MUTED", total.muted}}},
      {"findings", std::move(rows)},
      {"checks", std::move(checks)}};

  const std::string_view css = html::stylesheet();
  const std::string_view js = html::script();
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << fmt::format(
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {}; "
             "script-src {}; img-src data:; base-uri 'none'; form-action 'none'\">\n",
             csp_hash(css), csp_hash(js))
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"rolecall " << kVersion << "\">\n"
      << "<title>rolecall scan report</title>\n<style>" << css << "</style>\n</head>\n<body>\n";

  out << "<header><h1>rolecall scan report</h1>\n"
      << fmt::format(
             "<p class=\"meta\">EC2 instances use IAM instance roles, never hard-coded access keys · "
             "{} account(s), {} region scope(s), {} instance(s), {} launch template(s) · "
             "started {} · finished {} · rolecall {}</p></header>\n",
             result.stats.accounts, result.stats.regions, result.stats.instances, result.stats.launch_templates,
             html::escape(result.started_at), html::escape(result.finished_at), kVersion);
  if (!result.filters.empty()) {
    out << fmt::format("<p class=\"meta\" id=\"report-filters\">Filtered: {} ({} finding(s) hidden)</p>\n",
                       html::escape(filters_text(result.filters)), result.hidden);
  }

  out << "<section aria-label=\"Summary\"><div class=\"cards\">"
      << fmt::format("<div class=\"card total\"><span class=\"n\" id=\"count-total\">{}</span>findings</div>",
                     total.total())
      << card("FAIL", "fail", total.fail) << card("ERROR", "error", total.error) << card("MUTED", "muted", total.muted)
      << card("PASS", "pass", total.pass) << "</div>\n";
  out << "<div class=\"charts\">\n"
      << html::bar_chart("chart-status", "By status", status_rows(total), false, kChartRows)
      << html::bar_chart("chart-check", "By check", {by_check.begin(), by_check.end()}, true, kChartRows)
      << html::bar_chart("chart-account", "By account", {by_account.begin(), by_account.end()}, true, kChartRows)
      << html::bar_chart("chart-region", "By region", {by_region.begin(), by_region.end()}, true, kChartRows)
      << "</div></section>\n";

  out << "<section aria-label=\"Findings\"><h2>Findings</h2>\n"
      << "<noscript><p>Filtering and the findings table need JavaScript; every format of this report is also "
         "written as report.csv and report.json.</p></noscript>\n"
      << "<div class=\"filters\" id=\"filters\" hidden>"
      << "<label>Status<select id=\"f-status\"><option value=\"*\">all</option><option>FAIL</option>"
         "<option>ERROR</option><option>MUTED</option><option>PASS</option></select></label>"
      << "<label>Severity<select id=\"f-severity\"><option value=\"*\">all</option><option>critical</option>"
         "<option>high</option><option>medium</option><option>low</option><option>info</option></select></label>"
      << "<label>Check<select id=\"f-check\"><option value=\"*\">all</option></select></label>"
      << "<label>Account<select id=\"f-account\"><option value=\"*\">all</option></select></label>"
      << "<label>Region<select id=\"f-region\"><option value=\"*\">all</option></select></label>"
      << "<label>Search<input id=\"f-text\" type=\"search\" placeholder=\"resource, message, ARN...\"></label>"
      << "<button type=\"button\" id=\"export-csv\" title=\"The findings these filters show, as CSV\">Export "
         "CSV</button>"
         "<button type=\"button\" id=\"export-json\" title=\"The findings these filters show, as JSON\">Export JSON"
         "</button>"
      << fmt::format(
             "<p class=\"note\"><span id=\"shown-count\">0</span> of <span id=\"total-count\">{}</span> "
             "findings shown<span id=\"truncated\" hidden> (only the first 5000 rows are drawn: "
             "filter to see the rest)</span></p>",
             total.total())
      << "</div>\n<table id=\"findings\"><thead><tr>";
  const std::pair<const char*, const char*> columns[] = {
      {"status", "Status"}, {"severity", "Severity"},    {"check_id", "Check"},     {"account_id", "Account"},
      {"region", "Region"}, {"resource_id", "Resource"}, {"resource_name", "Name"}, {"message", "Message"}};
  for (const auto& [key, label] : columns) {
    out << fmt::format("<th data-key=\"{}\" scope=\"col\"><button type=\"button\">{}</button></th>", key, label);
  }
  out << "</tr></thead><tbody id=\"findings-body\"></tbody></table></section>\n";

  out << "<script type=\"application/json\" id=\"rolecall-data\">" << embeddable_json(data) << "</script>\n"
      << "<script>" << js << "</script>\n</body>\n</html>\n";
}

}  // namespace rolecall::report

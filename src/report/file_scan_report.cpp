// scan-files in each format: a finding is a credential at a file and line; files that could not be
// read make the result incomplete, and every format says so.
#include "report/file_scan_report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pugixml.hpp>

#include <cctype>

#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "report/common.h"
#include "report/junit_xml.h"

namespace rolecall::report {
namespace {

using secrets::FileFinding;
using secrets::FileScanReport;

// Summary line shared by the table and the JUnit suite's system-out.
std::string summary_line(const FileScanReport& r) {
  const auto& s = r.stats;
  std::string line =
      fmt::format("{} file(s), {} byte(s) scanned; {} skipped (binary {}, too large {}); {} credential(s) found",
                  s.files_scanned, s.bytes_scanned, s.skipped_binary + s.skipped_too_large, s.skipped_binary,
                  s.skipped_too_large, real_credentials(r));
  if (s.unreadable > 0) line += fmt::format("; INCOMPLETE: {} path(s) could not be read", s.unreadable);
  return line;
}

void file_table(const FileScanReport& r, std::ostream& out) {
  for (const auto& f : r.findings) {
    out << fmt::format("{}{}  {}  {}\n", f.finding.location, f.finding.is_example ? " (example)" : "",
                       secrets::to_string(f.finding.type), f.finding.key_id_redacted);
  }
  out << summary_line(r) << '\n';
}

void file_json(const FileScanReport& r, std::ostream& out) {
  nlohmann::json j;
  j["schema"] = "rolecall.scan-files/v1";
  j["findings"] = nlohmann::json::array();
  for (const auto& f : r.findings) {
    j["findings"].push_back({{"path", f.path},
                             {"line", f.finding.line},
                             {"type", secrets::to_string(f.finding.type)},
                             {"key_id_redacted", f.finding.key_id_redacted},
                             {"fingerprint_sha256", f.finding.fingerprint},
                             {"example", f.finding.is_example}});
  }
  j["stats"] = {{"files_scanned", r.stats.files_scanned},
                {"bytes_scanned", r.stats.bytes_scanned},
                {"skipped_binary", r.stats.skipped_binary},
                {"skipped_too_large", r.stats.skipped_too_large},
                {"unreadable", r.stats.unreadable}};
  j["complete"] = r.stats.unreadable == 0;
  j["errors"] = r.errors;
  out << base::json_text(j, 2) << '\n';
}

void file_csv(const FileScanReport& r, std::ostream& out) {
  out << "path,line,type,key_id_redacted,fingerprint_sha256,example\r\n";
  for (const auto& f : r.findings) {
    out << csv_field(f.path) << ',' << f.finding.line << ',' << secrets::to_string(f.finding.type) << ','
        << csv_field(f.finding.key_id_redacted) << ',' << f.finding.fingerprint << ','
        << (f.finding.is_example ? "true" : "false") << "\r\n";
  }
}

// JUnit: one suite; a credential is a failed test case (an example key a passing one), a path that
// could not be read an errored one, and a clean complete scan one passing case.
void file_junit(const FileScanReport& r, std::ostream& out) {
  pugi::xml_document doc;
  pugi::xml_node suites = junit_root(doc, "rolecall scan-files");
  pugi::xml_node suite = suites.append_child("testsuite");
  suite.append_attribute("name") = "hard-coded-credentials";
  JunitCounts counts;
  auto add_case = [&](const std::string& name) {
    ++counts.tests;
    pugi::xml_node tc = suite.append_child("testcase");
    tc.append_attribute("name") = xml_text(name).c_str();
    tc.append_attribute("classname") = "rolecall.scan-files";
    tc.append_attribute("time") = "0";
    return tc;
  };
  for (const auto& f : r.findings) {
    pugi::xml_node tc = add_case(fmt::format("{} {}", f.finding.location, secrets::to_string(f.finding.type)));
    if (f.finding.is_example) continue;  // AWS's documentation key: not a leak
    ++counts.failures;
    pugi::xml_node n = tc.append_child("failure");
    n.append_attribute("message") =
        xml_text(fmt::format("hard-coded {} {}", secrets::to_string(f.finding.type), f.finding.key_id_redacted))
            .c_str();
    n.append_attribute("type") = "credential";
  }
  for (const auto& e : r.errors) {
    ++counts.errors;
    pugi::xml_node n = add_case("unreadable " + e).append_child("error");
    n.append_attribute("message") = xml_text("could not be read: " + e).c_str();
    n.append_attribute("type") = "ERROR";
  }
  if (counts.tests == 0) add_case("no hard-coded credentials");
  set_junit_counts(suites, counts);
  set_junit_counts(suite, counts);
  suite.append_child("system-out").append_child(pugi::node_pcdata).set_value(xml_text(summary_line(r)).c_str());
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
}

// A SARIF artifact URI for `path`: relative paths stay relative (code scanning resolves them against
// the checkout), absolute ones become file:// URIs; bytes outside RFC 3986's unreserved set and '/'
// are percent-encoded.
std::string artifact_uri(std::string_view path) {
  while (path.starts_with("./")) path.remove_prefix(2);
  std::string uri = path.starts_with('/') ? "file://" : "";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      uri += static_cast<char>(c);
    } else {
      uri += fmt::format("%{:02X}", c);
    }
  }
  return uri;
}

nlohmann::json sarif_rule(secrets::SecretType type) {
  const std::string id = std::string("hard-coded-") + secrets::to_string(type);
  const std::string text = fmt::format(
      "An AWS {} is written in a file. Long-term keys on instances are the risk CIS's \"use IAM instance roles\" "
      "recommendation exists for: move the workload to an instance role, then deactivate and delete the key.",
      secrets::to_string(type));
  return {{"id", id},
          {"name", id},
          {"shortDescription", {{"text", fmt::format("Hard-coded AWS {}", secrets::to_string(type))}}},
          {"fullDescription", {{"text", text}}},
          {"help", {{"text", text}}},
          {"defaultConfiguration", {{"level", "error"}}},
          {"properties",
           {{"tags", {"security", "aws", "secrets", "CIS"}},
            {"precision", "high"},
            {"problem.severity", "error"},
            {"security-severity", "9.0"}}}};
}

void file_sarif(const FileScanReport& r, std::ostream& out) {
  constexpr secrets::SecretType kTypes[] = {secrets::SecretType::kAccessKeyId, secrets::SecretType::kSecretAccessKey,
                                            secrets::SecretType::kSessionToken,
                                            secrets::SecretType::kCredentialsFileBlock};
  nlohmann::json rules = nlohmann::json::array();
  for (auto t : kTypes) rules.push_back(sarif_rule(t));
  nlohmann::json results = nlohmann::json::array();
  for (const FileFinding& f : r.findings) {
    nlohmann::json physical = {{"artifactLocation", {{"uri", artifact_uri(f.path)}}}};
    if (f.finding.line > 0) physical["region"] = {{"startLine", f.finding.line}};
    nlohmann::json result = {
        {"ruleId", std::string("hard-coded-") + secrets::to_string(f.finding.type)},
        {"ruleIndex", static_cast<int>(f.finding.type)},
        {"kind", "fail"},
        {"level", f.finding.is_example ? "note" : "error"},
        {"message",
         {{"text", fmt::format("{} AWS {} {} at {}", f.finding.is_example ? "Documentation example" : "Hard-coded",
                               secrets::to_string(f.finding.type), f.finding.key_id_redacted, f.finding.location)}}},
        {"locations", {{{"physicalLocation", std::move(physical)}}}},
        {"partialFingerprints", {{"credentialSha256/v1", f.finding.fingerprint}}},
        {"properties", {{"example", f.finding.is_example}, {"key_id_redacted", f.finding.key_id_redacted}}},
    };
    results.push_back(std::move(result));
  }
  nlohmann::json invocation = {{"executionSuccessful", r.errors.empty()}};
  if (!r.errors.empty()) {
    nlohmann::json notes = nlohmann::json::array();
    for (const auto& e : r.errors)
      notes.push_back({{"level", "error"}, {"message", {{"text", "could not be read: " + e}}}});
    invocation["toolExecutionNotifications"] = std::move(notes);
  }
  const nlohmann::json doc = sarif_log(std::move(rules), std::move(invocation), std::move(results),
                                       {{"files_scanned", r.stats.files_scanned}, {"unreadable", r.stats.unreadable}});
  out << base::json_text(doc, 2) << '\n';
}

struct FileScanFormat {
  std::string_view name;
  void (*write)(const FileScanReport&, std::ostream&);
};

constexpr FileScanFormat kFileScanFormats[] = {
    {"table", file_table}, {"json", file_json}, {"csv", file_csv}, {"junit", file_junit}, {"sarif", file_sarif},
};

}  // namespace

const std::vector<std::string>& file_scan_formats() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& f : kFileScanFormats) out.emplace_back(f.name);
    return out;
  }();
  return names;
}

std::size_t real_credentials(const FileScanReport& report) {
  std::size_t n = 0;
  for (const auto& f : report.findings) n += f.finding.is_example ? 0 : 1;
  return n;
}

Result<void> check_file_scan_format(std::string_view format) {
  for (const auto& f : kFileScanFormats) {
    if (f.name == format) return {};
  }
  return fail(ErrorKind::kInvalidArgument, fmt::format("scan-files cannot write --output {}; it writes {}", format,
                                                       fmt::join(file_scan_formats(), ", ")));
}

Result<void> write_file_scan(const FileScanReport& report, std::string_view format, std::ostream& out) {
  for (const auto& f : kFileScanFormats) {
    if (f.name == format) {
      f.write(report, out);
      return {};
    }
  }
  return check_file_scan_format(format);  // the error naming the formats
}

}  // namespace rolecall::report

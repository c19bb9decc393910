// JUnit XML for CI pipelines (Jenkins, GitLab): a check is a test suite, a resource a test case.
#include <pugixml.hpp>

#include <fmt/format.h>

#include <map>
#include <sstream>

#include "report/common.h"
#include "report/junit_xml.h"
#include "report/report.h"
#include "report/view.h"

namespace rolecall::report {
namespace {

struct SuiteCounts : JunitCounts {
  void add(Status s) {
    ++tests;
    if (s == Status::kFail) ++failures;
    if (s == Status::kError) ++errors;
    if (s == Status::kMuted) ++skipped;
  }
};

void set_attr(pugi::xml_node node, const char* name, const std::string& value) {
  node.append_attribute(name) = xml_text(value).c_str();
}

std::string case_name(const Finding& f) {
  return f.region.empty() ? fmt::format("{} ({})", f.resource_id, f.account_id)
                          : fmt::format("{} ({} {})", f.resource_id, f.account_id, f.region);
}

void add_case(pugi::xml_node suite, const ScanResult& result, const Finding& f) {
  pugi::xml_node tc = suite.append_child("testcase");
  set_attr(tc, "name", case_name(f));
  set_attr(tc, "classname", "rolecall." + f.check_id);
  tc.append_attribute("time") = "0";
  std::string context;  // the reader's context: names and --tags values
  if (const std::string& name = account_name(result, f.account_id); !name.empty()) {
    context += "account_name: " + name + "\n";
  }
  if (!f.resource_name.empty()) context += "resource_name: " + f.resource_name + "\n";
  for (const auto& [key, value] : context_tags(result, f)) context += "tag " + key + ": " + value + "\n";
  const std::string body = xml_text(f.message + "\n" + resource_arn(f) + "\n" + context + evidence_text(f.evidence));
  switch (f.status) {
    case Status::kPass: break;
    case Status::kFail: {
      pugi::xml_node n = tc.append_child("failure");
      set_attr(n, "message", f.message);
      set_attr(n, "type", to_string(f.severity));
      n.append_child(pugi::node_pcdata).set_value(body.c_str());
      break;
    }
    case Status::kError: {
      pugi::xml_node n = tc.append_child("error");
      set_attr(n, "message", f.message);
      n.append_attribute("type") = "ERROR";
      n.append_child(pugi::node_pcdata).set_value(body.c_str());
      break;
    }
    case Status::kMuted: {
      pugi::xml_node n = tc.append_child("skipped");
      set_attr(n, "message", f.mute_reason.empty() ? "muted" : f.mute_reason);
      break;
    }
  }
}

}  // namespace

void write_junit(const ScanResult& result, const RenderOptions& options, std::ostream& out) {
  std::map<std::string, std::vector<const Finding*>> by_check;
  for (const auto& id : result.checks) by_check[id];  // a check with no finding is an empty suite
  for (const auto& f : result.findings) by_check[f.check_id].push_back(&f);

  pugi::xml_document doc;
  pugi::xml_node root = junit_root(doc, "rolecall");
  SuiteCounts total;
  for (const auto& f : result.findings) total.add(f.status);
  set_junit_counts(root, total);
  const std::string timestamp = report_time(result, *options.clock);
  for (const auto& [check_id, findings] : by_check) {
    pugi::xml_node suite = root.append_child("testsuite");
    set_attr(suite, "name", check_id);
    SuiteCounts counts;
    for (const Finding* f : findings) counts.add(f->status);
    set_junit_counts(suite, counts);
    // JUnit time stamps carry no zone designator.
    set_attr(suite, "timestamp", timestamp.substr(0, timestamp.find_first_of(".Z")));
    pugi::xml_node props = suite.append_child("properties");
    auto prop = [&](const char* name, const std::string& value) {
      pugi::xml_node p = props.append_child("property");
      p.append_attribute("name") = name;
      set_attr(p, "value", value);
    };
    prop("title", check_title(check_id));
    if (const auto* info = check_info(check_id)) prop("severity", to_string(info->severity));
    prop("documentation", check_doc_ref(check_id));
    const std::string filtered = filters_text(result.filters);
    if (!filtered.empty()) prop("filters", filtered);
    for (const Finding* f : findings) add_case(suite, result, *f);
  }
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
}

}  // namespace rolecall::report

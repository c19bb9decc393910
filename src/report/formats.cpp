// The output formats: one row each. --output validation, --report-dir and the --output help text
// are all derived from this table, so adding a format is one writer file and one row here.
#include <algorithm>

#include "report/report.h"

namespace rolecall::report {
namespace {

// Writers that take no options, adapted to the table's signature.
void json_writer(const ScanResult& result, const RenderOptions&, std::ostream& out) { write_json(result, out); }
void csv_writer(const ScanResult& result, const RenderOptions&, std::ostream& out) { write_csv(result, out); }

// Order: the default first, then the order --report-dir writes (and returns) its files.
constexpr Format kFormats[] = {
    {"table", "", "text/plain; charset=utf-8", write_table},
    {"json", "report.json", "application/json", json_writer},
    {"csv", "report.csv", "text/csv; charset=utf-8", csv_writer},
    {"junit", "report.junit.xml", "application/xml", write_junit},
    {"sarif", "report.sarif", "application/sarif+json", write_sarif},
    {"ocsf", "report.ocsf.json", "application/json", write_ocsf},
    {"asff", "report.asff.json", "application/json", write_asff},
    {"html", "report.html", "text/html; charset=utf-8", write_html},
};

}  // namespace

std::span<const Format> format_table() { return kFormats; }

const Format* find_format(std::string_view name) {
  for (const Format& f : kFormats) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const std::vector<std::string>& formats() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const Format& f : kFormats) names.emplace_back(f.name);
    std::sort(names.begin(), names.end());
    return names;
  }();
  return kNames;
}

std::string formats_help() {
  std::string text;
  for (std::size_t i = 0; i < std::size(kFormats); ++i) {
    if (i > 0) text += i + 1 == std::size(kFormats) ? " or " : ", ";
    text += kFormats[i].name;
    if (i == 0) text += " (default)";
  }
  return text;
}

std::string_view content_type_of(std::string_view format) {
  if (const Format* f = find_format(format)) return f->content_type;
  if (format == "markdown") return "text/markdown; charset=utf-8";
  return "text/plain; charset=utf-8";  // diff, summaries: text
}

bool write_format(const std::string& format, const ScanResult& result, const RenderOptions& options,
                  std::ostream& out) {
  const Format* f = find_format(format);
  if (f == nullptr) return false;
  f->write(result, options, out);
  return true;
}

std::string report_file_name(const std::string& format) {
  const Format* f = find_format(format);
  return f == nullptr ? std::string() : std::string(f->file);
}

}  // namespace rolecall::report

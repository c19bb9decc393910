// The terminal report: what an engineer reads first — totals, then what to fix.
#include <fmt/format.h>

#include <map>
#include <tuple>

#include "report/report.h"

namespace rolecall::report {
namespace {

struct Counts {
  std::size_t pass = 0, fail = 0, error = 0, muted = 0;
  void add(Status s) {
    switch (s) {
      case Status::kPass: ++pass; break;
      case Status::kFail: ++fail; break;
      case Status::kError: ++error; break;
      case Status::kMuted: ++muted; break;
    }
  }
};

std::string paint(const std::string& text, const char* ansi, bool color) {
  return color ? fmt::format("\x1b[{}m{}\x1b[0m", ansi, text) : text;
}

const char* status_color(Status s) {
  switch (s) {
    case Status::kPass: return "32";
    case Status::kFail: return "31";
    case Status::kError: return "33";
    case Status::kMuted: return "90";
  }
  return "0";
}

void write_counts_table(const std::string& title, const std::map<std::string, Counts>& rows, bool color,
                        std::ostream& out) {
  std::size_t width = title.size();
  for (const auto& [key, c] : rows) width = std::max(width, key.size());
  out << fmt::format("{:<{}}  {:>7}  {:>7}  {:>7}  {:>7}\n", title, width, "PASS", "FAIL", "ERROR", "MUTED");
  for (const auto& [key, c] : rows) {
    std::string fail = fmt::format("{:>7}", c.fail), error = fmt::format("{:>7}", c.error);
    out << fmt::format("{:<{}}  {:>7}  {}  {}  {:>7}\n", key, width, c.pass,
                       c.fail > 0 ? paint(fail, "31", color) : fail, c.error > 0 ? paint(error, "33", color) : error,
                       c.muted);
  }
  out << '\n';
}

}  // namespace

void write_table(const ScanResult& result, const RenderOptions& options, std::ostream& out) {
  std::map<std::string, Counts> by_check, by_account, by_region;
  Counts total;
  for (const auto& f : result.findings) {
    by_check[f.check_id].add(f.status);
    by_account[f.account_id].add(f.status);
    if (!f.region.empty()) by_region[f.region].add(f.status);
    total.add(f.status);
  }
  out << fmt::format(
      "rolecall scan: {} account(s), {} region scope(s), {} instance(s), {} launch template(s) in {:.1f}s\n\n",
      result.stats.accounts, result.stats.regions, result.stats.instances, result.stats.launch_templates,
      result.stats.seconds);
  write_counts_table("CHECK", by_check, options.color, out);
  write_counts_table("ACCOUNT", by_account, options.color, out);
  write_counts_table("REGION", by_region, options.color, out);

  std::size_t listed = 0;
  for (const auto& f : result.findings) {
    if (f.status == Status::kPass && !options.show_passing) continue;
    if (listed++ == 0) {
      out << fmt::format("{:<6}  {:<8}  {:<12}  {:<14}  {:<21}  {:<24}  {}\n", "STATUS", "SEVERITY", "ACCOUNT",
                         "REGION", "RESOURCE", "CHECK", "DETAIL");
    }
    std::string status = fmt::format("{:<6}", to_string(f.status));
    out << fmt::format("{}  {:<8}  {:<12}  {:<14}  {:<21}  {:<24}  {}\n",
                       paint(status, status_color(f.status), options.color), to_string(f.severity), f.account_id,
                       f.region.empty() ? "-" : f.region, f.resource_id, f.check_id, f.message);
  }
  if (listed > 0) out << '\n';
  out << fmt::format("Findings: {} PASS, {} FAIL, {} ERROR, {} MUTED\n", total.pass, total.fail, total.error,
                     total.muted);
}

}  // namespace rolecall::report

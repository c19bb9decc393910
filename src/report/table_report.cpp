// The terminal report: what an engineer reads first — totals, then what to fix.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "report/common.h"
#include "report/report.h"
#include "report/view.h"

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

std::string upper_ascii(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// Terminal columns of UTF-8 `text`: one per code point (continuation bytes take none).
std::size_t display_width(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

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

// `text` as lines of at most `width` columns, `first` before the first line and `rest` before the
// others (words move to the next line; a word wider than a line is cut); `width` 0: one line.
std::string table_wrap(const std::string& text, std::size_t width, const std::string& first, const std::string& rest) {
  std::string out, line;
  auto flush = [&] {
    out += (out.empty() ? first : rest) + line + "\n";
    line.clear();
  };
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of(" \t\r\n", start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    const std::size_t room = width == 0 ? SIZE_MAX : width - std::min(width, (out.empty() ? first : rest).size());
    if (!line.empty() && display_width(line) + 1 + display_width(word) > room) flush();
    line += (line.empty() ? "" : " ") + word;
    if (display_width(line) > room) line = truncate_chars(line, room);
  }
  if (!line.empty() || out.empty()) flush();
  return out;
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
  out << table_wrap(
             fmt::format(
                 "rolecall scan: {} account(s), {} region scope(s), {} instance(s), {} launch template(s) in {:.1f}s",
                 result.stats.accounts, result.stats.regions, result.stats.instances, result.stats.launch_templates,
                 result.stats.seconds),
             options.width, "", "  ")
      << '\n';
  write_counts_table("CHECK", by_check, options.color, out);
  write_counts_table("ACCOUNT", by_account, options.color, out);
  write_counts_table("REGION", by_region, options.color, out);

  // The findings list: columns as wide as their widest value; DETAIL, the free text, last and
  // shortened with an ellipsis when the line would pass options.width (blocks when even that won't fit).
  std::vector<const Finding*> listed;
  for (const auto& f : result.findings) {
    if (f.status != Status::kPass || options.show_passing) listed.push_back(&f);
  }
  if (!listed.empty()) {
    // NAME only when some listed resource has one; the other columns at least as wide as they always were.
    const bool names =
        std::any_of(listed.begin(), listed.end(), [](const Finding* f) { return !f->resource_name.empty(); });
    std::vector<std::string> headers = {"STATUS", "SEVERITY", "ACCOUNT", "REGION", "RESOURCE"};
    std::vector<std::size_t> widths = {6, 8, 12, 14, 21};
    if (names) {
      headers.push_back("NAME");
      widths.push_back(4);
    }
    headers.push_back("CHECK");
    widths.push_back(24);
    for (const auto& key : result.context_tags) {
      headers.push_back(upper_ascii(key));
      widths.push_back(0);
    }
    auto cells = [&](const Finding& f) {
      const std::string& name = account_name(result, f.account_id);
      std::vector<std::string> row = {to_string(f.status), to_string(f.severity),
                                      name.empty() ? f.account_id : f.account_id + " (" + name + ")",
                                      f.region.empty() ? "-" : f.region, f.resource_id};
      if (names) row.push_back(f.resource_name.empty() ? "-" : f.resource_name);
      row.push_back(f.check_id);
      for (std::size_t i = 0; i < result.context_tags.size(); ++i) {
        row.push_back(i < f.tag_values.size() && !f.tag_values[i].empty() ? f.tag_values[i] : "-");
      }
      return row;
    };
    for (std::size_t i = 0; i < headers.size(); ++i) widths[i] = std::max(widths[i], headers[i].size());
    for (const Finding* f : listed) {
      auto row = cells(*f);
      for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
    }
    std::size_t fixed = 0;
    for (auto w : widths) fixed += w + 2;
    // At least kMinDetail characters of DETAIL, or the terminal is too narrow for the columns.
    constexpr std::size_t kMinDetail = 20;
    if (options.width != 0 && fixed + kMinDetail > options.width) {
      // Narrow: one block per finding, the columns' values on lines of their own and DETAIL wrapped,
      // every line within the width (nothing is cut but a single word wider than the terminal).
      const std::size_t width = std::max<std::size_t>(options.width, 24);  // room for the status line's start
      for (const Finding* f : listed) {
        const auto row = cells(*f);
        const std::string status = to_string(f->status);
        const std::string head = status + " " + row[1] + " " + f->check_id;
        out << paint(status, status_color(f->status), options.color)
            << table_wrap(head, width, "", "    ").substr(status.size());
        std::string where = f->resource_id;
        if (names && !f->resource_name.empty()) where += " " + f->resource_name;
        out << table_wrap(where, width, "  ", "    ");
        out << table_wrap(row[2] + " " + row[3], width, "  ", "    ");
        std::string tags;
        for (std::size_t i = 0; i < result.context_tags.size(); ++i) {
          tags += (tags.empty() ? "" : " ") + result.context_tags[i] + "=" +
                  row[row.size() - result.context_tags.size() + i];
        }
        if (!tags.empty()) out << table_wrap(tags, width, "  ", "    ");
        out << table_wrap(f->message, width, "  ", "  ");
        out << '\n';
      }
    } else {
      const std::size_t detail_width = options.width == 0 ? 0 : options.width - fixed;
      auto line = [&](const std::vector<std::string>& row, const std::string& detail, Status status, bool head) {
        std::string text;
        for (std::size_t i = 0; i < row.size(); ++i) {
          std::string cell = row[i] + std::string(widths[i] - display_width(row[i]), ' ');
          text += i == 0 && !head ? paint(cell, status_color(status), options.color) : cell;
          text += "  ";
        }
        text += detail_width == 0 ? detail : truncate_chars(detail, detail_width);
        out << text << '\n';
      };
      line(headers, "DETAIL", Status::kPass, true);
      for (const Finding* f : listed) line(cells(*f), f->message, f->status, false);
      out << '\n';
    }
  }
  out << fmt::format("Findings: {} PASS, {} FAIL, {} ERROR, {} MUTED\n", total.pass, total.fail, total.error,
                     total.muted);
  if (!result.filters.empty()) {
    out << table_wrap(
        fmt::format("Filtered: {} ({} finding(s) hidden{})", filters_text(result.filters), result.hidden,
                    result.hidden_errors > 0 ? fmt::format(", {} of them ERROR", result.hidden_errors) : ""),
        options.width, "", "  ");
  }
}

}  // namespace rolecall::report

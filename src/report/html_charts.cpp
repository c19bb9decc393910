// Summary charts of the HTML report: inline SVG stacked bars, drawn here so they show without JS.
#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "base/markup_escape.h"
#include "report/common.h"
#include "report/html_parts.h"

namespace rolecall::report::html {

std::string escape(std::string_view raw) { return base::escape_markup(valid_utf8(raw), base::Markup::kHtml); }

namespace {

constexpr int kLabelWidth = 210;
constexpr int kBarWidth = 360;
constexpr int kRowHeight = 22;
constexpr std::size_t kLabelChars = 30;

struct Segment {
  const char* status;
  const char* css;
  std::size_t count;
};

}  // namespace

std::string bar_chart(const std::string& id, const std::string& title, ChartRows sorted, bool sort_by_total,
                      std::size_t max_rows) {
  if (sort_by_total) {
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.second.total() > b.second.total(); });
  }
  std::size_t hidden = 0;
  if (sorted.size() > max_rows) {
    hidden = sorted.size() - max_rows;
    sorted.resize(max_rows);
  }
  std::size_t max_total = 1;
  for (const auto& [label, c] : sorted) max_total = std::max(max_total, c.total());

  const int height = static_cast<int>(sorted.size()) * kRowHeight + 4;
  const int width = kLabelWidth + kBarWidth + 70;
  std::string out =
      fmt::format("<figure class=\"chart\" id=\"{}\"><figcaption>{}</figcaption>\n", escape(id), escape(title));
  out += fmt::format(
      "<svg role=\"img\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\">"
      "<title>{2}</title>\n",
      width, height, escape(title));
  int y = 2;
  for (const auto& [label, c] : sorted) {
    std::string shown = truncate_chars(valid_utf8(label.empty() ? "(none)" : label), kLabelChars);
    out += fmt::format(
        "<g class=\"bar\" data-label=\"{}\"><text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
        escape(label), kLabelWidth - 6, y + 15, escape(shown));
    const Segment segments[] = {
        {"FAIL", "fail", c.fail}, {"ERROR", "error", c.error}, {"MUTED", "muted", c.muted}, {"PASS", "pass", c.pass}};
    double x = kLabelWidth;
    for (const auto& s : segments) {
      if (s.count == 0) continue;
      const double w = static_cast<double>(s.count) * kBarWidth / static_cast<double>(max_total);
      out += fmt::format(
          "<rect class=\"{}\" data-status=\"{}\" data-count=\"{}\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" "
          "height=\"{}\"><title>{}: {} {}</title></rect>",
          s.css, s.status, s.count, x, y + 2, std::max(w, 1.0), kRowHeight - 6, escape(label), s.count, s.status);
      x += w;
    }
    out += fmt::format("<text class=\"total\" x=\"{:.1f}\" y=\"{}\">{}</text></g>\n", x + 6, y + 15, c.total());
    y += kRowHeight;
  }
  out += "</svg>";
  if (hidden > 0) out += fmt::format("<p class=\"note\">and {} more (filter the table below)</p>", hidden);
  out += "</figure>\n";
  return out;
}

}  // namespace rolecall::report::html

#pragma once
// Pieces of the HTML report (html_report.cpp assembles them).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rolecall::report::html {

// `text` (any bytes) as HTML text or attribute value: valid UTF-8, & < > " ' escaped.
std::string escape(std::string_view text);

// Counts per status, as the charts and summary show them.
struct StatusCounts {
  std::size_t pass = 0, fail = 0, error = 0, muted = 0;
  std::size_t total() const { return pass + fail + error + muted; }
};

// A chart's rows: label and counts.
using ChartRows = std::vector<std::pair<std::string, StatusCounts>>;

// One horizontal stacked-bar chart (inline SVG) of `rows` (largest totals first when
// `sort_by_total`), at most `max_rows` rows (the rest counted in a note). `id` names the <figure>.
std::string bar_chart(const std::string& id, const std::string& title, ChartRows rows, bool sort_by_total,
                      std::size_t max_rows);

// The page's stylesheet (no url(), no @import).
std::string_view stylesheet();

// The page's script: reads the embedded JSON, fills filters, renders and sorts the table.
std::string_view script();

}  // namespace rolecall::report::html

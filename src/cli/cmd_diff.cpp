// rolecall diff: what changed between two recorded scans.
#include <charconv>
#include <iostream>

#include "base/json_text.h"
#include "cli/commands.h"
#include "cli/store_options.h"
#include "cli/store_render.h"
#include "cli/terminal.h"
#include "store/diff.h"

namespace rolecall::cli {
namespace {

// A scan id argument ("" : not given).
Result<std::optional<std::int64_t>> scan_id(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    return fail(Error::invalid_argument("scan id '" + text + "' is not a number (`rolecall history` lists them)"));
  }
  return id;
}

}  // namespace

Action register_diff(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "diff",
      "Compare two scans recorded by `scan --store` (default: the last two; with one id, that scan and the "
      "latest): new, resolved, regressed and persisting failures, and those the "
      "later scan could not judge. Exit status: 0, or 2 for an unknown scan or a store that cannot be used.");
  auto a = std::make_shared<std::string>();
  auto b = std::make_shared<std::string>();
  auto url = std::make_shared<std::string>();
  sub->add_option("scan_a", *a, "The earlier scan's id (default: the scan before SCAN_B)");
  sub->add_option("scan_b", *b, "The later scan's id (default: the latest)");
  add_store_option(*sub, *url, false);
  return [&global, a, b, url]() -> ExitCode {
    if (auto ok = check_table_or_json(global, "diff"); !ok) return report_error(ok.error());
    auto from = scan_id(*a);
    if (!from) return report_error(from.error());
    auto to = scan_id(*b);
    if (!to) return report_error(to.error());
    auto stored = open_cli_store(*url, global);
    if (!stored) return store_error(stored.error());
    auto diff = store::diff_stored_scans(**stored, *from, *to);
    if (!diff) return store_error(diff.error());
    auto written = write_output(global, "diff", [&](std::ostream& out) {
      if (global.output == "json") {
        out << base::json_text(diff_json(*diff, global.env->clock().now()), 2) << '\n';
      } else {
        write_diff_table(*diff, out);
      }
    });
    return written ? ExitCode::kOk : report_error(written.error());
  };
}

}  // namespace rolecall::cli

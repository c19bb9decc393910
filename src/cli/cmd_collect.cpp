// rolecall collect --out DIR: the collection half of `scan`, saved for an offline audit
// (`rolecall scan --from DIR`).
#include <fmt/format.h>

#include <iostream>

#include "cli/command_options.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "rolecall/collect.h"
#include "rolecall/version.h"

namespace rolecall::cli {
namespace {

std::vector<std::string> split_regions(const std::string& csv) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= csv.size()) {
    std::size_t comma = csv.find(',', start);
    std::string part = csv.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

struct CollectCommand {
  std::string out;
  std::string regions;
  ScopeOptions scope;
};

}  // namespace

Action register_collect(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "collect",
      "Collect the raw inventory of the estate (instances, user data, launch templates, IAM) into a directory, "
      "for an offline audit with `rolecall scan --from DIR`. The directory holds user data as collected, which "
      "may contain secrets: it is created with mode 0700. Exit status: 0 collected, 2 usage, 3 credentials, "
      "4 some account or region could not be collected (the rest is saved).");
  auto cmd = std::make_shared<CollectCommand>();
  sub->add_option("--out", cmd->out, "New (or empty) directory to write the inventory into")->required();
  sub->add_option("--regions", cmd->regions,
                  "Comma-separated regions to collect (default: --region alone if given, else every enabled region)");
  add_scope_options(*sub, cmd->scope, "File of account ids (one per line) to collect by assuming --assume-role in each",
                    "Collect every active account of the organization");
  add_shard_option(*sub, cmd->scope);
  return [&global, cmd]() -> ExitCode {
    CollectOptions options;
    options.scope = cmd->scope;
    options.scope.profiles = global.profiles;
    options.regions = global.regions_or_region(split_regions(cmd->regions));
    options.out = cmd->out;
    options.tool_version = version();
    auto session = aws::Session::create(global.session_options());
    if (!session) return report_error(session.error());

    ProgressLine progress(!global.quiet, global.progress_every);
    options.on_progress = [&progress](const CollectProgress& p) { progress.update(p); };
    auto collected = collect(**session, options);
    progress.finish();
    if (!collected) return report_error(collected.error());
    const Inventory* inventory = &collected->inventory;

    std::size_t instances = 0, failed_regions = 0;
    for (const auto& r : inventory->regions) {
      instances += r.instances.size();
      failed_regions += r.instances_error ? 1 : 0;
    }
    if (!global.quiet) {
      std::cerr << fmt::format(
          "collected {} account(s), {} region(s), {} instance(s) into {} ({} files; it may hold secrets from user "
          "data: keep it private)\n",
          inventory->accounts.size(), inventory->regions.size(), instances, cmd->out, collected->files.size());
    }
    for (const auto& e : inventory->scope_errors) {
      std::cerr << "rolecall: warning: not collected: " << e.account_id << (e.region.empty() ? "" : "/" + e.region)
                << ": " << e.error.describe() << '\n';
    }
    for (const auto& r : inventory->regions) {
      if (r.instances_error) {
        std::cerr << "rolecall: warning: not collected: " << r.account_id << "/" << r.region << ": "
                  << r.instances_error->describe() << '\n';
      }
    }
    if (inventory->regions.empty() && !inventory->scope_errors.empty()) return ExitCode::kCredentials;
    return inventory->scope_errors.empty() && failed_regions == 0 ? ExitCode::kOk : ExitCode::kPartial;
  };
}

}  // namespace rolecall::cli

// rolecall checks: the list of checks with their ids, severities and CIS mapping.
#include <fmt/format.h>

#include <iostream>

#include "checks/registry.h"
#include "cli/commands.h"

namespace rolecall::cli {

Action register_checks(CLI::App& app, GlobalOptions&) {
  auto* sub = app.add_subcommand("checks", "List every check rolecall runs: id, severity, title and CIS mapping.");
  return [sub] {
    (void)sub;
    std::cout << fmt::format("{:<24}  {:<8}  {:<15}  {}\n", "ID", "SEVERITY", "RESOURCE", "TITLE");
    for (const auto* c : checks::all_checks()) {
      const auto& i = c->info();
      std::cout << fmt::format("{:<24}  {:<8}  {:<15}  {}\n", i.id, to_string(i.severity), i.resource_type, i.title);
    }
    std::cout << "\nEvery check maps to " << checks::kCisControls << " (profile " << checks::kCisProfile
              << "); see docs/checks/<id>.md.\n";
    return ExitCode::kOk;
  };
}

}  // namespace rolecall::cli

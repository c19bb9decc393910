// rolecall checks [ID]: the list of checks with their ids, severities and CIS mapping, or one
// check's page (compiled in from docs/checks/<id>.md).
#include <fmt/format.h>

#include <iostream>

#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "checks/registry.h"
#include "cli/check_pages.h"
#include "cli/commands.h"
#include "cli/did_you_mean.h"

namespace rolecall::cli {
namespace {

std::vector<std::string> check_ids() {
  std::vector<std::string> ids;
  for (const auto* c : checks::all_checks()) ids.emplace_back(c->info().id);
  return ids;
}

// {"title", "level", "numbers": [{"version", "id"}, ...]}, null when the check maps to none.
nlohmann::json cis_json(const checks::CisFoundations* cis) {
  if (cis == nullptr) return nullptr;
  nlohmann::json numbers = nlohmann::json::array();
  for (const auto& n : cis->numbers) numbers.push_back({{"version", n.version}, {"id", n.id}});
  return {{"title", cis->title}, {"level", cis->level}, {"numbers", numbers}};
}

nlohmann::json check_json(const checks::CheckInfo& i) {
  return {{"id", i.id},
          {"title", i.title},
          {"severity", to_string(i.severity)},
          {"resource_type", i.resource_type},
          {"rationale", i.rationale},
          {"remediation", i.remediation},
          {"cis_foundations", cis_json(i.cis_foundations)},
          {"cis_controls", checks::kCisControls},
          {"cis_profile", checks::kCisProfile},
          {"default_enabled", i.default_enabled}};
}

}  // namespace

Action register_checks(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand("checks",
                                 "List every check rolecall runs: id, severity, title and CIS mapping (--output table "
                                 "or json); with ID, show that check's page: what it judges, why, and how to fix it.");
  auto id = std::make_shared<std::string>();
  sub->add_option("id", *id, "A check id (see the list): show its page");
  return [&global, id]() -> ExitCode {
    if (global.output != "table" && global.output != "json") {
      return report_error(Error::invalid_argument("checks writes --output table or json, not " + global.output));
    }
    const checks::Check* one = id->empty() ? nullptr : checks::find_check(*id);
    if (!id->empty() && one == nullptr) {
      return report_error(Error::invalid_argument("no check '" + *id + "'" + did_you_mean(*id, check_ids()) +
                                                  "; `rolecall checks` lists them"));
    }
    if (global.output == "json") {
      if (one) {
        nlohmann::json j = check_json(one->info());
        j["page"] = std::string(check_page(one->info().id));
        std::cout << base::json_text(j, 2) << '\n';
      } else {
        nlohmann::json all = nlohmann::json::array();
        for (const auto* c : checks::all_checks()) all.push_back(check_json(c->info()));
        std::cout << base::json_text(all, 2) << '\n';
      }
      return ExitCode::kOk;
    }
    if (one) {
      std::cout << check_page(one->info().id);  // every check has its page (tests/checks/check_docs_test.cpp)
      return ExitCode::kOk;
    }
    std::cout << fmt::format("{:<24}  {:<8}  {:<15}  {}\n", "ID", "SEVERITY", "RESOURCE", "TITLE");
    for (const auto* c : checks::all_checks()) {
      const auto& i = c->info();
      std::cout << fmt::format("{:<24}  {:<8}  {:<15}  {}\n", i.id, to_string(i.severity), i.resource_type, i.title);
    }
    std::cout << "\nEvery check maps to " << checks::kCisControls << " and the recommendation (CIS "
              << checks::kCisProfile << "); in CIS AWS Foundations it is " << checks::kCisInstanceRoles.level << ", "
              << checks::cis_numbers_text(checks::kCisInstanceRoles)
              << ". `rolecall checks ID` shows a check's page.\n";
    return ExitCode::kOk;
  };
}

}  // namespace rolecall::cli

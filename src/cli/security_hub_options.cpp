#include "cli/security_hub_options.h"

#include <iostream>

#include "report/report.h"

namespace rolecall::cli {

std::optional<SecurityHubOptions> SecurityHubFlags::chosen(const std::vector<std::string>& regions) const {
  if (!*on) return std::nullopt;
  SecurityHubOptions out = *options;
  out.scanned_regions = regions;
  return out;
}

SecurityHubFlags add_security_hub_options(CLI::App& sub, const std::string& when) {
  SecurityHubFlags flags;
  auto* hub_flag = sub.add_flag("--security-hub", *flags.on,
                                when +
                                    ", import the non-passing findings into AWS Security Hub (ASFF) and archive "
                                    "rolecall's findings there that now pass or are gone (docs/reports.md)");
  sub.add_option("--security-hub-region", flags.options->region,
                 "Region to import into (default: the first of --regions, else the profile's region)")
      ->needs(hub_flag);
  sub.add_option("--security-hub-account", flags.options->account_id,
                 "Import every finding into this (aggregator) account, reached like the scanned accounts "
                 "(default: each account imports its own)")
      ->needs(hub_flag);
  return flags;
}

bool send_to_security_hub(aws::Session& session, const ScanResult& result, const Inventory& inventory,
                          const ScopeOptions& scope, const SecurityHubOptions& hub, const GlobalOptions& global) {
  report::RenderOptions asff;
  asff.clock = &global.env->clock();
  SecurityHubInput input{report::asff_findings(result, asff), result.checks, &inventory};
  auto outcome = export_to_security_hub(session, scope, hub, std::move(input));
  if (!outcome) {
    report_error(outcome.error().with_context("security hub"));
    return false;
  }
  for (const auto& f : outcome->failures) {
    std::cerr << "rolecall: security hub: account " << f.account_id << " in " << f.region << ": "
              << (f.finding_id.empty() ? std::string() : "finding " + f.finding_id + ": ") << f.code << ": "
              << f.message << '\n';
  }
  if (!global.quiet || !outcome->ok()) {
    std::cerr << "security hub (" << outcome->region << "): " << outcome->imported << " findings imported, "
              << outcome->archived << " archived, " << outcome->failures.size() << " failed\n";
  }
  return outcome->ok();
}

}  // namespace rolecall::cli

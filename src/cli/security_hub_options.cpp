#include "cli/security_hub_options.h"

#include <iostream>

#include "base/iso8601.h"
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

namespace {

// Prints what an export did on stderr (each failure even with --quiet); false when anything was not delivered.
bool report_security_hub_outcome(const Result<SecurityHubOutcome>& outcome, const GlobalOptions& global) {
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

}  // namespace

bool send_to_security_hub(aws::Session& session, const ScanResult& result, const Inventory& inventory,
                          const ScopeOptions& scope, const SecurityHubOptions& hub, const GlobalOptions& global) {
  report::RenderOptions asff;
  asff.clock = &global.env->clock();
  SecurityHubInput input{report::asff_findings(result, asff), result.checks, &inventory};
  return report_security_hub_outcome(export_to_security_hub(session, scope, hub, std::move(input)), global);
}

bool send_audit_to_security_hub(aws::Session& session, const IncrementalVerdicts& verdicts, const ScopeOptions& scope,
                                const SecurityHubOptions& hub, SecurityHubReach& reach, const GlobalOptions& global) {
  report::RenderOptions asff;
  asff.clock = &global.env->clock();
  // The same ASFF a scan's export renders (Ids, GeneratorId, ProductArn), stamped with the audit's time.
  const std::string finished_at = base::format_iso8601(global.env->clock().now());
  auto as_asff = [&](const std::vector<Finding>& findings) {
    ScanResult result;
    result.findings = findings;
    result.checks = verdicts.checks;
    result.started_at = verdicts.started_at;
    result.finished_at = finished_at;
    return report::asff_findings(result, asff);
  };
  SecurityHubAuditInput input{as_asff(verdicts.findings), as_asff(verdicts.before)};
  return report_security_hub_outcome(export_audit_to_security_hub(session, scope, hub, std::move(input), &reach),
                                     global);
}

}  // namespace rolecall::cli

// rolecall::export_audit_to_security_hub: one incremental audit of watch into Security Hub. Its
// cost follows the resources the audit judged: their failing verdicts imported, and those that
// failed before and now pass or are gone archived, without reading what Security Hub holds.
#include <map>
#include <set>
#include <vector>

#include "app/security_hub_destinations.h"
#include "base/iso8601.h"
#include "rolecall/security_hub.h"

namespace rolecall {

Result<SecurityHubOutcome> export_audit_to_security_hub(aws::Session& session, const ScopeOptions& scope,
                                                        const SecurityHubOptions& options, SecurityHubAuditInput input,
                                                        SecurityHubReach* reach) {
  auto destinations = app::HubDestinations::create(session, options);
  if (!destinations) return fail(destinations.error());
  SecurityHubOutcome outcome;
  outcome.region = destinations->region();
  for (auto& f : input.findings) destinations->add(std::move(f));
  // What failed before and no longer fails, by destination: its record now (PASS) or its last one (gone).
  std::map<std::string, std::vector<nlohmann::json>> to_archive;
  const std::string now = base::format_iso8601(session.clock().now());
  std::set<std::pair<std::string, std::string>> handled;  // (account, Id): failing now, or archived once
  for (auto& [account, d] : destinations->by_account()) {
    for (const auto& f : d.active) handled.emplace(account, app::asff_text(f, "Id"));
  }
  for (auto& f : input.before) {
    if (app::asff_passing(f)) continue;
    const std::string account = destinations->account_for(app::asff_text(f, "AwsAccountId"));
    const std::string id = app::asff_text(f, "Id");
    if (!handled.emplace(account, id).second) continue;
    app::HubDestination& d = (*destinations)[account];
    auto pass = d.passing.find(id);
    if (pass != d.passing.end()) {
      to_archive[account].push_back(app::archived_record(std::move(pass->second), now));
      d.passing.erase(pass);
      continue;
    }
    f["ProductArn"] = destinations->product_arn(account);
    to_archive[account].push_back(app::archived_record(std::move(f), now));
  }
  std::erase_if(destinations->by_account(),
                [&](const auto& d) { return d.second.active.empty() && !to_archive.contains(d.first); });
  if (destinations->by_account().empty()) return outcome;  // nothing failed, nothing to archive: no call

  // Without a kept reach, the scope resolved here owns the clients until the imports are done.
  SecurityHubReach::State own;
  if (auto r = destinations->connect_kept(session, scope, reach != nullptr ? reach->state() : own); !r)
    return fail(r.error());
  app::HubImporter importer(session, outcome);
  for (auto& [account, d] : destinations->by_account()) {
    if (!importer.reach(account, d)) continue;
    importer.import(account, d.active, outcome.imported);
    importer.import(account, to_archive[account], outcome.archived);
  }
  return outcome;
}

}  // namespace rolecall

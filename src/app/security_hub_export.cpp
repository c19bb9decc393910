// rolecall::export_to_security_hub: a scan's ASFF findings into Security Hub, and rolecall's
// findings there that no longer hold archived. Archiving is limited to what the scan saw whole:
// an account+region it could not read, or a check it did not run, keeps its findings active.
#include <algorithm>
#include <set>

#include "app/security_hub_destinations.h"
#include "base/iso8601.h"
#include "rolecall/security_hub.h"

namespace rolecall {
namespace {

using Scopes = std::set<std::pair<std::string, std::string>>;  // (account, region)

constexpr std::string_view kGeneratorPrefix = "rolecall-";

// The account+region pairs whose inventory is complete: instances and launch templates read, the
// account's IAM read, and no scope error for the account or the region.
Scopes complete_scopes(const Inventory& inventory) {
  std::set<std::string> broken_accounts;
  Scopes broken;
  for (const auto& e : inventory.scope_errors) {
    if (e.region.empty()) {
      broken_accounts.insert(e.account_id);
    } else {
      broken.emplace(e.account_id, e.region);
    }
  }
  for (const auto& [id, account] : inventory.accounts) {
    if (account.iam_error) broken_accounts.insert(id);
  }
  Scopes out;
  for (const auto& r : inventory.regions) {
    if (r.instances_error || r.launch_templates_error || broken_accounts.contains(r.account_id) ||
        broken.contains({r.account_id, r.region})) {
      continue;
    }
    out.emplace(r.account_id, r.region);
  }
  return out;
}

// Whether an active finding in Security Hub that this scan did not report (or reported passing)
// may be archived: its check ran and its account+region was read completely. The scan's own scope
// errors ("rolecall-scan") go once the scope they name was read.
bool archivable(const nlohmann::json& f, const Scopes& complete, const std::set<std::string>& checks) {
  const std::string generator = app::asff_text(f, "GeneratorId");
  if (!generator.starts_with(kGeneratorPrefix)) return false;
  const std::string check = generator.substr(kGeneratorPrefix.size());
  const std::string account = app::asff_text(f, "AwsAccountId");
  const std::string region = app::asff_text(f, "Region");
  if (check == "scan" && app::asff_text(f, "Id").find("/global/") != std::string::npos) {
    return std::any_of(complete.begin(), complete.end(), [&](const auto& s) { return s.first == account; });
  }
  if (check != "scan" && !checks.contains(check)) return false;
  return complete.contains({account, region});
}

}  // namespace

Result<SecurityHubOutcome> export_to_security_hub(aws::Session& session, const ScopeOptions& scope,
                                                  const SecurityHubOptions& options, SecurityHubInput input) {
  auto destinations = app::HubDestinations::create(session, options);
  if (!destinations) return fail(destinations.error());
  SecurityHubOutcome outcome;
  outcome.region = destinations->region();
  for (auto& f : input.findings) destinations->add(std::move(f));
  auto resolved = destinations->connect(session, scope);
  if (!resolved) return fail(resolved.error());

  const Scopes complete = input.inventory != nullptr ? complete_scopes(*input.inventory) : Scopes{};
  const std::set<std::string> checks(input.checks.begin(), input.checks.end());
  const std::string now = base::format_iso8601(session.clock().now());
  app::HubImporter importer(session, outcome);
  for (auto& [account, d] : destinations->by_account()) {
    if (!importer.reach(account, d)) continue;
    importer.import(account, d.active, outcome.imported);

    auto existing = importer.active_findings(account, destinations->product_arn(account));
    if (!existing) continue;
    std::set<std::string> current;
    for (const auto& f : d.active) current.insert(app::asff_text(f, "Id"));
    std::vector<nlohmann::json> to_archive;
    for (auto& f : *existing) {
      const std::string id = app::asff_text(f, "Id");
      if (current.contains(id) || !archivable(f, complete, checks)) continue;
      auto pass = d.passing.find(id);
      to_archive.push_back(app::archived_record(pass != d.passing.end() ? std::move(pass->second) : std::move(f), now));
    }
    importer.import(account, to_archive, outcome.archived);
  }
  return outcome;
}

}  // namespace rolecall

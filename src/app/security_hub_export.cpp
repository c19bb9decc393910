// rolecall::export_to_security_hub: a scan's ASFF findings into Security Hub, and rolecall's
// findings there that no longer hold archived. Archiving is limited to what the scan saw whole:
// an account+region it could not read, or a check it did not run, keeps its findings active.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "aws/endpoints.h"
#include "aws/ops/securityhub_findings.h"
#include "aws/session.h"
#include "base/iso8601.h"
#include "base/sync.h"
#include "inventory/scope.h"
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

std::string text(const nlohmann::json& f, const char* key) {
  auto it = f.find(key);
  return it != f.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A finding rolecall imports: anything not passing (FAIL, MUTED as SUPPRESSED, ERROR as NOT_AVAILABLE).
bool passing(const nlohmann::json& f) {
  auto compliance = f.find("Compliance");
  return compliance != f.end() && compliance->is_object() && text(*compliance, "Status") == "PASSED";
}

// Everything bound for one account's Security Hub.
struct Destination {
  aws::AwsCaller* caller = nullptr;
  std::optional<Error> unreachable;
  std::vector<nlohmann::json> active;             // to import as they are
  std::map<std::string, nlohmann::json> passing;  // by Id: the PASS verdicts, archived if present
};

class Exporter {
 public:
  Exporter(aws::Session& session, SecurityHubOutcome& outcome) : session_(session), outcome_(outcome) {}

  // Imports `findings` in batches of 100 into `account`; `counter` grows by what was taken, and
  // each refused finding or failed call becomes a failure.
  void import(const std::string& account, const std::vector<nlohmann::json>& findings, std::size_t& counter) {
    for (std::size_t begin = 0; begin < findings.size(); begin += aws::securityhub::kMaxImportBatch) {
      const std::size_t end = std::min(findings.size(), begin + aws::securityhub::kMaxImportBatch);
      nlohmann::json batch = nlohmann::json::array();
      for (std::size_t i = begin; i < end; ++i) batch.push_back(findings[i]);
      auto r = base::run_sync<aws::securityhub::BatchImportFindingsResponse>(session_.loop(), [&](auto done) {
        aws::securityhub::batch_import_findings(*caller_, outcome_.region, batch, std::move(done));
      });
      if (!r) {
        fail_call(account, r.error());
        continue;
      }
      counter += static_cast<std::size_t>(r->success_count);
      for (auto& f : r->failures) {
        outcome_.failures.push_back(
            {account, outcome_.region, std::move(f.id), std::move(f.error_code), std::move(f.error_message)});
      }
    }
  }

  // rolecall's active findings in this account's Security Hub, or nullopt (reported) on failure.
  std::optional<std::vector<nlohmann::json>> active_findings(const std::string& account, const std::string& product) {
    aws::securityhub::GetFindingsRequest request;
    request.region = outcome_.region;
    request.filters["ProductArn"] = {{product, "EQUALS"}};
    request.filters["GeneratorId"] = {{std::string(kGeneratorPrefix), "PREFIX"}};
    request.filters["RecordState"] = {{"ACTIVE", "EQUALS"}};
    request.max_results = 100;
    auto r = base::run_sync<aws::securityhub::GetFindingsResponse>(
        session_.loop(), [&](auto done) { aws::securityhub::get_findings_all(*caller_, request, std::move(done)); });
    if (!r) {
      fail_call(account, r.error());
      return std::nullopt;
    }
    return std::move(r->findings);
  }

  void set_caller(aws::AwsCaller* caller) { caller_ = caller; }

  // Records a call that failed as a whole.
  void fail_call(const std::string& account, const Error& e) {
    outcome_.failures.push_back({account, outcome_.region, "", e.code.empty() ? "Error" : e.code, e.describe()});
  }

 private:
  aws::Session& session_;
  SecurityHubOutcome& outcome_;
  aws::AwsCaller* caller_ = nullptr;
};

// Whether an active finding in Security Hub that this scan did not report (or reported passing)
// may be archived: its check ran and its account+region was read completely. The scan's own scope
// errors ("rolecall-scan") go once the scope they name was read.
bool archivable(const nlohmann::json& f, const Scopes& complete, const std::set<std::string>& checks) {
  const std::string generator = text(f, "GeneratorId");
  if (!generator.starts_with(kGeneratorPrefix)) return false;
  const std::string check = generator.substr(kGeneratorPrefix.size());
  const std::string account = text(f, "AwsAccountId");
  const std::string region = text(f, "Region");
  if (check == "scan" && text(f, "Id").find("/global/") != std::string::npos) {
    return std::any_of(complete.begin(), complete.end(), [&](const auto& s) { return s.first == account; });
  }
  if (check != "scan" && !checks.contains(check)) return false;
  return complete.contains({account, region});
}

}  // namespace

Result<SecurityHubOutcome> export_to_security_hub(aws::Session& session, const ScopeOptions& scope,
                                                  const SecurityHubOptions& options, SecurityHubInput input) {
  SecurityHubOutcome outcome;
  outcome.region = !options.region.empty()            ? options.region
                   : !options.scanned_regions.empty() ? options.scanned_regions.front()
                                                      : session.region().region;
  if (outcome.region.empty()) {
    return fail(ErrorKind::kInvalidArgument,
                "--security-hub needs a region: give --security-hub-region, --regions or --region");
  }
  const std::string partition = aws::partition_of(outcome.region);
  auto resolved = inventory::resolve_scope(session, scope);
  if (!resolved) return fail(resolved.error());

  std::map<std::string, Destination> destinations;
  for (auto& f : input.findings) {
    const std::string account = options.account_id.empty() ? text(f, "AwsAccountId") : options.account_id;
    // Security Hub takes a finding from the importing account's default product in that region.
    f["ProductArn"] =
        fmt::format("arn:{}:securityhub:{}:{}:product/{}/default", partition, outcome.region, account, account);
    Destination& d = destinations[account];
    if (passing(f)) {
      std::string id = text(f, "Id");
      d.passing.emplace(std::move(id), std::move(f));
    } else {
      d.active.push_back(std::move(f));
    }
  }
  for (const auto& t : resolved->targets) {
    auto it = destinations.find(t.account_id);
    if (it == destinations.end()) {
      if (!options.account_id.empty() || !t.caller) continue;
      it = destinations.emplace(t.account_id, Destination{}).first;  // nothing reported: archive only
    }
    it->second.caller = t.caller;
    if (t.error) it->second.unreachable = t.error;
  }
  if (!options.account_id.empty() && destinations.empty()) destinations[options.account_id];

  const Scopes complete = input.inventory != nullptr ? complete_scopes(*input.inventory) : Scopes{};
  const std::set<std::string> checks(input.checks.begin(), input.checks.end());
  const std::string now = base::format_iso8601(session.clock().now());
  Exporter exporter(session, outcome);
  for (auto& [account, d] : destinations) {
    if (d.caller == nullptr) {
      Error why = d.unreachable
                      ? *d.unreachable
                      : Error::invalid_argument(fmt::format("account {} is not among the scanned accounts", account));
      exporter.fail_call(account, why);
      continue;
    }
    exporter.set_caller(d.caller);
    exporter.import(account, d.active, outcome.imported);

    const std::string product =
        fmt::format("arn:{}:securityhub:{}:{}:product/{}/default", partition, outcome.region, account, account);
    auto existing = exporter.active_findings(account, product);
    if (!existing) continue;
    std::set<std::string> current;
    for (const auto& f : d.active) current.insert(text(f, "Id"));
    std::vector<nlohmann::json> to_archive;
    for (auto& f : *existing) {
      const std::string id = text(f, "Id");
      if (current.contains(id) || !archivable(f, complete, checks)) continue;
      auto pass = d.passing.find(id);
      nlohmann::json archived = pass != d.passing.end() ? std::move(pass->second) : std::move(f);
      archived["RecordState"] = "ARCHIVED";
      archived["UpdatedAt"] = now;
      to_archive.push_back(std::move(archived));
    }
    exporter.import(account, to_archive, outcome.archived);
  }
  return outcome;
}

}  // namespace rolecall

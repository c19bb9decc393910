// Where a Security Hub export's findings go and how they get there: one destination per importing
// account, its client from the resolved scope, BatchImportFindings in batches of 100 and
// GetFindings of rolecall's active findings.
#include "app/security_hub_destinations.h"

#include <algorithm>

#include <fmt/format.h>

#include "aws/endpoints.h"
#include "aws/ops/securityhub_findings.h"
#include "base/sync.h"

namespace rolecall {

SecurityHubReach::SecurityHubReach() : state_(std::make_unique<State>()) {}
SecurityHubReach::~SecurityHubReach() = default;

}  // namespace rolecall

namespace rolecall::app {

std::string asff_text(const nlohmann::json& f, const char* key) {
  auto it = f.find(key);
  return it != f.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool asff_passing(const nlohmann::json& f) {
  auto compliance = f.find("Compliance");
  return compliance != f.end() && compliance->is_object() && asff_text(*compliance, "Status") == "PASSED";
}

Result<HubDestinations> HubDestinations::create(const aws::Session& session, const SecurityHubOptions& options) {
  HubDestinations out;
  out.region_ = !options.region.empty()            ? options.region
                : !options.scanned_regions.empty() ? options.scanned_regions.front()
                                                   : session.region().region;
  if (out.region_.empty()) {
    return fail(ErrorKind::kInvalidArgument,
                "--security-hub needs a region: give --security-hub-region, --regions or --region");
  }
  out.partition_ = aws::partition_of(out.region_);
  out.aggregator_ = options.account_id;
  // The aggregator is a destination even with nothing to import: it still archives, or says why it cannot.
  if (!out.aggregator_.empty()) out.by_account_[out.aggregator_];
  return out;
}

std::string HubDestinations::account_for(const std::string& finding_account) const {
  return aggregator_.empty() ? finding_account : aggregator_;
}

std::string HubDestinations::product_arn(const std::string& account) const {
  // Security Hub takes a finding from the importing account's default product in that region.
  return fmt::format("arn:{}:securityhub:{}:{}:product/{}/default", partition_, region_, account, account);
}

void HubDestinations::add(nlohmann::json f) {
  const std::string account = account_for(asff_text(f, "AwsAccountId"));
  f["ProductArn"] = product_arn(account);
  HubDestination& d = by_account_[account];
  if (asff_passing(f)) {
    std::string id = asff_text(f, "Id");
    d.passing.emplace(std::move(id), std::move(f));
  } else {
    d.active.push_back(std::move(f));
  }
}

std::vector<std::string> HubDestinations::accounts_in(const ScopeOptions& scope) const {
  std::vector<std::string> out;
  for (const auto& [account, d] : by_account_) {
    if (scope.only_accounts.empty() ||
        std::find(scope.only_accounts.begin(), scope.only_accounts.end(), account) != scope.only_accounts.end())
      out.push_back(account);
  }
  return out;
}

Result<void> HubDestinations::connect_kept(aws::Session& session, const ScopeOptions& scope,
                                           SecurityHubReach::State& reach) {
  ScopeOptions missing = scope;
  missing.only_accounts.clear();
  for (const auto& account : accounts_in(scope)) {
    if (!reach.callers.contains(account)) missing.only_accounts.push_back(account);
  }
  if (!missing.only_accounts.empty()) {
    auto resolved = inventory::resolve_scope(session, missing);
    if (!resolved) return fail(resolved.error());
    for (const auto& t : resolved->targets) {
      auto it = by_account_.find(t.account_id);
      if (it == by_account_.end()) continue;
      if (t.caller == nullptr || t.error) {
        it->second.unreachable = t.error;  // not kept: the next export tries again
        continue;
      }
      reach.callers[t.account_id] = t.caller;
    }
    reach.resolved.push_back(std::move(*resolved));
  }
  for (auto& [account, d] : by_account_) {
    if (auto c = reach.callers.find(account); c != reach.callers.end() && !d.unreachable) d.caller = c->second;
  }
  return {};
}

Result<inventory::Scope> HubDestinations::connect(aws::Session& session, const ScopeOptions& scope) {
  auto resolved = inventory::resolve_scope(session, scope);
  if (!resolved) return fail(resolved.error());
  for (const auto& t : resolved->targets) {
    auto it = by_account_.find(t.account_id);
    if (it == by_account_.end()) {
      if (!aggregator_.empty() || !t.caller) continue;
      it = by_account_.emplace(t.account_id, HubDestination{}).first;  // nothing reported: archive only
    }
    it->second.caller = t.caller;
    if (t.error) it->second.unreachable = t.error;
  }
  return std::move(*resolved);
}

void HubImporter::import(const std::string& account, const std::vector<nlohmann::json>& findings,
                         std::size_t& counter) {
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

std::optional<std::vector<nlohmann::json>> HubImporter::active_findings(const std::string& account,
                                                                        const std::string& product) {
  aws::securityhub::GetFindingsRequest request;
  request.region = outcome_.region;
  request.filters["ProductArn"] = {{product, "EQUALS"}};
  request.filters["GeneratorId"] = {{"rolecall-", "PREFIX"}};
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

void HubImporter::fail_call(const std::string& account, const Error& e) {
  outcome_.failures.push_back({account, outcome_.region, "", e.code.empty() ? "Error" : e.code, e.describe()});
}

bool HubImporter::reach(const std::string& account, const HubDestination& d) {
  if (d.caller == nullptr) {
    fail_call(account, d.unreachable ? *d.unreachable
                                     : Error::invalid_argument(
                                           fmt::format("account {} is not among the scanned accounts", account)));
    return false;
  }
  set_caller(d.caller);
  return true;
}

nlohmann::json archived_record(nlohmann::json f, const std::string& now) {
  f["RecordState"] = "ARCHIVED";
  f["UpdatedAt"] = now;
  return f;
}

}  // namespace rolecall::app

#pragma once
// What rolecall's two Security Hub exports share (a scan's, export_to_security_hub, and an
// incremental audit's, export_audit_to_security_hub): the import region, each ASFF finding's
// destination account and ProductArn, the accounts' clients, and imports in batches of 100.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/session.h"
#include "inventory/scope.h"
#include "rolecall/security_hub.h"

namespace rolecall {

// What a SecurityHubReach keeps: the scopes resolved so far (they own the clients) and the client
// of each account reached.
struct SecurityHubReach::State {
  std::vector<inventory::Scope> resolved;
  std::map<std::string, aws::AwsCaller*> callers;  // by account
};

}  // namespace rolecall

namespace rolecall::app {

// A string member of an ASFF finding, or "".
std::string asff_text(const nlohmann::json& f, const char* key);

// Whether an ASFF finding passes (Compliance.Status PASSED); rolecall imports only the others
// (FAIL, MUTED as SUPPRESSED, ERROR as NOT_AVAILABLE).
bool asff_passing(const nlohmann::json& f);

// Everything bound for one account's Security Hub.
struct HubDestination {
  aws::AwsCaller* caller = nullptr;
  std::optional<Error> unreachable;
  std::vector<nlohmann::json> active;             // to import as they are
  std::map<std::string, nlohmann::json> passing;  // by Id: the PASS verdicts, archived if present
};

// The destinations of one export, by the account that imports.
class HubDestinations {
 public:
  // Fails (kInvalidArgument) when no import region follows from `options` or the session.
  static Result<HubDestinations> create(const aws::Session& session, const SecurityHubOptions& options);

  // The region every finding goes to.
  const std::string& region() const { return region_; }
  // The account that imports a finding of `finding_account`: --security-hub-account, else its own.
  std::string account_for(const std::string& finding_account) const;
  // That account's default product in the import region: every finding's ProductArn.
  std::string product_arn(const std::string& account) const;
  // Sets `f`'s ProductArn to its destination's and files it there, as active or passing.
  void add(nlohmann::json f);
  // The destination of `account`, created empty.
  HubDestination& operator[](const std::string& account) { return by_account_[account]; }
  std::map<std::string, HubDestination>& by_account() { return by_account_; }

  // Resolves `scope`'s accounts and gives each destination its client, or why it is unreachable;
  // every reachable account of the scope becomes a destination (one with nothing reported still
  // archives; not with --security-hub-account). The Scope owns the clients: keep it while importing.
  Result<inventory::Scope> connect(aws::Session& session, const ScopeOptions& scope);
  // Gives each destination inside `scope` its client, resolving only the accounts `reach` does not
  // hold yet (no AssumeRole into any other); the clients of the accounts newly reached stay in `reach`.
  Result<void> connect_kept(aws::Session& session, const ScopeOptions& scope, SecurityHubReach::State& reach);

 private:
  std::string region_;
  std::string partition_;
  std::string aggregator_;  // --security-hub-account
  std::map<std::string, HubDestination> by_account_;

  // The destinations' accounts inside `scope`.
  std::vector<std::string> accounts_in(const ScopeOptions& scope) const;
};

// Imports into one account's Security Hub and records what went wrong in the outcome.
class HubImporter {
 public:
  HubImporter(aws::Session& session, SecurityHubOutcome& outcome) : session_(session), outcome_(outcome) {}

  // Imports `findings` in batches of 100 into `account`; `counter` grows by what was taken, and
  // each refused finding or failed call becomes a failure.
  void import(const std::string& account, const std::vector<nlohmann::json>& findings, std::size_t& counter);

  // rolecall's active findings in this account's Security Hub (GetFindings: `product`, generator
  // "rolecall-*", ACTIVE), or nullopt (reported) on failure.
  std::optional<std::vector<nlohmann::json>> active_findings(const std::string& account, const std::string& product);

  // Directs the next calls to this account's client.
  void set_caller(aws::AwsCaller* caller) { caller_ = caller; }

  // Records a call that failed as a whole.
  void fail_call(const std::string& account, const Error& e);

  // Whether `d` can be imported into; when not, records why and returns false.
  bool reach(const std::string& account, const HubDestination& d);

 private:
  aws::Session& session_;
  SecurityHubOutcome& outcome_;
  aws::AwsCaller* caller_ = nullptr;
};

// `f` as an archived record (RecordState ARCHIVED, UpdatedAt `now`), re-imported to archive it.
nlohmann::json archived_record(nlohmann::json f, const std::string& now);

}  // namespace rolecall::app

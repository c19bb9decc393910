#pragma once
// Sending a scan's findings to AWS Security Hub: import the non-passing ones (ASFF, batches of
// 100) and archive rolecall's findings there that the scan now finds passing or absent, but only
// for the accounts and regions the scan read completely (docs/reports.md, "Security Hub"); and an
// incremental audit's, archiving only what it judged (docs/watch.md).

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rolecall/error.h"
#include "rolecall/inventory.h"
#include "rolecall/scope.h"

namespace rolecall {

namespace aws {
class Session;
}  // namespace aws

// Where the findings go.
struct SecurityHubOptions {
  // --security-hub-region; empty: the first of `scanned_regions`, else the session's region.
  std::string region;
  // --security-hub-account: import every finding into this account (reached like the scan reached
  // it, e.g. the --assume-role there); empty: each account imports its own.
  std::string account_id;
  std::vector<std::string> scanned_regions;  // the scan's --regions (may be empty)
};

// What the scan produced, as Security Hub takes it.
struct SecurityHubInput {
  std::vector<nlohmann::json> findings;  // ASFF objects of every finding (report::asff_findings), any status
  std::vector<std::string> checks;       // ids of the checks that ran: only their findings are archived
  const Inventory* inventory = nullptr;  // which account+region scopes were read completely
};

// One finding Security Hub did not take, or a call that failed (finding_id empty).
struct SecurityHubFailure {
  std::string account_id;  // the account imported into
  std::string region;
  std::string finding_id;  // the ASFF Id; empty when a whole call failed
  std::string code;        // FailedFindings ErrorCode, or the call's error code
  std::string message;
};

// What happened.
struct SecurityHubOutcome {
  std::string region;        // where the findings went
  std::size_t imported = 0;  // findings Security Hub accepted (active)
  std::size_t archived = 0;  // earlier rolecall findings archived
  std::vector<SecurityHubFailure> failures;

  bool ok() const { return failures.empty(); }
};

// Imports `input.findings` whose compliance is not PASSED into Security Hub and archives the
// rolecall findings there (GetFindings: this product, generator "rolecall-*", ACTIVE) that are no
// longer reported or now pass, for completely scanned account+regions and checks that ran.
// Fails only when no account could be reached (kCredentials) or `options` is invalid
// (kInvalidArgument); every other problem is a SecurityHubFailure in the outcome.
Result<SecurityHubOutcome> export_to_security_hub(aws::Session& session, const ScopeOptions& scope,
                                                  const SecurityHubOptions& options, SecurityHubInput input);

// The accounts Security Hub exports reach, kept from one export to the next so that an account is
// resolved (GetCallerIdentity, ListAccounts, AssumeRole) once, not on every export: watch keeps one
// for its incremental audits. One that could not be reached is tried again by the next export.
class SecurityHubReach {
 public:
  SecurityHubReach();
  ~SecurityHubReach();
  SecurityHubReach(const SecurityHubReach&) = delete;
  SecurityHubReach& operator=(const SecurityHubReach&) = delete;

  struct State;  // the resolved accounts and their clients (app/security_hub_destinations.h)
  // What the exports keep.
  State& state() { return *state_; }

 private:
  std::unique_ptr<State> state_;
};

// One incremental audit as Security Hub takes it: the judged resources' verdicts now and before.
struct SecurityHubAuditInput {
  std::vector<nlohmann::json> findings;  // ASFF of every verdict of the judged resources now, any status
  std::vector<nlohmann::json> before;    // ASFF of what was held for them before the audit, any status
};

// Imports `input.findings` whose compliance is not PASSED, and archives (re-imported with
// RecordState ARCHIVED) each of `input.before` that did not pass and now passes (its PASS record)
// or is gone (its last record): no GetFindings, nothing of a resource not judged, only the
// destinations' accounts reached, through `reach` when given (accounts it reached before are not
// resolved again). Fails as export_to_security_hub does.
Result<SecurityHubOutcome> export_audit_to_security_hub(aws::Session& session, const ScopeOptions& scope,
                                                        const SecurityHubOptions& options, SecurityHubAuditInput input,
                                                        SecurityHubReach* reach = nullptr);

}  // namespace rolecall

#pragma once
// --security-hub and its options, and sending an audit's findings there: what `scan` and `watch`
// share (docs/reports.md, "Security Hub").

#include <memory>

#include <CLI/CLI.hpp>

#include "aws/session.h"
#include "cli/global_options.h"
#include "rolecall/inventory.h"
#include "rolecall/scan.h"
#include "rolecall/security_hub.h"
#include "rolecall/watch.h"

namespace rolecall::cli {

// --security-hub, --security-hub-region and --security-hub-account on `sub`.
struct SecurityHubFlags {
  std::shared_ptr<SecurityHubOptions> options = std::make_shared<SecurityHubOptions>();
  std::shared_ptr<bool> on = std::make_shared<bool>(false);
  // The options when --security-hub was given, covering `regions` (the command's --regions).
  std::optional<SecurityHubOptions> chosen(const std::vector<std::string>& regions) const;
};

// Adds the three options to `sub`; `when` ends the flag's help ("After the scan", "After each audit").
SecurityHubFlags add_security_hub_options(CLI::App& sub, const std::string& when);

// Sends the (unfiltered) findings of one audit of `scope` to Security Hub and says what happened on
// stderr; false when anything was not delivered (each refused finding is named, even with --quiet).
bool send_to_security_hub(aws::Session& session, const ScanResult& result, const Inventory& inventory,
                          const ScopeOptions& scope, const SecurityHubOptions& hub, const GlobalOptions& global);

// Sends one incremental audit of watch (its judged resources' verdicts now and before) to Security
// Hub, reaching its accounts through `reach` (kept across audits), and says what happened as
// send_to_security_hub does; false when anything was not delivered.
bool send_audit_to_security_hub(aws::Session& session, const IncrementalVerdicts& verdicts, const ScopeOptions& scope,
                                const SecurityHubOptions& hub, SecurityHubReach& reach, const GlobalOptions& global);

}  // namespace rolecall::cli

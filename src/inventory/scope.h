#pragma once
// Which accounts a scan covers and the credentials that reach each: the current credentials,
// several --profile's, an --accounts file, or the whole organization (--org) via AssumeRole.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "aws/session.h"
#include "inventory/collector.h"
#include "rolecall/scope.h"

namespace rolecall::inventory {

// How the user chose the scope; public in rolecall/scope.h.
using rolecall::ScopeOptions;

// The resolved scope: one target per account, and the clients they reference.
struct Scope {
  std::vector<AccountTarget> targets;
  std::vector<std::unique_ptr<aws::AwsClient>> clients;  // owned here; targets point into them
  std::string caller_arn;  // the first base credential's identity (a target only when its account is covered)
};

// Whether `s` is an AWS account id: exactly 12 ASCII digits.
bool is_account_id(std::string_view s);

// Reads (through `env`) and parses an --accounts file; fails with kInvalidArgument naming the file
// and line of a bad entry.
Result<std::vector<std::pair<std::string, std::string>>> read_accounts_file(const base::Env& env,
                                                                            const std::string& path);

// Resolves the scope: identifies every base credential with sts:GetCallerIdentity and assumes the
// role into each other account. With an --accounts file (and no --org) only the listed accounts
// are targets: a base credential's own account is one only when the file lists it. Fails (kCredentials) only when no
// base credential works at all; an account that cannot be reached becomes a target with `error` set, and the scan goes
// on.
// `on_identity`, when given, hears each assumed role settle (done out of the accounts reached
// through a role), one call at a time.
Result<Scope> resolve_scope(aws::Session& session, const ScopeOptions& options,
                            const std::function<void(const PhaseProgress&)>& on_identity = {});

}  // namespace rolecall::inventory

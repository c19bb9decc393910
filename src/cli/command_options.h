#pragma once
// Options several subcommands declare alike: the account scope, --journal and comma-separated lists.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/env.h"
#include "cli/global_options.h"
#include "inventory/scope.h"
#include "rolecall/collect.h"
#include "rolecall/remediate.h"

namespace rolecall::cli {

// Adds --accounts, --org, --assume-role and --external-id into `scope`; only the first two's help
// differs between commands (it names what the command does to each account).
void add_scope_options(CLI::App& sub, inventory::ScopeOptions& scope, const std::string& accounts_help,
                       const std::string& org_help);

// Adds --shard I/N into `scope` (inventory/shard.h): for the commands a scheduler splits (scan,
// collect, plan, preflight), not for those that act on what a plan or journal names.
void add_shard_option(CLI::App& sub, inventory::ScopeOptions& scope);

// Adds --journal into `path` (empty when not given; see journal_path).
void add_journal_option(CLI::App& sub, std::string& path);

// --trail-logs (described by `trail_logs_help`), --trail-logs-region, --trail-since, --trail-until.
void add_trail_logs_options(CLI::App& sub, TrailLogsOptions& trail, const std::string& trail_logs_help);

// Checks them before any work: the window needs a location, a location is a directory or a valid
// s3:// URL, a region goes with an s3:// location only. kInvalidArgument naming the option.
Result<void> check_trail_logs_options(const base::Env& env, const TrailLogsOptions& trail);

// The journal to open: `flag` (--journal) when given, else Journal::default_path of `env`.
std::string journal_path(const std::string& flag, const base::Env& env);

// Fills what apply and rollback share from their flags and `global`: the session, the journal
// (--journal or the default), the scope with --profile, the terminal's prompt and stderr.
void set_change_request(ChangeRequest& request, const std::string& journal_flag, const inventory::ScopeOptions& scope,
                        bool yes, const GlobalOptions& global);

// Adds a comma-separated list option: CLI11 splits each value at commas (repeating the option
// adds more); empty items ("a,,b", "--regions ''") are dropped.
CLI::Option* add_list_option(CLI::App& sub, const std::string& name, std::vector<std::string>& list,
                             const std::string& help);

}  // namespace rolecall::cli

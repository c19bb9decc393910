#pragma once
// One registration function per subcommand file; each returns the action to run when parsed.

#include <functional>

#include <CLI/CLI.hpp>

#include "cli/global_options.h"

namespace rolecall::cli {

// Runs a parsed subcommand and returns the process exit status.
using Action = std::function<ExitCode()>;

Action register_apply(CLI::App& app, GlobalOptions& global);
Action register_checks(CLI::App& app, GlobalOptions& global);
Action register_collect(CLI::App& app, GlobalOptions& global);
Action register_completion(CLI::App& app, GlobalOptions& global);
Action register_config(CLI::App& app, GlobalOptions& global);
Action register_demo(CLI::App& app, GlobalOptions& global);
Action register_diff(CLI::App& app, GlobalOptions& global);
Action register_findings(CLI::App& app, GlobalOptions& global);
Action register_help(CLI::App& app, GlobalOptions& global);
Action register_history(CLI::App& app, GlobalOptions& global);
Action register_keys(CLI::App& app, GlobalOptions& global);
Action register_plan(CLI::App& app, GlobalOptions& global);
Action register_preflight(CLI::App& app, GlobalOptions& global);
Action register_report(CLI::App& app, GlobalOptions& global);
Action register_rollback(CLI::App& app, GlobalOptions& global);
Action register_runs(CLI::App& app, GlobalOptions& global);
Action register_scan(CLI::App& app, GlobalOptions& global);
Action register_scan_files(CLI::App& app, GlobalOptions& global);
Action register_watch(CLI::App& app, GlobalOptions& global);
Action register_whoami(CLI::App& app, GlobalOptions& global);

// Help text laid out like the AWS CLI's (NAME, DESCRIPTION, SYNOPSIS, OPTIONS).
std::shared_ptr<CLI::FormatterBase> make_help_formatter();

}  // namespace rolecall::cli

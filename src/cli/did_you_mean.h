#pragma once
// What to tell a user whose command line did not parse: the unknown command or option, and the
// known one it most likely meant (like the AWS CLI's "Invalid choice" and git's "did you mean").

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace rolecall::cli {

// The subcommand names of `app`, sorted.
std::vector<std::string> command_names(const CLI::App& app);

// "unknown command 'scna' (did you mean 'scan'?)" for the first word of `args` (argv without the
// program name) that is not a command (at any depth: `config valdate`), "unknown option '--regin'
// for scan (did you mean '--regions'?)" for the first option neither the command nor `app` defines,
// "'config' needs a command: validate" when a command is missing, or the arguments a command does
// not take in the order given; nullopt when none applies (CLI11's own message is then the best).
std::optional<std::string> explain_parse_error(const CLI::App& app, const std::vector<std::string>& args);

// "config validate" for that command of the tree (its names below the program); "" for the program.
std::string command_path(const CLI::App& app);

// " (did you mean 'scan'?)" for `word` among `candidates`, or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace rolecall::cli

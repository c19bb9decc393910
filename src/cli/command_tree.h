#pragma once
// The command line as data (commands, their options and choices), read from the CLI11 model once
// so that the man pages and the shell completions are generated from the same text as --help.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace rolecall::cli {

// One option or positional argument of a command.
struct OptionInfo {
  std::vector<std::string> long_names;   // "--output" (with dashes)
  std::vector<std::string> short_names;  // "-o"
  std::string positional;                // the positional's name; empty for flags and options
  bool takes_value = false;              // false for flags
  bool required = false;
  bool repeatable = false;
  std::string description;
  std::vector<std::string> choices;  // from an IsMember check; empty when free text
};

// A command (the program itself at the root) and what it accepts.
struct CommandInfo {
  std::vector<std::string> path;  // {} for rolecall, {"config", "validate"} for `rolecall config validate`
  std::string description;
  std::vector<OptionInfo> options;  // the command's own, without --help
  std::vector<CommandInfo> subcommands;
  // "rolecall config validate".
  std::string full_name() const;
  // first_clause of the description.
  std::string summary() const;
};

// `text` up to its first ". " or ": ", at most `max` characters (cut at a word, with "..."): for
// the man page's NAME line and completion menus.
std::string first_clause(const std::string& text, std::size_t max = 72);

// The tree of `app`: its options, and every subcommand's, recursively. Hidden options (no group)
// and --help are left out, as --help leaves them out.
CommandInfo describe_commands(const CLI::App& app);

// Every command of the tree, depth first, the root first.
std::vector<const CommandInfo*> all_commands(const CommandInfo& root);

}  // namespace rolecall::cli

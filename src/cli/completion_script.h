#pragma once
// Shell completion scripts for bash and zsh, generated from the command tree (commands, options,
// and the choices of options such as --output), so they never disagree with --help.

#include <optional>
#include <string>
#include <string_view>

#include "cli/command_tree.h"

namespace rolecall::cli {

// The completion script for `shell` ("bash" or "zsh"); nullopt for any other shell.
std::optional<std::string> completion_script(const CommandInfo& root, std::string_view shell);

// The shells completion_script knows.
inline constexpr std::string_view kCompletionShells[] = {"bash", "zsh"};

}  // namespace rolecall::cli

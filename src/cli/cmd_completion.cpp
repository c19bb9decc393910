// rolecall completion SHELL: prints the bash or zsh completion script (generated from --help's model).
#include <iostream>

#include "cli/commands.h"
#include "cli/completion_script.h"
#include "cli/did_you_mean.h"

namespace rolecall::cli {

Action register_completion(CLI::App& app, GlobalOptions&) {
  auto* sub = app.add_subcommand(
      "completion",
      "Print the shell completion script for SHELL (bash or zsh). The Debian package installs both; by hand: "
      "`source <(rolecall completion bash)` in ~/.bashrc, or save `rolecall completion zsh` as _rolecall in a "
      "directory on $fpath.");
  auto shell = std::make_shared<std::string>();
  sub->add_option("shell", *shell, "bash or zsh")->required();
  return [&app, shell]() -> ExitCode {
    const auto script = completion_script(describe_commands(app), *shell);
    if (!script) {
      std::vector<std::string> shells(std::begin(kCompletionShells), std::end(kCompletionShells));
      return report_error(Error::invalid_argument("no completion for shell '" + *shell + "' (bash or zsh)" +
                                                  did_you_mean(*shell, shells)));
    }
    std::cout << *script;
    return ExitCode::kOk;
  };
}

}  // namespace rolecall::cli

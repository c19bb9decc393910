// rolecall help [COMMAND]: the help text of rolecall or of one command, as `COMMAND --help` gives it.
#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "cli/did_you_mean.h"

namespace rolecall::cli {

Action register_help(CLI::App& app, GlobalOptions&) {
  auto* sub = app.add_subcommand("help", "Show the help of rolecall, or of COMMAND (the same as COMMAND --help).");
  auto command = std::make_shared<std::vector<std::string>>();
  sub->add_option("command", *command, "The command, and its subcommand if it has them (help config validate)");
  return [&app, command]() -> ExitCode {
    const CLI::App* shown = &app;
    for (const auto& name : *command) {
      const auto names = command_names(*shown);
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        return report_error(Error::invalid_argument("no command '" + name + "'" + did_you_mean(name, names)));
      }
      shown = shown->get_subcommand(name);
    }
    // The formatter directly: App::help() of the top level would show the parsed command's (help's) own.
    std::cout << shown->get_formatter()->make_help(shown, shown == &app ? "rolecall" : shown->get_name(),
                                                   CLI::AppFormatMode::Normal);
    return ExitCode::kOk;
  };
}

}  // namespace rolecall::cli

// rolecall help [COMMAND]: the help text of rolecall or of one command, as `COMMAND --help` gives it;
// `help --man-dir DIR` writes the same text as man pages (the build does, for `cmake --install`).
#include <algorithm>
#include <iostream>

#include "cli/command_tree.h"
#include "cli/commands.h"
#include "cli/did_you_mean.h"
#include "cli/man_page.h"
#include "rolecall/version.h"

namespace rolecall::cli {

namespace {

// Writes one page per command of `app` into `dir`.
ExitCode write_man_pages(const CLI::App& app, const std::string& dir, base::Env& env) {
  if (auto made = env.create_directories(dir); !made) return report_error(made.error());
  const CommandInfo root = describe_commands(app);
  for (const CommandInfo* command : all_commands(root)) {
    const std::string page = render_man_page(root, *command, version());
    auto written = env.write_file(dir + "/" + man_page_name(*command), page);
    if (!written) return report_error(written.error());
  }
  return ExitCode::kOk;
}

}  // namespace

Action register_help(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand("help", "Show the help of rolecall, or of COMMAND (the same as COMMAND --help).");
  auto command = std::make_shared<std::vector<std::string>>();
  sub->add_option("command", *command, "The command, and its subcommand if it has them (help config validate)");
  auto man_dir = std::make_shared<std::string>();
  sub->add_option("--man-dir", *man_dir,
                  "Write every command's help as a man page (rolecall-COMMAND.1) into this directory");
  return [&app, &global, command, man_dir]() -> ExitCode {
    if (!man_dir->empty()) return write_man_pages(app, *man_dir, *global.env);
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

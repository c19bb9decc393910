// rolecall config validate FILE: checks a policy file without scanning.
#include <fmt/format.h>

#include <iostream>

#include "base/iso8601.h"
#include "cli/commands.h"
#include "config/config.h"

namespace rolecall::cli {

Action register_config(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand("config", "Work with rolecall configuration files (docs/config.md).");
  sub->require_subcommand(1);
  auto* validate = sub->add_subcommand(
      "validate",
      "Check a configuration file (unknown keys, wrong types, bad dates, unknown check ids) without scanning. "
      "Exit status: 0 valid, 2 invalid.");
  auto file = std::make_shared<std::string>();
  validate->add_option("FILE", *file, "The YAML configuration file")->required();
  return [&global, file]() -> ExitCode {
    auto config = config::load_config(*global.env, *file);
    if (!config) {
      Error e = config.error();
      e.kind = ErrorKind::kInvalidArgument;  // whatever went wrong, the file is not usable: exit 2
      return report_error(e);
    }
    const config::Date today = config::utc_today(global.env->clock());
    std::size_t expired = 0;
    for (const auto& entry : config->mutelist) {
      if (entry.expires && today > *entry.expires) {
        ++expired;
        std::cerr << fmt::format("rolecall: warning: mutelist entry at {} expired on {} and no longer mutes anything\n",
                                 entry.source, base::format_date(*entry.expires));
      }
    }
    if (!global.quiet) {
      std::cout << fmt::format("{}: valid ({} approved ARN(s), {} check setting(s), {} mutelist entr{}, {} expired)\n",
                               *file, config->approved.size(), config->checks.size(), config->mutelist.size(),
                               config->mutelist.size() == 1 ? "y" : "ies", expired);
    }
    return ExitCode::kOk;
  };
}

}  // namespace rolecall::cli

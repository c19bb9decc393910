#include "cli/store_options.h"

#include <iostream>

namespace rolecall::cli {

CLI::Option* add_store_option(CLI::App& sub, std::string& url, bool value_optional) {
  auto* option = sub.add_option("--store", url,
                                "The store of scans (docs/store.md): a file path, sqlite:///path, or a PostgreSQL "
                                "database a team shares, postgresql://user@host/db (default: "
                                "$XDG_STATE_HOME/rolecall/store.db, else ~/.local/state/rolecall/store.db)")
                     ->type_name("URL");
  if (value_optional) option->expected(0, 1);
  return option;
}

Result<std::unique_ptr<store::FindingStore>> open_cli_store(const std::string& url, const GlobalOptions& global) {
  return store::open_store(url, *global.env);
}

ExitCode store_error(const Error& error) {
  std::cerr << "rolecall: error: " << error.describe() << '\n';
  return ExitCode::kUsage;
}

Result<void> check_table_or_json(const GlobalOptions& global, const std::string& command) {
  if (global.output != "table" && global.output != "json") {
    return fail(Error::invalid_argument(command + " writes --output table or json, not " + global.output));
  }
  return global.check_output_file();
}

}  // namespace rolecall::cli

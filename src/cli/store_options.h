#pragma once
// What `scan --store`, `history`, `diff` and `findings` share: the --store option, opening the
// store it names, and how a store failure exits.

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/global_options.h"
#include "store/store.h"

namespace rolecall::cli {

// Adds --store URL into `url` (empty: the default store); with `value_optional` the option may be
// given without a value (scan --store). Returns the option, whose count() says whether it was given.
CLI::Option* add_store_option(CLI::App& sub, std::string& url, bool value_optional);

// Opens the store `url` names (docs/store.md) through `global`'s Env.
Result<std::unique_ptr<store::FindingStore>> open_cli_store(const std::string& url, const GlobalOptions& global);

// Reports a store failure; exit status 2 (docs/exit-codes.md): the store given cannot be used.
ExitCode store_error(const Error& error);

// Fails with kInvalidArgument unless --output is table or json, naming `command`.
Result<void> check_table_or_json(const GlobalOptions& global, const std::string& command);

}  // namespace rolecall::cli

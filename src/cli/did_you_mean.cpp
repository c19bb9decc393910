#include "cli/did_you_mean.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <limits>

#include "base/spelling.h"

namespace rolecall::cli {
namespace {

// "--name" for every long name of `app`'s options.
std::vector<std::string> long_options(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::Option* o : app.get_options()) {
    for (const auto& name : o->get_lnames()) out.push_back("--" + name);
  }
  return out;
}

// The option `app` has under the long name `name` ("--name"), or nullptr.
const CLI::Option* find_long(const CLI::App& app, const std::string& name) {
  for (const CLI::Option* o : app.get_options()) {
    const auto& names = o->get_lnames();
    if (std::find(names.begin(), names.end(), name.substr(2)) != names.end()) return o;
  }
  return nullptr;
}

// The option `app` has under the short name `name` ("-x"), or nullptr.
const CLI::Option* find_short(const CLI::App& app, const std::string& name) {
  for (const CLI::Option* o : app.get_options()) {
    const auto& names = o->get_snames();
    if (std::find(names.begin(), names.end(), name.substr(1)) != names.end()) return o;
  }
  return nullptr;
}

// How many arguments `app`'s positionals take together (saturating: a list takes any number).
std::size_t positional_capacity(const CLI::App& app) {
  std::size_t n = 0;
  for (const CLI::Option* o : app.get_options()) {
    if (!o->get_positional()) continue;
    const int items = o->get_items_expected_max();
    if (items < 0 || items >= CLI::detail::expected_max_vector_size) return std::numeric_limits<std::size_t>::max();
    n += static_cast<std::size_t>(items);
  }
  return n;
}

// True when `option` (given as `token`) consumes the next argument as its value.
bool takes_next(const CLI::Option* option, const std::string& token) {
  return option != nullptr && option->get_type_size_max() > 0 && token.find('=') == std::string::npos;
}

}  // namespace

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::App* sub : app.get_subcommands({})) out.push_back(sub->get_name());
  std::sort(out.begin(), out.end());
  return out;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  auto match = base::closest_match(word, candidates);
  return match ? fmt::format(" (did you mean '{}'?)", *match) : "";
}

std::optional<std::string> explain_parse_error(const CLI::App& app, const std::vector<std::string>& args) {
  const CLI::App* command = nullptr;     // the deepest command named so far
  std::vector<std::string> positionals;  // the command's own arguments, in the order given
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& token = args[i];
    if (token == "--") break;
    const std::string where = command ? " for " + command_path(*command) : "";
    if (token.starts_with("--")) {
      const std::string name = token.substr(0, token.find('='));  // "--name" of "--name=value"
      const CLI::Option* option = command ? find_long(*command, name) : nullptr;
      if (option == nullptr) option = find_long(app, name);
      if (option == nullptr) {
        // The command's own options first: `scan --regin` means --regions more likely than --region.
        std::string hint = command ? did_you_mean(name, long_options(*command)) : "";
        if (hint.empty()) hint = did_you_mean(name, long_options(app));
        return fmt::format("unknown option '{}'{}{}", name, where, hint);
      }
      if (takes_next(option, token)) {
        if (i + 1 == args.size()) return std::nullopt;  // its value is missing: CLI11 says so
        ++i;
      }
      continue;
    }
    if (token.size() > 1 && token.starts_with("-")) {
      const std::string name = token.substr(0, 2);  // "-x" of "-xyz" or "-xVALUE"
      const CLI::Option* option = command ? find_short(*command, name) : nullptr;
      if (option == nullptr) option = find_short(app, name);
      if (option == nullptr) return fmt::format("unknown option '{}'{}", name, where);
      if (takes_next(option, token) && token.size() == 2) {
        if (i + 1 == args.size()) return std::nullopt;
        ++i;
      }
      continue;
    }
    const CLI::App& parent = command ? *command : app;
    const auto names = command_names(parent);
    if (names.empty()) {  // a command without subcommands: its own arguments
      positionals.push_back(token);
      continue;
    }
    if (std::find(names.begin(), names.end(), token) == names.end()) {
      return fmt::format("unknown command '{}'{}{}; the commands are {}", token, where, did_you_mean(token, names),
                         fmt::join(names, ", "));
    }
    command = parent.get_subcommand(token);
  }
  const CLI::App& last = command ? *command : app;
  if (last.get_require_subcommand_min() > 0 && !command_names(last).empty()) {
    const auto names = command_names(last);
    if (command == nullptr) return fmt::format("a command is required; the commands are {}", fmt::join(names, ", "));
    return fmt::format("'{}' needs a command: {}", command_path(*command), fmt::join(names, ", "));
  }
  // Arguments past what the command takes, named in the order given (CLI11 lists them reversed).
  const std::size_t takes = positional_capacity(last);
  if (command != nullptr && positionals.size() > takes) {
    const std::vector<std::string> extra(positionals.begin() + static_cast<std::ptrdiff_t>(takes), positionals.end());
    return fmt::format("unexpected argument{} for {}: {}", extra.size() == 1 ? "" : "s", command_path(*command),
                       fmt::join(extra, " "));
  }
  return std::nullopt;
}

std::string command_path(const CLI::App& app) {
  std::string out;
  for (const CLI::App* at = &app; at != nullptr && at->get_parent() != nullptr; at = at->get_parent()) {
    out = out.empty() ? at->get_name() : at->get_name() + " " + out;
  }
  return out;
}

}  // namespace rolecall::cli

#include "cli/did_you_mean.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

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
  const CLI::App* command = nullptr;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& token = args[i];
    if (token == "--") break;
    if (token.starts_with("--")) {
      const std::string name = token.substr(0, token.find('='));  // "--name" of "--name=value"
      const CLI::Option* option = command ? find_long(*command, name) : nullptr;
      if (option == nullptr) option = find_long(app, name);
      if (option == nullptr) {
        // The command's own options first: `scan --regin` means --regions more likely than --region.
        std::string hint = command ? did_you_mean(name, long_options(*command)) : "";
        if (hint.empty()) hint = did_you_mean(name, long_options(app));
        return fmt::format("unknown option '{}'{}{}", name, command ? " for " + command->get_name() : "", hint);
      }
      if (takes_next(option, token)) ++i;
      continue;
    }
    if (token.starts_with("-") || command != nullptr) continue;  // short flags; a command's positionals
    const auto names = command_names(app);
    if (std::find(names.begin(), names.end(), token) == names.end()) {
      return fmt::format("unknown command '{}'{}; the commands are {}", token, did_you_mean(token, names),
                         fmt::join(names, ", "));
    }
    command = app.get_subcommand(token);
  }
  return std::nullopt;
}

}  // namespace rolecall::cli

// Reads the CLI11 model into CommandInfo: names, value-taking, and IsMember choices.
#include "cli/command_tree.h"

#include <algorithm>

namespace rolecall::cli {
namespace {

// CLI11 appends a check's description to the type name ("TEXT:{json,table}"): the set is the choices.
std::vector<std::string> choices_of(const CLI::Option& opt) {
  const std::string type = opt.get_type_name();
  const auto open = type.find('{');
  const auto close = type.find('}', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return {};
  std::vector<std::string> out;
  std::string item;
  for (char c : type.substr(open + 1, close - open - 1)) {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

OptionInfo describe_option(const CLI::Option& opt) {
  OptionInfo info;
  for (const auto& name : opt.get_lnames()) info.long_names.push_back("--" + name);
  for (const auto& name : opt.get_snames()) info.short_names.push_back("-" + name);
  if (info.long_names.empty() && info.short_names.empty()) info.positional = opt.get_name();
  info.takes_value = opt.get_expected_max() != 0;
  info.required = opt.get_required();
  info.repeatable = opt.get_expected_max() > 1 || opt.get_items_expected_max() > 1 ||
                    opt.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
  info.description = opt.get_description();
  info.choices = choices_of(opt);
  return info;
}

CommandInfo describe(const CLI::App& app, std::vector<std::string> path) {
  CommandInfo info;
  info.path = std::move(path);
  info.description = app.get_description();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden
    if (opt->get_name() == "--help" || opt->get_name() == "-h") continue;
    info.options.push_back(describe_option(*opt));
  }
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_group().empty()) continue;  // hidden
    auto sub_path = info.path;
    sub_path.push_back(sub->get_name());
    info.subcommands.push_back(describe(*sub, std::move(sub_path)));
  }
  return info;
}

void collect(const CommandInfo& command, std::vector<const CommandInfo*>& out) {
  out.push_back(&command);
  for (const auto& sub : command.subcommands) collect(sub, out);
}

}  // namespace

std::string CommandInfo::full_name() const {
  std::string out = "rolecall";
  for (const auto& part : path) out += " " + part;
  return out;
}

std::string CommandInfo::summary() const { return first_clause(description); }

std::string first_clause(const std::string& description, std::size_t max) {
  std::string text = description.substr(0, std::min(description.find(". "), description.find(": ")));
  if (!text.empty() && text.back() == '.') text.pop_back();
  if (text.size() > max) {
    const auto space = text.rfind(' ', max - 3);
    text = text.substr(0, space == std::string::npos ? max - 3 : space) + "...";
  }
  return text;
}

CommandInfo describe_commands(const CLI::App& app) { return describe(app, {}); }

std::vector<const CommandInfo*> all_commands(const CommandInfo& root) {
  std::vector<const CommandInfo*> out;
  collect(root, out);
  return out;
}

}  // namespace rolecall::cli

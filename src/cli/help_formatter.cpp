// Help text laid out like the AWS CLI's man-page style help, which our users read every day.
#include <sstream>

#include "cli/command_tree.h"
#include "cli/commands.h"
#include "cli/did_you_mean.h"

namespace rolecall::cli {
namespace {

constexpr const char* kIndent = "       ";

// Wraps `text` at 79 columns with `indent` in front of every line.
std::string wrap(const std::string& text, const std::string& indent) {
  std::istringstream words(text);
  std::string word, line, out;
  while (words >> word) {
    if (!line.empty() && indent.size() + line.size() + 1 + word.size() > 79) {
      out += indent + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

std::string value_kind(const CLI::Option* opt) {
  if (opt->get_expected_max() == 0) return "boolean";
  if (opt->get_expected_max() > 1 || opt->get_items_expected_max() > 1) return "list";
  return "string";
}

class AwsStyleFormatter final : public CLI::Formatter {
 public:
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode) const override {
    const bool top = app->get_parent() == nullptr;
    const std::string path = command_path(*app);
    const std::string full = top ? "rolecall" : "rolecall " + path;
    const auto commands = app->get_subcommands({});
    // The name with the description's first clause, as the man page's NAME line has it.
    std::string out = "NAME\n" + std::string(kIndent) + full + " - " + first_clause(app->get_description()) + "\n\n";
    out += "DESCRIPTION\n" + wrap(app->get_description(), kIndent) + "\n";

    out += "SYNOPSIS\n";
    if (top) {
      out += std::string(kIndent) + "rolecall [options] <command> [parameters]\n\n";
    } else if (!commands.empty()) {
      out += std::string(kIndent) + full + " <command> [parameters]\n\n";
    } else {
      out += std::string(kIndent) + "     " + full + "\n";
      for (const CLI::Option* opt : own_options(app)) {
        std::string flag = opt->get_name(false, false);
        std::string item = opt->get_expected_max() == 0 ? flag : flag + " <value>";
        if (opt->get_positional()) item = "<" + opt->get_name() + ">";
        out += std::string(kIndent) + "   " + (opt->get_required() ? item : "[" + item + "]") + "\n";
      }
      out += "\n";
    }

    auto options = own_options(app);
    if (!options.empty()) {
      out += "OPTIONS\n";
      for (const CLI::Option* opt : options) out += describe(opt);
    }
    if (!commands.empty()) {
      out += "AVAILABLE COMMANDS\n";
      for (const CLI::App* sub : commands) {
        out += std::string(kIndent) + "o " + sub->get_name() + "\n" + wrap(sub->get_description(), "           ");
      }
      out += "\n";
    }
    if (!top) {
      // The program's own options, by name: every one of them, since the list is read from it.
      const CLI::App* root = app;
      while (root->get_parent() != nullptr) root = root->get_parent();
      std::string names;
      for (const CLI::Option* opt : own_options(root)) {
        if (opt->get_group() == "Global options") names += (names.empty() ? "" : ", ") + opt->get_name(false, false);
      }
      out += "GLOBAL OPTIONS\n" + wrap(names + " (see `rolecall --help`).", kIndent) + "\n";
    }
    (void)name;
    return out;
  }

 private:
  static std::vector<const CLI::Option*> own_options(const CLI::App* app) {
    std::vector<const CLI::Option*> out;
    for (const CLI::Option* opt : app->get_options()) {
      if (opt->get_name() == "--help" || opt->get_name() == "-h") continue;
      out.push_back(opt);
    }
    return out;
  }

  static std::string describe(const CLI::Option* opt) {
    std::string name = opt->get_positional() ? "<" + opt->get_name() + ">" : opt->get_name(false, false);
    std::string out = std::string(kIndent) + name + " (" + value_kind(opt) + ")\n";
    std::string text = opt->get_description();
    if (!opt->get_default_str().empty()) text += " Default: " + opt->get_default_str() + ".";
    return out + wrap(text, std::string(kIndent) + "   ") + "\n";
  }
};

}  // namespace

std::shared_ptr<CLI::FormatterBase> make_help_formatter() { return std::make_shared<AwsStyleFormatter>(); }

}  // namespace rolecall::cli

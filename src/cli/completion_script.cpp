// Both scripts share four generated lookup functions keyed by the command path ("config/validate"):
// the subcommands, the options, the options that take a value, and an option's choices. The
// walking code (which words are commands, which are option values) is the same in both shells.
#include "cli/completion_script.h"

#include <functional>

namespace rolecall::cli {
namespace {

// Single-quoted for sh: ' becomes '\''.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string path_key(const CommandInfo& command) {
  std::string key;
  for (const auto& part : command.path) key += (key.empty() ? "" : "/") + part;
  return key;
}

// A command's options: its own, then (for a subcommand) the root's global options, which
// rolecall accepts after the command too.
std::vector<const OptionInfo*> options_of(const CommandInfo& root, const CommandInfo& command) {
  std::vector<const OptionInfo*> out;
  for (const auto& opt : command.options) {
    if (opt.positional.empty()) out.push_back(&opt);
  }
  if (&command != &root) {
    for (const auto& opt : root.options) out.push_back(&opt);
  }
  return out;
}

std::vector<std::string> names_of(const OptionInfo& opt) {
  std::vector<std::string> names = opt.long_names;
  names.insert(names.end(), opt.short_names.begin(), opt.short_names.end());
  return names;
}

// One generated `case` function: `body(command)` gives the words for one command path.
using Words = std::function<std::vector<std::string>(const CommandInfo&)>;

std::string case_function(const std::string& name, const CommandInfo& root, const Words& words, bool zsh) {
  std::string out = name + "() {\n" + (zsh ? "  reply=()\n" : "") + "  case \"$1\" in\n";
  for (const CommandInfo* command : all_commands(root)) {
    const auto items = words(*command);
    if (items.empty()) continue;
    std::string list;
    for (const auto& item : items) list += (list.empty() ? "" : " ") + quoted(item);
    out += "    (" + quoted(path_key(*command)) + ") " + (zsh ? "reply=(" + list + ")" : "printf '%s\\n' " + list) +
           " ;;\n";
  }
  return out + "  esac\n}\n";
}

std::string choices_function(const std::string& name, const CommandInfo& root, bool zsh) {
  std::string out = name + "() {\n" + (zsh ? "  reply=()\n" : "") + "  case \"$1 $2\" in\n";
  for (const CommandInfo* command : all_commands(root)) {
    for (const OptionInfo* opt : options_of(root, *command)) {
      if (opt->choices.empty()) continue;
      std::string list;
      for (const auto& choice : opt->choices) list += (list.empty() ? "" : " ") + quoted(choice);
      for (const auto& option_name : names_of(*opt)) {
        out += "    (" + quoted(path_key(*command) + " " + option_name) + ") " +
               (zsh ? "reply=(" + list + ")" : "printf '%s\\n' " + list) + " ;;\n";
      }
    }
  }
  return out + "  esac\n}\n";
}

// zsh's _describe takes "name:description" with ':' in the name escaped.
std::string described(const std::string& name, const std::string& description) {
  std::string escaped;
  for (char c : name) escaped += c == ':' ? std::string("\\:") : std::string(1, c);
  return escaped + ":" + description;
}

std::string lookups(const CommandInfo& root, bool zsh) {
  const Words commands = [zsh](const CommandInfo& command) {
    std::vector<std::string> out;
    for (const auto& sub : command.subcommands) {
      out.push_back(zsh ? described(sub.path.back(), sub.summary()) : sub.path.back());
    }
    return out;
  };
  const Words options = [&root, zsh](const CommandInfo& command) {
    std::vector<std::string> out;
    for (const OptionInfo* opt : options_of(root, command)) {
      for (const auto& option_name : names_of(*opt)) {
        out.push_back(zsh ? described(option_name, first_clause(opt->description)) : option_name);
      }
    }
    return out;
  };
  const Words value_options = [&root](const CommandInfo& command) {
    std::vector<std::string> out;
    for (const OptionInfo* opt : options_of(root, command)) {
      if (!opt->takes_value) continue;
      for (const auto& option_name : names_of(*opt)) out.push_back(option_name);
    }
    return out;
  };
  return case_function("_rolecall_commands", root, commands, zsh) +
         case_function("_rolecall_options", root, options, zsh) +
         case_function("_rolecall_value_options", root, value_options, zsh) +
         choices_function("_rolecall_choices", root, zsh);
}

// Profile names from the AWS CLI's config and credentials files, for --profile.
constexpr const char* kProfiles = R"sh(_rolecall_profiles() {
  local file
  for file in "${AWS_CONFIG_FILE:-$HOME/.aws/config}" "${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}"; do
    [[ -r "$file" ]] || continue
    sed -n -e 's/^[[:space:]]*\[profile[[:space:]][[:space:]]*\([^][:space:]]*\)[[:space:]]*\].*/\1/p' \
           -e 's/^[[:space:]]*\[\([^][:space:]]*\)\].*/\1/p' "$file"
  done | sort -u
}
)sh";

constexpr const char* kBashMain = R"sh(_rolecall() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmdpath="" i word
  ((COMP_CWORD > 0)) && prev="${COMP_WORDS[COMP_CWORD-1]}"
  # The command path: words that name a subcommand, skipping options and option values.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    if ((i > 1)) && [[ $'\n'"$(_rolecall_value_options "$cmdpath")"$'\n' == *$'\n'"${COMP_WORDS[i-1]}"$'\n'* ]]; then
      continue
    fi
    if [[ $'\n'"$(_rolecall_commands "$cmdpath")"$'\n' == *$'\n'"$word"$'\n'* ]]; then
      cmdpath="${cmdpath:+$cmdpath/}$word"
    fi
  done
  local IFS=$'\n'
  if [[ "$prev" == -* && $'\n'"$(_rolecall_value_options "$cmdpath")"$'\n' == *$'\n'"$prev"$'\n'* ]]; then
    local choices
    choices="$(_rolecall_choices "$cmdpath" "$prev")"
    if [[ -n "$choices" ]]; then
      COMPREPLY=($(compgen -W "$choices" -- "$cur"))
    elif [[ "$prev" == --profile ]]; then
      COMPREPLY=($(compgen -W "$(_rolecall_profiles)" -- "$cur"))
    else
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur"))
    fi
    return 0
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_rolecall_options "$cmdpath")" -- "$cur"))
    return 0
  fi
  local commands
  commands="$(_rolecall_commands "$cmdpath")"
  if [[ -n "$commands" ]]; then
    COMPREPLY=($(compgen -W "$commands" -- "$cur"))
  else
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
  return 0
}
complete -F _rolecall rolecall
)sh";

constexpr const char* kZshMain = R"sh(_rolecall() {
  local cmdpath="" prev word i
  local -a reply
  # The command path: words that name a subcommand, skipping options and option values.
  for ((i = 2; i < CURRENT; i++)); do
    word=${words[i]}
    [[ $word == -* ]] && continue
    _rolecall_value_options "$cmdpath"
    if (( i > 2 )) && (( ${reply[(Ie)${words[i-1]}]} )); then continue; fi
    _rolecall_commands "$cmdpath"
    (( ${reply[(I)${(b)word}:*]} )) && cmdpath=${cmdpath:+$cmdpath/}$word
  done
  prev=${words[CURRENT-1]}
  _rolecall_value_options "$cmdpath"
  if [[ $prev == -* ]] && (( ${reply[(Ie)$prev]} )); then
    _rolecall_choices "$cmdpath" "$prev"
    if (( $#reply )); then
      compadd -a reply
    elif [[ $prev == --profile ]]; then
      reply=(${(f)"$(_rolecall_profiles)"})
      compadd -a reply
    else
      _files
    fi
    return
  fi
  if [[ $PREFIX == -* ]]; then
    _rolecall_options "$cmdpath"
    _describe -t options option reply
    return
  fi
  _rolecall_commands "$cmdpath"
  if (( $#reply )); then
    _describe -t commands command reply
  else
    _files
  fi
}
)sh";

}  // namespace

std::optional<std::string> completion_script(const CommandInfo& root, std::string_view shell) {
  if (shell == "bash") {
    return "# bash completion for rolecall. Generated by `rolecall completion bash` from the same text as\n"
           "# --help. Installed as /usr/share/bash-completion/completions/rolecall; or, in ~/.bashrc:\n"
           "#   source <(rolecall completion bash)\n" +
           lookups(root, false) + kProfiles + kBashMain;
  }
  if (shell == "zsh") {
    return "#compdef rolecall\n# zsh completion for rolecall. Generated by `rolecall completion zsh` from the same "
           "text as\n"
           "# --help. Installed as /usr/share/zsh/vendor-completions/_rolecall; or save it as _rolecall in a\n"
           "# directory on $fpath.\n" +
           lookups(root, true) + kProfiles + kZshMain + "_rolecall \"$@\"\n";
  }
  return std::nullopt;
}

}  // namespace rolecall::cli

#!/usr/bin/env bash
# The generated bash and zsh completion scripts complete what rolecall accepts: commands, every
# option its --help lists, option values (choices, profiles from the AWS config files), and skip
# option values when finding the command.
# Usage: completion_test.sh ROLECALL
source "$(dirname "$0")/lib.sh" completion
rolecall="$1"


"$rolecall" completion bash >"$tmp/rolecall.bash"
"$rolecall" completion zsh >"$tmp/_rolecall"
bash -n "$tmp/rolecall.bash"
check "completion fish is a usage error" "$("$rolecall" completion fish >/dev/null 2>&1; echo $?)" 2

printf '[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n[sso-session corp]\nsso_region = us-east-1\n[profile  ops ]\n' >"$tmp/config"
printf '[prod]\naws_access_key_id = x\n' >"$tmp/credentials"
export AWS_CONFIG_FILE="$tmp/config" AWS_SHARED_CREDENTIALS_FILE="$tmp/credentials"

# bash: COMP_WORDS is the line split into words, the last one being completed.
complete_bash() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _rolecall; ((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
    _ "$tmp/rolecall.bash" "$@"
}
check "bash: commands" "$(complete_bash rolecall sc)" "scan scan-files "
check "bash: nested command" "$(complete_bash rolecall config '')" "validate "
check "bash: an option of scan" "$(complete_bash rolecall scan --fail)" "--fail-on "
check "bash: --output's choices" "$(complete_bash rolecall scan --output s)" "sarif "
check "bash: --fail-on's choices" "$(complete_bash rolecall scan --fail-on h)" "high "
check "bash: an option value is not a command" "$(complete_bash rolecall --region config val)" ""
check "bash: global option before the command" "$(complete_bash rolecall --region us-east-1 scan --output-f)" "--output-file "
check "bash: profiles from the config and credentials files" "$(complete_bash rolecall --profile '')" "default dev ops prod "

# Every option `COMMAND --help` lists is offered, for every command.
commands=$(commands_in_help "$rolecall") || exit 1
for command in $commands; do
  want=$({ "$rolecall" --help; "$rolecall" "$command" --help; } | sed -n 's/^ *\(--[a-z][a-z-]*\) (.*/\1/p' | sort -u | tr '\n' ' ')
  got=$(complete_bash rolecall "$command" -- | tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' ')
  missing=$(comm -23 <(tr ' ' '\n' <<<"$want" | sed '/^$/d') <(tr ' ' '\n' <<<"$got" | sed '/^$/d') | tr '\n' ' ')
  check "bash: every option of '$command --help' is completed" "$missing" ""
done

# zsh, when installed: the completion function run with stand-ins for compsys's compadd,
# _describe and _files, which print what would be offered.
if command -v zsh >/dev/null; then
  zsh -n "$tmp/_rolecall"
  complete_zsh() {
    zsh -f -c '
      compadd() { print -rl -- "${(@P)${@[-1]}}" }
      _describe() { local -a items; items=("${(@P)${@[-1]}}"); print -rl -- "${items[@]%%:*}" }
      _files() { print -r -- "<files>" }
      source <(sed "\$d" "$1"); shift
      words=("$@"); CURRENT=$#; PREFIX=${words[-1]}
      _rolecall | grep -- "^${PREFIX}" | sort | tr "\n" " "' _ "$tmp/_rolecall" "$@"
  }
  check "zsh: the file is a #compdef function" "$(head -1 "$tmp/_rolecall")" "#compdef rolecall"
  check "zsh: commands" "$(complete_zsh rolecall sc)" "scan scan-files "
  check "zsh: nested command" "$(complete_zsh rolecall config '')" "validate "
  check "zsh: an option of plan" "$(complete_zsh rolecall plan --create)" "--create-profile "
  check "zsh: --output's choices" "$(complete_zsh rolecall --output j)" "json junit "
  check "zsh: an option value is not a command" "$(complete_zsh rolecall --profile config val)" ""
  check "zsh: profiles" "$(complete_zsh rolecall scan --profile '')" "default dev ops prod "
  check "zsh: file names for a free value" "$(complete_zsh rolecall scan --config '')" "<files> "
else
  echo "note: zsh is not installed; its script was not run (scripts/install-deps.sh installs it)"
fi

install_finish

#!/usr/bin/env bash
# `rolecall help --man-dir` writes one man page per command (the ones --help lists, and config
# validate), each valid roff (groff -ww reports no warning) naming every option its --help does.
# Usage: man_test.sh ROLECALL
source "$(dirname "$0")/lib.sh" man
rolecall="$1"


"$rolecall" help --man-dir "$tmp/man1"
commands=$(commands_in_help "$rolecall") || exit 1
want_pages=$( (echo rolecall.1; for c in $commands; do echo "rolecall-$c.1"; done; echo rolecall-config-validate.1) | sort)
check "one page per command" "$(ls "$tmp/man1" | sort | tr '\n' ' ')" "$(tr '\n' ' ' <<<"$want_pages")"

render() { MANWIDTH=200 man -l "$1" 2>/dev/null | col -b; }
global=$("$rolecall" --help | options_in_help)
for command in "" $commands "config validate"; do
  page="$tmp/man1/rolecall${command:+-${command// /-}}.1"
  [[ -f "$page" ]] || continue
  check "groff: no warning in $(basename "$page")" "$(groff -man -Tutf8 -ww -z "$page" 2>&1)" ""
  text=$(render "$page")
  check "$(basename "$page"): NAME line" "$(sed -n '/^NAME/{n;p}' <<<"$text" | sed 's/^ *//' | cut -d' ' -f1-2)" \
    "rolecall${command:+-${command// /-}} -"
  # shellcheck disable=SC2086  # the command's words
  own=$("$rolecall" $command --help | options_in_help)
  missing=""
  for option in $own $global; do
    grep -q -- "^ *$option\b" <<<"$text" || missing+="$option "
  done
  check "$(basename "$page") documents every option of its --help" "$missing" ""
done
check "an unwritable --man-dir is a clear error" \
  "$("$rolecall" help --man-dir /proc/no-such/man 2>&1 >/dev/null | grep -c 'cannot create /proc/no-such/man')" 1

install_finish

#pragma once
// The terminal: whether stdout may be coloured, asking the user before changing anything, showing a run.

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

#include "cli/global_options.h"
#include "remediate/run_summary.h"
#include "rolecall/remediate.h"

namespace rolecall::cli {

// True when reports on stdout get ANSI colours: not --no-color, stdout is a terminal and NO_COLOR
// is not set (set to anything, even empty: https://no-color.org).
bool stdout_color(const GlobalOptions& global);

// The pager for output on stdout: "" when --no-cli-pager; else $AWS_PAGER when set (empty: none),
// else $PAGER when set (empty: none), else "less -R" (the AWS CLI's rule).
std::string pager_command(const GlobalOptions& global);

// The terminal's width in columns for fitting the table: $COLUMNS, else the terminal's; 0 when
// stdout is not a terminal (files and pipes get full lines).
std::size_t stdout_width(const GlobalOptions& global);

// Writes what `fill` prints to stdout; on a terminal, output longer than the screen ($LINES, else
// the terminal's rows) goes through pager_command() instead, as the AWS CLI does.
void write_stdout(const GlobalOptions& global, const std::function<void(std::ostream&)>& fill);

// Prints `question` with " [y/N] " on stderr and reads a line from stdin; kNoTerminal when stdin is
// not a terminal (automation must pass --yes).
Confirmation confirm(const std::string& question);

// Prints a run on stdout as --output asks (json, else the human summary).
void print_run_summary(const remediate::RunSummary& summary, const GlobalOptions& global);

}  // namespace rolecall::cli

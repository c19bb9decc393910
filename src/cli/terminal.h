#pragma once
// The terminal: whether stdout may be coloured, asking the user before changing anything, showing a run.

#include <string>

#include "cli/global_options.h"
#include "remediate/run_summary.h"
#include "rolecall/remediate.h"

namespace rolecall::cli {

// True when reports on stdout get ANSI colours: not --no-color, stdout is a terminal and NO_COLOR
// is not set (set to anything, even empty: https://no-color.org).
bool stdout_color(const GlobalOptions& global);

// Prints `question` with " [y/N] " on stderr and reads a line from stdin; kNoTerminal when stdin is
// not a terminal (automation must pass --yes).
Confirmation confirm(const std::string& question);

// Prints a run on stdout as --output asks (json, else the human summary).
void print_run_summary(const remediate::RunSummary& summary, const GlobalOptions& global);

}  // namespace rolecall::cli

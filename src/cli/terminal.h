#pragma once
// The terminal: whether stdout may be coloured, asking the user before changing anything, showing a run.

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "cli/global_options.h"
#include "remediate/run_summary.h"
#include "rolecall/remediate.h"

namespace rolecall::cli {

// True when reports on stdout get ANSI colours: not --no-color, stdout is a terminal and NO_COLOR
// is not set (set to anything, even empty: https://no-color.org).
bool stdout_color(const GlobalOptions& global);

// The pager for output on stdout: "" when --no-cli-pager; else $AWS_PAGER when set (empty: none),
// else the profile's cli_pager when the config file sets it (empty: none), else $PAGER when set
// (empty: none), else "less -R" (the AWS CLI's order).
std::string pager_command(const GlobalOptions& global);

// The terminal's width in columns for fitting the table: $COLUMNS, else the terminal's; 0 when
// stdout is not a terminal (files and pipes get full lines).
std::size_t stdout_width(const GlobalOptions& global);

// Writes what `fill` prints to stdout; on a terminal, output longer than the screen ($LINES, else
// the terminal's rows) goes through pager_command() instead, as the AWS CLI does.
void write_stdout(const GlobalOptions& global, const std::function<void(std::ostream&)>& fill);

// Writes what `fill` prints to --output-file when given (replaced atomically, or one S3 object for
// s3://BUCKET/KEY with `format`'s media type, --output's when empty; "<what> written to FILE" on
// stderr unless --quiet), else to stdout as write_stdout does. kIo naming the file when it cannot be
// written; S3's refusal as it came, naming the URL.
Result<void> write_output(const GlobalOptions& global, std::string_view what,
                          const std::function<void(std::ostream&)>& fill, std::string_view format = {});

// Prints `question` with " [y/N] " on stderr and reads a line from stdin; kNoTerminal when stdin is
// not a terminal (automation must pass --yes).
Confirmation confirm(const std::string& question);

// Prints a run as --output asks (json, else the human summary) to --output-file, else stdout; a
// file that cannot be written is reported on stderr (the run stays in the journal).
void print_run_summary(const remediate::RunSummary& summary, const GlobalOptions& global);

}  // namespace rolecall::cli

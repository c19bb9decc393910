#include "cli/terminal.h"

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <utility>

#include "aws/credentials/shared_config.h"
#include "base/json_text.h"
#include "cli/output_file.h"

namespace rolecall::cli {

bool stdout_color(const GlobalOptions& global) {
  // getenv, not Env::get: an empty NO_COLOR turns colours off too, and Env::get reads empty as unset.
  return !global.no_color && ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
}

std::string pager_command(const GlobalOptions& global) {
  if (global.no_cli_pager) return {};
  if (global.env->is_set("AWS_PAGER")) return global.env->get("AWS_PAGER").value_or("");
  // The profile's cli_pager ("" turns the pager off). A config file that cannot be read only
  // leaves the pager to the next rule: the command itself reports that file when it needs it.
  if (auto config = aws::SharedConfig::load(*global.env)) {
    const auto choice = aws::choose_profile(global.profile(), *global.env);
    if (auto view = config->profile(choice.name)) {
      if (auto pager = view->get_config("cli_pager")) return *pager;
    }
  }
  if (global.env->is_set("PAGER")) return global.env->get("PAGER").value_or("");
  return "less -R";
}

namespace {

// A positive number from variable `name`, else 0.
std::size_t positive_variable(const GlobalOptions& global, const char* name) {
  auto text = global.env->get(name);
  if (!text) return 0;
  std::size_t value = 0;
  for (char c : *text) {
    if (c < '0' || c > '9' || value > 100000) return 0;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value;
}

// The terminal's size of stdout (columns, rows), zeros when unknown.
std::pair<std::size_t, std::size_t> window_size() {
  struct winsize size {};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0) return {0, 0};
  return {size.ws_col, size.ws_row};
}

}  // namespace

std::size_t stdout_width(const GlobalOptions& global) {
  if (::isatty(STDOUT_FILENO) != 1) return 0;
  if (std::size_t columns = positive_variable(global, "COLUMNS"); columns > 0) return columns;
  return window_size().first;
}

void write_stdout(const GlobalOptions& global, const std::function<void(std::ostream&)>& fill) {
  const std::string pager = ::isatty(STDOUT_FILENO) == 1 ? pager_command(global) : std::string();
  if (pager.empty()) {
    fill(std::cout);
    std::cout.flush();
    return;
  }
  std::ostringstream text;
  fill(text);
  const std::string out = std::move(text).str();
  std::size_t rows = positive_variable(global, "LINES");
  if (rows == 0) rows = window_size().second;
  if (rows == 0 || static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n')) < rows) {
    std::cout << out << std::flush;
    return;
  }
  std::cout.flush();
  // Quitting the pager early closes the pipe: that must not kill rolecall (SIGPIPE) before it exits
  // with the scan's status.
  struct sigaction ignore {
  }, previous{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  FILE* pipe = ::popen(pager.c_str(), "w");
  if (pipe == nullptr) {
    std::cout << out << std::flush;  // no pager to start: the output still matters more
  } else {
    std::fwrite(out.data(), 1, out.size(), pipe);
    ::pclose(pipe);
  }
  ::sigaction(SIGPIPE, &previous, nullptr);
}

Result<void> write_output(const GlobalOptions& global, std::string_view what,
                          const std::function<void(std::ostream&)>& fill, std::string_view format) {
  if (global.output_file.empty()) {
    write_stdout(global, fill);
    return {};
  }
  if (output_to_s3(global)) {
    std::ostringstream body;
    fill(body);
    return put_output_s3(global, what, std::move(body).str(), format.empty() ? global.output : format);
  }
  // Env's message already reads "cannot write FILE: why"; the kind stays kIo (exit 4), whatever the cause.
  if (auto written = global.env->write_file(global.output_file, fill); !written) {
    return fail(Error::io(written.error().message));
  }
  if (!global.quiet) std::cerr << what << " written to " << global.output_file << '\n';
  return {};
}

Confirmation confirm(const std::string& question) {
  if (::isatty(STDIN_FILENO) == 0) return Confirmation::kNoTerminal;
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return Confirmation::kNo;
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "YES" ? Confirmation::kYes : Confirmation::kNo;
}

void print_run_summary(const remediate::RunSummary& summary, const GlobalOptions& global) {
  auto written = write_output(global, "run summary", [&](std::ostream& out) {
    if (global.output == "json") {
      out << base::json_text(remediate::run_summary_json(summary), 2) << '\n';
    } else {
      remediate::render_run_summary(summary, out);
    }
  });
  // The run itself is journaled: `rolecall runs RUN_ID` shows it again.
  if (!written) report_error(written.error());
}

}  // namespace rolecall::cli

#include "cli/terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "base/json_text.h"

namespace rolecall::cli {

bool stdout_color(const GlobalOptions& global) {
  // getenv, not Env::get: an empty NO_COLOR turns colours off too, and Env::get reads empty as unset.
  return !global.no_color && ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
}

Confirmation confirm(const std::string& question) {
  if (::isatty(STDIN_FILENO) == 0) return Confirmation::kNoTerminal;
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return Confirmation::kNo;
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "YES" ? Confirmation::kYes : Confirmation::kNo;
}

void print_run_summary(const remediate::RunSummary& summary, const GlobalOptions& global) {
  if (global.output == "json") {
    std::cout << base::json_text(remediate::run_summary_json(summary), 2) << '\n';
  } else {
    remediate::render_run_summary(summary, std::cout);
  }
}

}  // namespace rolecall::cli

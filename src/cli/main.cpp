#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "rolecall/version.h"

int main(int argc, char** argv) {
  CLI::App app{"rolecall: audit, remediate and roll back EC2 IAM instance roles"};
  app.set_version_flag("--version", std::string("rolecall ") + rolecall::version());
  CLI11_PARSE(app, argc, argv);
  return 0;
}

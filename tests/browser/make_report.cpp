// Writes every report format of the hostile fixture (tests/report/fixture.h) into argv[1], for the
// headless-browser test.
#include <iostream>

#include "report/fixture.h"
#include "report/report.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: rolecall_report_fixture DIR\n";
    return 2;
  }
  auto paths = rolecall::report::write_report_dir(rolecall::base::Env::system(), rolecall::testing::hostile_result(),
                                                  argv[1], {});
  if (!paths) {
    std::cerr << "rolecall_report_fixture: " << paths.error().message << '\n';
    return 1;
  }
  for (const auto& p : *paths) std::cout << p << '\n';
  return 0;
}

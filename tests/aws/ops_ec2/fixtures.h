#pragma once
// Reads the EC2 response fixtures in tests/data/aws/ec2/.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "support/paths.h"

namespace rolecall::testing {

// Contents of tests/data/aws/ec2/<name>; throws (failing the test) when missing.
inline std::string ec2_fixture(const std::string& name) {
  std::ifstream in(source_dir() + "/tests/data/aws/ec2/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace rolecall::testing

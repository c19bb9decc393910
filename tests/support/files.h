#pragma once
// Reading and writing whole files in tests, and the fixtures under tests/data/.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "support/paths.h"

namespace rolecall::testing {

// The whole file; throws (failing the test) naming it when it cannot be read.
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Replaces the file's contents with `text` (the directory must exist).
inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// The contents of tests/data/<relative>; throws (failing the test) when missing.
inline std::string test_data(const std::string& relative) {
  return read_file(source_dir() + "/tests/data/" + relative);
}

// The AWS response fixture tests/data/aws/<relative> ("ec2/describe_regions.xml").
inline std::string aws_fixture(const std::string& relative) { return test_data("aws/" + relative); }

// Replaces the first occurrence of `from` in `text` with `to` (for deriving malformed fixtures).
inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "fixture lacks '" << from << "'";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

}  // namespace rolecall::testing

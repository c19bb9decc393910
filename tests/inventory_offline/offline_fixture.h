#pragma once
// Shared helpers for the offline-audit tests: a generated estate served by the in-process
// emulator, sessions against it, a private temporary directory, finding keys.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <tuple>

#include "aws/session.h"
#include "base/env.h"
#include "emulator/emulator.h"
#include "rolecall/scan.h"
#include "support/paths.h"

namespace rolecall::inventory::offline_test {

// account, region, resource, check
using Key = std::tuple<std::string, std::string, std::string, std::string>;

inline Key key_of(const Finding& f) { return {f.account_id, f.region, f.resource_id, f.check_id}; }

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

inline std::filesystem::path awscli_fixtures() {
  return std::filesystem::path(rolecall::testing::source_dir()) / "tests/data/offline/awscli";
}

// A temporary directory per test, removed afterwards; optionally an emulator with a generated estate.
class OfflineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("rolecall-offline-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    env_ = std::make_unique<base::SystemEnv>(aws_env());
  }
  void TearDown() override {
    if (emu_) emu_->stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void start(const emulator::GeneratorSpec& spec) {
    emulator::EmulatorOptions eo;
    eo.generate = spec;
    auto emu = emulator::Emulator::start(eo);
    ASSERT_TRUE(emu) << emu.error().describe();
    emu_ = std::move(*emu);
    write_text(dir_ / "credentials", emu_->credentials_file_text());
  }
  std::map<std::string, std::string> aws_env() const {
    return {{"AWS_SHARED_CREDENTIALS_FILE", (dir_ / "credentials").string()},
            {"AWS_CONFIG_FILE", (dir_ / "config").string()},
            {"AWS_EC2_METADATA_DISABLED", "true"},
            {"HOME", dir_.string()}};
  }
  std::unique_ptr<aws::Session> session() {
    aws::SessionOptions so;
    so.region = "us-east-1";
    so.endpoint_url = emu_->endpoint_url();
    so.env = env_.get();
    auto s = aws::Session::create(so);
    EXPECT_TRUE(s) << s.error().describe();
    return s ? std::move(*s) : nullptr;
  }

  std::unique_ptr<emulator::Emulator> emu_;
  std::filesystem::path dir_;
  std::unique_ptr<base::SystemEnv> env_;  // real files and clock, only the emulator's variables
  static inline int counter_ = 0;
};

}  // namespace rolecall::inventory::offline_test

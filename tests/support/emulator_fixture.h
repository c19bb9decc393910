#pragma once
// The one emulator fixture: an in-process rolecall emulator on a free port serving an estate, a
// private directory holding its credentials file, an Env carrying only the variables that point
// the SDK chain there, and sessions against it. Header-only on purpose: only test areas that link
// the emulator (cmake/modules.cmake) include it.

#include <map>
#include <memory>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "aws/session.h"
#include "base/env.h"
#include "emulator/emulator.h"
#include "support/files.h"
#include "support/temp_dir.h"

namespace rolecall::testing {

class EmulatorFixture : public ::testing::Test {
 protected:
  // `variables` join (and override) the ones aws_env() sets.
  explicit EmulatorFixture(std::map<std::string, std::string> variables = {}) {
    for (auto& [name, value] : aws_env()) variables.try_emplace(name, value);
    env_ = std::make_unique<base::SystemEnv>(std::move(variables));
  }
  void TearDown() override {
    if (emu_) emu_->stop();
  }

  // (Re)starts the emulator with `options` and writes its credentials file (plus
  // `extra_credentials`) into the directory; a failure fails the test.
  void start_emulator(const emulator::EmulatorOptions& options, const std::string& extra_credentials = "") {
    if (emu_) emu_->stop();
    emu_.reset();
    auto emu = emulator::Emulator::start(options);
    ASSERT_TRUE(emu) << emu.error().describe();
    emu_ = std::move(*emu);
    write_file(dir_ / "credentials", emu_->credentials_file_text() + extra_credentials);
  }
  // Starts the emulator on the estate `spec` generates.
  void start_emulator(const emulator::GeneratorSpec& spec) {
    emulator::EmulatorOptions options;
    options.generate = spec;
    start_emulator(options);
  }

  // The variables that make the SDK chain read only the directory's files and never IMDS.
  std::map<std::string, std::string> aws_env() const {
    return {{"AWS_SHARED_CREDENTIALS_FILE", (dir_ / "credentials").string()},
            {"AWS_CONFIG_FILE", (dir_ / "config").string()},
            {"AWS_EC2_METADATA_DISABLED", "true"},
            {"HOME", dir_.string()}};
  }
  // A session at the emulator in us-east-1 as `profile` ("" = the credentials file's default).
  std::unique_ptr<aws::Session> session(const std::string& profile = "") {
    aws::SessionOptions so;
    so.region = "us-east-1";
    so.endpoint_url = emu_->endpoint_url();
    if (!profile.empty()) so.profile = profile;
    so.env = env_.get();
    auto s = aws::Session::create(so);
    EXPECT_TRUE(s) << s.error().describe();
    return s ? std::move(*s) : nullptr;
  }

  TempDir dir_{"rolecall-emulator-test"};
  std::unique_ptr<base::SystemEnv> env_;  // the real files and clock, only the emulator's variables
  std::unique_ptr<emulator::Emulator> emu_;
};

}  // namespace rolecall::testing

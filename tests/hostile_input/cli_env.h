#pragma once
// What the hostile-input process tests share: a private directory, the built binary run in it with
// an AWS environment that reads only that directory's files (no real credentials, no IMDS).

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "support/files.h"
#include "support/run_rolecall.h"
#include "support/temp_dir.h"

namespace rolecall::testing {

// A test whose child processes see only the variables it sets (the AWS ones it touches are
// restored afterwards).
class HostileCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : kAwsVariables) {
      if (const char* v = ::getenv(name)) saved_[name] = v;
      ::unsetenv(name);
    }
    set("AWS_CONFIG_FILE", (dir_.path() / "config").string());
    set("AWS_SHARED_CREDENTIALS_FILE", (dir_.path() / "credentials").string());
    set("AWS_EC2_METADATA_DISABLED", "true");
  }
  void TearDown() override {
    for (const char* name : kAwsVariables) {
      ::unsetenv(name);
      if (auto it = saved_.find(name); it != saved_.end()) ::setenv(name, it->second.c_str(), 1);
    }
  }

  static void set(const char* name, const std::string& value) { ::setenv(name, value.c_str(), 1); }
  static void unset(const char* name) { ::unsetenv(name); }
  std::filesystem::path path(const std::string& name) const { return dir_.path() / name; }
  void write(const std::string& name, const std::string& text) const { write_file(path(name), text); }
  CliOutcome run(const std::string& args) const { return run_rolecall(dir_.path(), args); }

  // The outcome a user must get for bad input: an exit (not an abort, 134, or a signal) with one
  // of the statuses `expected`, and stderr naming `input`.
  static void expect_clean_error(const CliOutcome& r, std::initializer_list<int> expected, const std::string& input) {
    EXPECT_NE(r.status, 134) << r.err;
    EXPECT_NE(r.status, -1) << r.err;
    EXPECT_NE(std::find(expected.begin(), expected.end(), r.status), expected.end())
        << "exit status " << r.status << "\n"
        << r.out << r.err;
    EXPECT_NE(r.err.find(input), std::string::npos) << "stderr does not name " << input << ":\n" << r.err;
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << r.err;
  }

  TempDir dir_{"rolecall-hostile"};

 private:
  static constexpr const char* kAwsVariables[] = {"AWS_CONFIG_FILE",
                                                  "AWS_SHARED_CREDENTIALS_FILE",
                                                  "AWS_EC2_METADATA_DISABLED",
                                                  "AWS_ACCESS_KEY_ID",
                                                  "AWS_SECRET_ACCESS_KEY",
                                                  "AWS_SESSION_TOKEN",
                                                  "AWS_PROFILE",
                                                  "AWS_DEFAULT_PROFILE",
                                                  "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                                                  "AWS_REGION",
                                                  "AWS_DEFAULT_REGION",
                                                  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                                                  "AWS_WEB_IDENTITY_TOKEN_FILE",
                                                  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                                                  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                                                  "AWS_ROLE_ARN"};
  std::map<std::string, std::string> saved_;
};

}  // namespace rolecall::testing

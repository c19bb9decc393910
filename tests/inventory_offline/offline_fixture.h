#pragma once
// Shared helpers for the offline-audit tests: the emulator fixture (a private directory, optionally
// an emulator with a generated estate and sessions at it), finding keys, the AWS CLI fixtures.

#include <filesystem>
#include <string>
#include <tuple>

#include "aws/session.h"
#include "base/env.h"
#include "emulator/emulator.h"
#include "rolecall/scan.h"
#include "support/emulator_fixture.h"
#include "support/files.h"
#include "support/paths.h"

namespace rolecall::testing {

// account, region, resource, check
using Key = std::tuple<std::string, std::string, std::string, std::string>;

inline Key key_of(const Finding& f) { return {f.account_id, f.region, f.resource_id, f.check_id}; }

// tests/data/offline/awscli: what `aws` prints for the offline estate.
inline std::filesystem::path awscli_fixtures() {
  return std::filesystem::path(source_dir()) / "tests/data/offline/awscli";
}

// A temporary directory per test; start_emulator() adds an emulator with a generated estate.
using OfflineTest = EmulatorFixture;

}  // namespace rolecall::testing

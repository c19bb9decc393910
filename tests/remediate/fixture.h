#pragma once
// An in-process emulator with a generated estate, a Session at it, the organization's callers,
// a fresh journal, and a plan built from live state (independent of the planner under test).

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "aws/session.h"
#include "emulator/emulator.h"
#include "inventory/scope.h"
#include "remediate/apply.h"
#include "remediate/journal.h"
#include "rolecall/plan.h"

namespace rolecall::remediate::testing {

class RemediateFixture : public ::testing::Test {
 protected:
  void start(const emulator::EmulatorOptions& options);
  void TearDown() override;
  // A session at the emulator (default profile = the management account's auditor).
  std::unique_ptr<aws::Session> session();
  // Resolves the organization's accounts into callers_ (keeps `scope_` alive).
  void resolve(aws::Session& s);
  // A plan attaching `profile_name` to every running or stopped instance whose
  // profile (by name) is in `from` ("" = none), with `before` read live.
  Plan plan_for(aws::Session& s, const std::set<std::string>& from, const std::string& profile_name = "app-payments");
  // Instance id -> profile name (or "") from the emulator's dump.
  std::map<std::string, std::string> profiles_now() const;

  std::unique_ptr<emulator::Emulator> emu_;
  std::filesystem::path dir_;
  std::unique_ptr<base::SystemEnv> env_;  // the real files and clock, only the emulator's variables
  inventory::Scope scope_;
  Callers callers_;
  std::unique_ptr<Journal> journal_;
};

// Fast executor settings: no waiting between verification polls.
ExecutorOptions fast_executor();

}  // namespace rolecall::remediate::testing

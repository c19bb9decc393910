#pragma once
// The emulator fixture with a generated estate for remediation: a fresh journal, the
// organization's callers, and a plan built from live state (independent of the planner under test).

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>

#include "aws/session.h"
#include "emulator/emulator.h"
#include "inventory/scope.h"
#include "remediate/apply.h"
#include "remediate/journal.h"
#include "rolecall/plan.h"
#include "support/emulator_fixture.h"

namespace rolecall::testing {

class RemediateFixture : public EmulatorFixture {
 protected:
  // Sessions retry throttling harder than the default: the storm tests inject it.
  RemediateFixture() : EmulatorFixture({{"AWS_MAX_ATTEMPTS", "8"}}) {}
  // Starts the emulator and opens a fresh journal in the directory.
  void start(const emulator::EmulatorOptions& options);
  void TearDown() override;
  // Resolves the organization's accounts into callers_ (keeps `scope_` alive).
  void resolve(aws::Session& s);
  // A plan attaching `profile_name` to every running or stopped instance whose
  // profile (by name) is in `from` ("" = none), with `before` read live.
  Plan plan_for(aws::Session& s, const std::set<std::string>& from, const std::string& profile_name = "app-payments");
  // Instance id -> profile name (or "") from the emulator's dump.
  std::map<std::string, std::string> profiles_now() const;

  inventory::Scope scope_;
  remediate::Callers callers_;
  std::unique_ptr<remediate::Journal> journal_;
};

// Fast executor settings: no waiting between verification polls.
remediate::ExecutorOptions fast_executor();

}  // namespace rolecall::testing

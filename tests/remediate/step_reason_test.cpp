// StepReason's stored names: journals on disk hold them, so they round-trip and never change.
#include "remediate/step_reason.h"

#include <gtest/gtest.h>

namespace rolecall::remediate {
namespace {

TEST(StepReason, StoredNamesRoundTrip) {
  const std::pair<StepReason, const char*> names[] = {
      {StepReason::kNone, ""},
      {StepReason::kPlannedSkip, "planned-skip"},
      {StepReason::kBlocked, "blocked"},
      {StepReason::kDryRun, "dry-run"},
      {StepReason::kInstanceNotFound, "instance-not-found"},
      {StepReason::kAlreadyOnTarget, "already-on-target"},
      {StepReason::kAlreadyRestored, "already-restored"},
      {StepReason::kChangedElsewhere, "changed-elsewhere"},
      {StepReason::kProfileDeleted, "profile-deleted"},
      {StepReason::kProfileNotCreated, "profile-not-created"},
      {StepReason::kInterrupted, "interrupted"},
      {StepReason::kRestartRefused, "restart-refused"},
      {StepReason::kNotRunning, "not-running"},
      {StepReason::kKeyNotFound, "key-not-found"},
      {StepReason::kRoleNotCreated, "role-not-created"},
      {StepReason::kNotFound, "not-found"},
      {StepReason::kAwaitingApproval, "awaiting-approval"},
      {StepReason::kRoleInTheWay, "role-in-the-way"},
  };
  for (const auto& [reason, name] : names) {
    EXPECT_STREQ(to_string(reason), name);
    StepReason parsed = StepReason::kInterrupted;
    ASSERT_TRUE(parse_step_reason(name, parsed)) << name;
    EXPECT_EQ(parsed, reason) << name;
  }
}

TEST(StepReason, UnknownNameIsRejected) {
  StepReason parsed = StepReason::kNone;
  EXPECT_FALSE(parse_step_reason("from-the-future", parsed));
  EXPECT_EQ(parsed, StepReason::kNone);
}

TEST(StepReason, OnlyUnrestoredSkipsMakeARunPartial) {
  EXPECT_TRUE(leaves_instance_unrestored(StepReason::kChangedElsewhere));
  EXPECT_TRUE(leaves_instance_unrestored(StepReason::kProfileDeleted));
  EXPECT_TRUE(leaves_instance_unrestored(StepReason::kKeyNotFound));
  EXPECT_TRUE(leaves_instance_unrestored(StepReason::kRoleInTheWay));
  for (StepReason r :
       {StepReason::kNone, StepReason::kPlannedSkip, StepReason::kBlocked, StepReason::kDryRun,
        StepReason::kInstanceNotFound, StepReason::kAlreadyOnTarget, StepReason::kAlreadyRestored,
        StepReason::kProfileNotCreated, StepReason::kInterrupted, StepReason::kRestartRefused, StepReason::kNotRunning,
        StepReason::kRoleNotCreated, StepReason::kNotFound, StepReason::kAwaitingApproval}) {
    EXPECT_FALSE(leaves_instance_unrestored(r)) << to_string(r);
  }
}

}  // namespace
}  // namespace rolecall::remediate

// The exit-code table: the numbers are documented (docs/exit-codes.md) and scripts depend on them.
#include "rolecall/exit_code.h"

#include <gtest/gtest.h>

namespace rolecall {
namespace {

TEST(ExitCode, NumbersAreTheDocumentedOnes) {
  EXPECT_EQ(to_int(ExitCode::kOk), 0);
  EXPECT_EQ(to_int(ExitCode::kFindings), 1);
  EXPECT_EQ(to_int(ExitCode::kUsage), 2);
  EXPECT_EQ(to_int(ExitCode::kCredentials), 3);
  EXPECT_EQ(to_int(ExitCode::kPartial), 4);
  EXPECT_EQ(to_int(ExitCode::kStalePlan), 5);
}

}  // namespace
}  // namespace rolecall

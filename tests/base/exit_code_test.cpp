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

// Nothing reachable (connection refused, DNS, TLS: kNetwork) is 3 like no credentials, for every
// command stopped by an error before its work.
TEST(ExitCode, NothingReachableIsThreeLikeNoCredentials) {
  EXPECT_EQ(exit_code_for(ErrorKind::kNetwork), ExitCode::kCredentials);
  EXPECT_EQ(exit_code_for(ErrorKind::kCredentials), ExitCode::kCredentials);
  EXPECT_EQ(exit_code_for(ErrorKind::kAccessDenied), ExitCode::kCredentials);
  EXPECT_EQ(exit_code_for(ErrorKind::kInvalidArgument), ExitCode::kUsage);
  EXPECT_EQ(exit_code_for(ErrorKind::kParse), ExitCode::kUsage);
  // An endpoint that answered, but not usefully, was reached: the run is incomplete, not 3.
  for (ErrorKind kind : {ErrorKind::kHttp, ErrorKind::kAws, ErrorKind::kThrottled, ErrorKind::kIo, ErrorKind::kInternal,
                         ErrorKind::kNotFound, ErrorKind::kCancelled}) {
    EXPECT_EQ(exit_code_for(kind), ExitCode::kPartial) << to_string(kind);
  }
}

}  // namespace
}  // namespace rolecall

// The one rule for a scan that produced no result: the user's input is usage (2), anything else
// means nothing could be scanned (3), wherever it failed.
#include <gtest/gtest.h>

#include "rolecall/scan.h"

namespace rolecall {
namespace {

TEST(ScanFailureExitCode, NothingScannedIsThreeWhereverItFailed) {
  for (ErrorKind kind : {ErrorKind::kCredentials, ErrorKind::kAccessDenied, ErrorKind::kParse, ErrorKind::kNetwork,
                         ErrorKind::kHttp, ErrorKind::kAws, ErrorKind::kThrottled, ErrorKind::kIo, ErrorKind::kInternal,
                         ErrorKind::kNotFound, ErrorKind::kCancelled}) {
    EXPECT_EQ(exit_code_for(Error::of(kind, "x"), ScanSource::kLive), ExitCode::kCredentials) << to_string(kind);
  }
}

TEST(ScanFailureExitCode, TheUsersInputIsUsage) {
  EXPECT_EQ(exit_code_for(Error::invalid_argument("x"), ScanSource::kLive), ExitCode::kUsage);
  EXPECT_EQ(exit_code_for(Error::invalid_argument("x"), ScanSource::kOffline), ExitCode::kUsage);
  EXPECT_EQ(exit_code_for(Error::parse("malformed input file"), ScanSource::kOffline), ExitCode::kUsage);
}

}  // namespace
}  // namespace rolecall

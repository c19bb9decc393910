// rolecall watch's output line (report/watch_line.h): one JSON object per changed verdict.
#include "report/watch_line.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rolecall::report {
namespace {

TEST(WatchLine, OneObjectPerChangeWithBeforeAndAfter) {
  VerdictChange change;
  change.kind = VerdictChange::Kind::kChanged;
  change.finding.check_id = "instance-has-role";
  change.finding.status = Status::kFail;
  change.finding.severity = Severity::kHigh;
  change.finding.account_id = "111122223333";
  change.finding.region = "eu-west-1";
  change.finding.resource_type = "instance";
  change.finding.resource_id = "i-0abc";
  change.finding.message = "no IAM instance profile is associated";
  change.before = Status::kPass;
  change.triggers = {"DisassociateIamInstanceProfile"};
  const std::string line = watch_line(change, "2026-12-06T10:00:00Z");
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto doc = nlohmann::json::parse(line);
  EXPECT_EQ(doc["change"], "changed");
  EXPECT_EQ(doc["status"], "FAIL");
  EXPECT_EQ(doc["before"], "PASS");
  EXPECT_EQ(doc["resource_id"], "i-0abc");
  EXPECT_EQ(doc["triggers"], nlohmann::json::array({"DisassociateIamInstanceProfile"}));
  EXPECT_EQ(doc["time"], "2026-12-06T10:00:00Z");
  EXPECT_TRUE(doc["severity_before"].is_null()) << "the status moved, not the severity";

  // A FAIL whose key was made Inactive: the same status, a lower severity.
  change.before = Status::kFail;
  change.finding.severity = Severity::kMedium;
  change.severity_before = Severity::kCritical;
  auto moved = nlohmann::json::parse(watch_line(change, "t"));
  EXPECT_EQ(moved["before"], "FAIL");
  EXPECT_EQ(moved["severity"], "medium");
  EXPECT_EQ(moved["severity_before"], "critical");
  change.severity_before.reset();

  change.kind = VerdictChange::Kind::kGone;
  EXPECT_TRUE(nlohmann::json::parse(watch_line(change, "t"))["status"].is_null()) << "no verdict now";
  change.kind = VerdictChange::Kind::kNew;
  change.before.reset();
  auto fresh = nlohmann::json::parse(watch_line(change, "t"));
  EXPECT_EQ(fresh["change"], "new");
  EXPECT_TRUE(fresh["before"].is_null());
}

}  // namespace
}  // namespace rolecall::report

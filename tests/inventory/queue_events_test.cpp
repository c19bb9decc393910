#include "inventory/queue_events.h"

#include <gtest/gtest.h>

#include <string>

namespace rolecall::inventory {
namespace {

// What an EventBridge rule on "AWS API Call via CloudTrail" delivers to SQS (the body as sent).
constexpr const char* kAttachRolePolicy = R"({"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type":"AWS API Call via CloudTrail","source":"aws.iam","account":"111122223333",
  "time":"2026-12-06T14:00:00Z","region":"us-east-1","resources":[],
  "detail":{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/ops",
  "accountId":"111122223333","userName":"ops"},"eventTime":"2026-12-06T14:00:00Z","eventSource":"iam.amazonaws.com",
  "eventName":"AttachRolePolicy","awsRegion":"us-east-1","requestParameters":{"roleName":"web"},
  "eventID":"0f9e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b","readOnly":false,"eventType":"AwsApiCall",
  "recipientAccountId":"444455556666"}})";

TEST(QueueEvents, ReadsAChangeFromAnEventBridgeEvent) {
  QueueEvent e = parse_queue_event(kAttachRolePolicy);
  ASSERT_EQ(e.kind, QueueEventKind::kChange) << e.problem;
  EXPECT_EQ(e.event.event_id, "0f9e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b");
  EXPECT_EQ(e.event.event_name, "AttachRolePolicy");
  EXPECT_EQ(e.event.event_source, "iam.amazonaws.com");
  EXPECT_EQ(e.event.event_time, "2026-12-06T14:00:00Z");
  EXPECT_EQ(e.event.account_id, "444455556666");  // the recipient account, not the caller's
  EXPECT_EQ(e.event.region, "us-east-1");
  EXPECT_EQ(e.event.username, "ops");
}

TEST(QueueEvents, RoleSessionsAndTheEventsOwnFieldsFillGaps) {
  std::string body = R"({"detail-type":"AWS API Call via CloudTrail","account":"111122223333","region":"eu-west-1",
    "detail":{"eventID":"e-1","eventName":"RunInstances","eventSource":"ec2.amazonaws.com",
    "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/deployer/ci-run-7"}}})";
  QueueEvent e = parse_queue_event(body);
  ASSERT_EQ(e.kind, QueueEventKind::kChange) << e.problem;
  EXPECT_EQ(e.event.account_id, "111122223333");
  EXPECT_EQ(e.event.region, "eu-west-1");
  EXPECT_EQ(e.event.username, "ci-run-7");
}

TEST(QueueEvents, CallsThatCannotTurnAVerdictAreIrrelevant) {
  std::string reads = kAttachRolePolicy;
  reads.replace(reads.find("\"readOnly\":false"), 16, "\"readOnly\":true ");
  EXPECT_EQ(parse_queue_event(reads).kind, QueueEventKind::kIrrelevant);
  std::string other = kAttachRolePolicy;
  other.replace(other.find("AttachRolePolicy"), 16, "CreateQueue");
  EXPECT_EQ(parse_queue_event(other).kind, QueueEventKind::kIrrelevant);
}

TEST(QueueEvents, AnythingElseIsInvalidWithAReason) {
  const char* bodies[] = {
      "",
      "not json",
      "{\"detail-type\":",
      "[1,2]",
      "\"AWS API Call via CloudTrail\"",
      R"({"detail-type":"EC2 Instance State-change Notification","detail":{"state":"running"}})",
      R"({"detail-type":"AWS API Call via CloudTrail","detail":"AttachRolePolicy"})",
      R"({"detail-type":"AWS API Call via CloudTrail","detail":{"eventName":"AttachRolePolicy"}})",
      R"({"detail-type":"AWS API Call via CloudTrail","detail":{"eventID":7,"eventName":"RunInstances"}})",
      R"({"detail-type":"AWS API Call via CloudTrail","detail":{"eventID":"e","eventName":"RunInstances",
          "eventSource":"ec2.amazonaws.com","awsRegion":"us-east-1"}})",  // no account anywhere
      R"({"Type":"Notification","Message":"{}"})",                        // an SNS envelope
  };
  for (const char* body : bodies) {
    QueueEvent e = parse_queue_event(body);
    EXPECT_EQ(e.kind, QueueEventKind::kInvalid) << body;
    EXPECT_FALSE(e.problem.empty()) << body;
  }
  // Deep nesting and huge numbers are refused by the untrusted-JSON parser, not a crash.
  EXPECT_EQ(parse_queue_event(std::string(100000, '[')).kind, QueueEventKind::kInvalid);
  EXPECT_EQ(parse_queue_event("{\"detail-type\":1e400}").kind, QueueEventKind::kInvalid);
}

}  // namespace
}  // namespace rolecall::inventory

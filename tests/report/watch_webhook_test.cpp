// watch --webhook's bodies (report/watch_webhook.h): the JSON document carries exactly the lines'
// objects; the Slack message summarises, escapes Slack's markup and stops at its limit.
#include "report/watch_webhook.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/watch_line.h"

namespace rolecall::report {
namespace {

VerdictChange webhook_change(const std::string& resource, Status now, std::optional<Status> before) {
  VerdictChange change;
  change.kind = before ? VerdictChange::Kind::kChanged : VerdictChange::Kind::kNew;
  change.finding.check_id = "instance-has-role";
  change.finding.status = now;
  change.finding.severity = Severity::kHigh;
  change.finding.account_id = "111122223333";
  change.finding.region = "eu-west-1";
  change.finding.resource_type = "instance";
  change.finding.resource_id = resource;
  change.finding.message = "no IAM instance profile is associated <&>";
  change.before = before;
  change.triggers = {"DisassociateIamInstanceProfile"};
  return change;
}

TEST(WatchWebhook, JsonCarriesEveryLineObject) {
  const std::vector<VerdictChange> changes = {webhook_change("i-1", Status::kFail, Status::kPass),
                                              webhook_change("i-2", Status::kFail, std::nullopt)};
  auto doc = nlohmann::json::parse(watch_webhook_body(changes, "2026-12-06T10:00:00Z", WebhookFormat::kJson));
  EXPECT_EQ(doc["source"], "rolecall");
  EXPECT_EQ(doc["sent_at"], "2026-12-06T10:00:00Z");
  ASSERT_EQ(doc["changes"].size(), 2u);
  for (std::size_t i = 0; i < changes.size(); ++i) {
    EXPECT_EQ(doc["changes"][i], nlohmann::json::parse(watch_line(changes[i], "2026-12-06T10:00:00Z")));
  }
}

TEST(WatchWebhook, SlackSummarisesEscapesAndStopsAtItsLimit) {
  std::vector<VerdictChange> changes;
  for (std::size_t i = 0; i < kSlackWebhookMaxLines + 3; ++i)
    changes.push_back(webhook_change("i-" + std::to_string(i), Status::kFail, Status::kPass));
  changes[1].kind = VerdictChange::Kind::kGone;
  const std::string text =
      nlohmann::json::parse(watch_webhook_body(changes, "2026-12-06T10:00:00Z", WebhookFormat::kSlack))["text"];
  EXPECT_NE(text.find("23 verdict(s) changed"), std::string::npos) << text;
  EXPECT_NE(text.find("*FAIL (was PASS)* `instance-has-role` i-0 111122223333 eu-west-1"), std::string::npos) << text;
  EXPECT_NE(text.find("*gone (was PASS)*"), std::string::npos) << text;
  EXPECT_NE(text.find("&lt;&amp;&gt;"), std::string::npos) << "Slack's reserved characters escaped";
  EXPECT_EQ(text.find("<&>"), std::string::npos);
  EXPECT_NE(text.find("i-19 "), std::string::npos);
  EXPECT_EQ(text.find("i-20 "), std::string::npos) << "only the first " << kSlackWebhookMaxLines;
  EXPECT_NE(text.find("and 3 more"), std::string::npos);
}

TEST(WatchWebhook, FormatsParse) {
  EXPECT_EQ(parse_webhook_format("json"), WebhookFormat::kJson);
  EXPECT_EQ(parse_webhook_format("slack"), WebhookFormat::kSlack);
  EXPECT_FALSE(parse_webhook_format("teams"));
}

}  // namespace
}  // namespace rolecall::report

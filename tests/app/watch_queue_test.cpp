// rolecall::watch reading its changes from an SQS queue (WatchOptions::queue_url) against the
// emulator's --event-queue: an EventBridge CloudTrail event triggers a re-audit, a message that is
// not one is noted once, and both are deleted once the audit is reported.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "aws/session.h"
#include "base/json_text.h"
#include "base/sync.h"
#include "emulator/emulator.h"
#include "emulator/generator/generator.h"
#include "rolecall/watch.h"
#include "support/emulator_fixture.h"

namespace rolecall {
namespace {

class WatchQueue : public testing::EmulatorFixture {
 public:
  void SetUp() override {
    nlohmann::json estate =
        emulator::generate_estate(emulator::GeneratorSpec{.accounts = 1, .regions = 2, .instances = 6, .seed = 11})
            .estate;
    // The test sends messages as the auditor, which rolecall itself never needs to.
    estate["accounts"][0]["users"][0]["inline_policies"].push_back(
        {{"name", "test-send"},
         {"document",
          {{"Version", "2012-10-17"},
           {"Statement", {{{"Effect", "Allow"}, {"Action", "sqs:SendMessage"}, {"Resource", "*"}}}}}}});
    emulator::EmulatorOptions options;
    options.estate = estate;
    options.record_calls = true;
    options.event_queue = "0:rolecall-events";
    start_emulator(options);
    session_ = session();
    ASSERT_TRUE(session_);
    account_ = estate["accounts"][0]["id"];
    region_ = estate["accounts"][0]["enabled_regions"][0];
    url_ = emu_->endpoint_url() + "/" + account_ + "/rolecall-events";
    client_ = session_->client(session_->credentials(), "test");
  }

  // Calls SQS `action` with `body` as the default credentials; the response body.
  std::string call_sqs(const std::string& action, const nlohmann::json& body) {
    aws::ServiceCall call;
    call.service = "sqs";
    call.region = "us-east-1";
    call.protocol = aws::Protocol::kJson10;
    call.action = action;
    call.json_target = "AmazonSQS." + action;
    call.json_body = base::json_text(body);
    auto answer = base::run_sync<aws::ServiceResponse>(session_->loop(),
                                                       [&](std::function<void(Result<aws::ServiceResponse>)> done) {
                                                         client_->call(std::move(call), std::move(done));
                                                       });
    EXPECT_TRUE(answer) << action << ": " << answer.error().describe();
    return answer ? answer->body : std::string();
  }
  int in_queue() {
    auto attributes = nlohmann::json::parse(
        call_sqs("GetQueueAttributes",
                 {{"QueueUrl", url_},
                  {"AttributeNames", {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"}}}));
    return std::stoi(attributes["Attributes"]["ApproximateNumberOfMessages"].get<std::string>()) +
           std::stoi(attributes["Attributes"]["ApproximateNumberOfMessagesNotVisible"].get<std::string>());
  }

  std::unique_ptr<aws::Session> session_;
  std::unique_ptr<aws::AwsClient> client_;
  std::string account_, region_, url_;
};

TEST_F(WatchQueue, AnEventTriggersAnAuditAndEveryMessageIsDeletedAfterIt) {
  nlohmann::json event = {{"version", "0"},
                          {"id", "7bf73129-1428-4cd3-a780-95db273d1602"},
                          {"detail-type", "AWS API Call via CloudTrail"},
                          {"source", "aws.ec2"},
                          {"account", account_},
                          {"region", region_},
                          {"detail",
                           {{"eventID", "e2f1a0b9-0000-4000-8000-000000000001"},
                            {"eventName", "RunInstances"},
                            {"eventSource", "ec2.amazonaws.com"},
                            {"awsRegion", region_},
                            {"eventTime", "2026-12-06T14:00:00Z"},
                            {"readOnly", false},
                            {"recipientAccountId", account_}}}};
  call_sqs("SendMessage", {{"QueueUrl", url_}, {"MessageBody", "{\"detail-type\": truncated"}});
  call_sqs("SendMessage", {{"QueueUrl", url_}, {"MessageBody", base::json_text(event)}});
  call_sqs("SendMessage", {{"QueueUrl", url_}, {"MessageBody", "[]"}});
  ASSERT_EQ(in_queue(), 3);

  WatchOptions options;
  options.interval = std::chrono::seconds(1);
  options.max_polls = 1;
  options.queue_url = url_;
  options.queue_region = "us-east-1";
  std::vector<std::string> notes;
  std::vector<std::size_t> audits;
  WatchHooks hooks;
  hooks.on_note = [&](const std::string& line) { notes.push_back(line); };
  hooks.on_scan = [&](const ScanResult& result, const Inventory&) { audits.push_back(result.findings.size()); };
  auto watched = watch(*session_, options, hooks);
  ASSERT_TRUE(watched) << watched.error().describe();
  EXPECT_EQ(audits.size(), 2u) << "the first scan, then the re-audit the RunInstances event triggered";
  std::size_t invalid_notes = 0;
  for (const auto& n : notes) {
    if (n.find("ignored and deleted 2 message(s)") != std::string::npos) ++invalid_notes;
  }
  EXPECT_EQ(invalid_notes, 1u) << "one note for the two malformed messages";
  EXPECT_EQ(in_queue(), 0) << "every message deleted once the audit was reported";
}

TEST_F(WatchQueue, OnePollTakesUpToFiveHundredMessagesAndDeletesThemAll) {
  // 260 messages: more than the 100 a poll once took, fewer than its 500.
  for (int i = 0; i < 260; ++i) call_sqs("SendMessage", {{"QueueUrl", url_}, {"MessageBody", "[]"}});
  ASSERT_EQ(in_queue(), 260);
  WatchOptions options;
  options.interval = std::chrono::seconds(1);
  options.max_polls = 1;
  options.queue_url = url_;
  options.queue_region = "us-east-1";
  std::vector<std::string> notes;
  WatchHooks hooks;
  hooks.on_note = [&](const std::string& line) { notes.push_back(line); };
  auto watched = watch(*session_, options, hooks);
  ASSERT_TRUE(watched) << watched.error().describe();
  std::size_t all_at_once = 0;
  for (const auto& n : notes) {
    if (n.find("ignored and deleted 260 message(s)") != std::string::npos) ++all_at_once;
  }
  EXPECT_EQ(all_at_once, 1u) << "one poll received every message";
  EXPECT_EQ(in_queue(), 0) << "and its deletes, sent together, removed them all";
}

TEST_F(WatchQueue, AQueueItCannotReadIsANoteNotAFailure) {
  WatchOptions options;
  options.interval = std::chrono::seconds(1);
  options.max_polls = 2;
  options.queue_url = emu_->endpoint_url() + "/" + account_ + "/no-such-queue";
  options.queue_region = "us-east-1";
  std::vector<std::string> notes;
  WatchHooks hooks;
  hooks.on_note = [&](const std::string& line) { notes.push_back(line); };
  hooks.wait = [](std::chrono::seconds) {};
  auto watched = watch(*session_, options, hooks);
  ASSERT_TRUE(watched) << watched.error().describe();
  std::size_t unreadable = 0;
  for (const auto& n : notes) {
    if (n.find("cannot read queue") != std::string::npos && n.find("QueueDoesNotExist") != std::string::npos)
      ++unreadable;
  }
  EXPECT_EQ(unreadable, 2u);
}

}  // namespace
}  // namespace rolecall

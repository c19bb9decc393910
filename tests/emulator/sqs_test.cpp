// SQS in the emulator: queues, messages, long polling without the estate's lock, and
// --event-queue's EventBridge events of recorded calls.
#include <chrono>
#include <future>
#include <thread>

#include <fmt/format.h>

#include "emulator/services/sqs/event_queue.h"
#include "fixture.h"

namespace rolecall::testing {
namespace {

using json = nlohmann::json;

class Sqs : public EmulatorTest {
 public:
  std::string create(const std::string& name, const Identity& who = admin_identity()) {
    Answer a = sqs(who, "CreateQueue", {{"QueueName", name}});
    EXPECT_EQ(a.status, 200) << a.body;
    return json::parse(a.body).value("QueueUrl", "");
  }
  json receive(const std::string& url, int max = 10, int wait = 0) {
    Answer a = sqs(admin_identity(), "ReceiveMessage",
                   {{"QueueUrl", url}, {"MaxNumberOfMessages", max}, {"WaitTimeSeconds", wait}});
    EXPECT_EQ(a.status, 200) << a.body;
    return json::parse(a.body);
  }
  std::string visible(const std::string& url) {
    Answer a = sqs(admin_identity(), "GetQueueAttributes",
                   {{"QueueUrl", url}, {"AttributeNames", {"ApproximateNumberOfMessages"}}});
    EXPECT_EQ(a.status, 200) << a.body;
    return json::parse(a.body)["Attributes"].value("ApproximateNumberOfMessages", "?");
  }
  // The JSON 1.0 error shape's name, from __type "com.amazonaws.sqs#Name".
  static std::string sqs_error(const Answer& a) {
    auto type = json::parse(a.body).value("__type", "");
    return type.substr(type.find('#') + 1);
  }
};

TEST_F(Sqs, SendReceiveDeleteRoundTrip) {
  const std::string url = create("events");
  EXPECT_EQ(url, fmt::format("http://127.0.0.1:{}/111111111111/events", emu_->port()));
  EXPECT_EQ(create("events"), url);  // idempotent
  Answer got = sqs(admin_identity(), "GetQueueUrl", {{"QueueName", "events"}});
  EXPECT_EQ(json::parse(got.body)["QueueUrl"], url);
  for (const char* body : {"one", "two", "three"}) {
    Answer sent = sqs(admin_identity(), "SendMessage", {{"QueueUrl", url}, {"MessageBody", body}});
    ASSERT_EQ(sent.status, 200) << sent.body;
    EXPECT_EQ(sent.content_type, "application/x-amz-json-1.0");
  }
  Answer first = sqs(admin_identity(), "SendMessage", {{"QueueUrl", url}, {"MessageBody", "hello"}});
  EXPECT_EQ(json::parse(first.body)["MD5OfMessageBody"], "5d41402abc4b2a76b9719d911017c592");  // md5("hello")
  EXPECT_EQ(visible(url), "4");

  json two = receive(url, 2);
  ASSERT_EQ(two["Messages"].size(), 2u);
  EXPECT_EQ(two["Messages"][0]["Body"], "one");
  EXPECT_EQ(two["Messages"][1]["Body"], "two");
  EXPECT_EQ(visible(url), "2");  // the two received are in flight
  json rest = receive(url, 10);
  ASSERT_EQ(rest["Messages"].size(), 2u);
  EXPECT_FALSE(receive(url).contains("Messages"));  // nothing visible: {}

  Answer deleted = sqs(admin_identity(), "DeleteMessage",
                       {{"QueueUrl", url}, {"ReceiptHandle", two["Messages"][0]["ReceiptHandle"]}});
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  Answer batch = sqs(admin_identity(), "DeleteMessageBatch",
                     {{"QueueUrl", url},
                      {"Entries",
                       {{{"Id", "a"}, {"ReceiptHandle", two["Messages"][1]["ReceiptHandle"]}},
                        {{"Id", "b"}, {"ReceiptHandle", rest["Messages"][0]["ReceiptHandle"]}},
                        {{"Id", "c"}, {"ReceiptHandle", "forged"}}}}});
  ASSERT_EQ(batch.status, 200) << batch.body;
  json answer = json::parse(batch.body);
  EXPECT_EQ(answer["Successful"].size(), 2u);
  ASSERT_EQ(answer["Failed"].size(), 1u);
  EXPECT_EQ(answer["Failed"][0]["Id"], "c");
  EXPECT_EQ(answer["Failed"][0]["Code"], "ReceiptHandleIsInvalid");

  // Past the visibility timeout (30 s) the one message never deleted comes back, with a new receipt.
  advance(std::chrono::seconds(31));
  json again = receive(url);
  ASSERT_EQ(again["Messages"].size(), 1u);
  EXPECT_EQ(again["Messages"][0]["Body"], "hello");
  EXPECT_NE(again["Messages"][0]["ReceiptHandle"], rest["Messages"][1]["ReceiptHandle"]);
  EXPECT_EQ(sqs(admin_identity(), "PurgeQueue", {{"QueueUrl", url}}).status, 200);
  advance(std::chrono::seconds(31));
  EXPECT_FALSE(receive(url).contains("Messages"));
}

TEST_F(Sqs, ErrorsAreSqsShaped) {
  const std::string url = create("events");
  Answer missing = sqs(admin_identity(), "ReceiveMessage",
                       {{"QueueUrl", fmt::format("http://127.0.0.1:{}/111111111111/nope", emu_->port())}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(sqs_error(missing), "QueueDoesNotExist");
  EXPECT_EQ(sqs_error(sqs(admin_identity(), "GetQueueUrl", {{"QueueName", "nope"}})), "QueueDoesNotExist");
  EXPECT_EQ(sqs_error(sqs(admin_identity(), "DeleteMessage", {{"QueueUrl", url}, {"ReceiptHandle", "x"}})),
            "ReceiptHandleIsInvalid");
  EXPECT_EQ(sqs_error(sqs(admin_identity(), "ReceiveMessage", {{"QueueUrl", url}, {"MaxNumberOfMessages", 11}})),
            "InvalidParameterValue");
  EXPECT_EQ(sqs_error(sqs(admin_identity(), "ReceiveMessage", {{"QueueUrl", url}, {"WaitTimeSeconds", 21}})),
            "InvalidParameterValue");
  EXPECT_EQ(sqs_error(sqs(admin_identity(), "ReceiveMessage", {{"QueueUrl", "not a url"}})), "InvalidAddress");
  EXPECT_EQ(sqs_error(sqs(admin_identity(), "CreateQueue", {{"QueueName", "bad name!"}})), "InvalidParameterValue");
  EXPECT_EQ(sqs_error(sqs(admin_identity(), "DeleteMessageBatch", {{"QueueUrl", url}, {"Entries", json::array()}})),
            "EmptyBatchRequest");
  EXPECT_EQ(sqs_error(sqs(admin_identity(), "ListQueues", json::object())), "UnknownOperationException");
  // Authorization: sqs:* actions on the queue's ARN; another account's queue is refused.
  Answer denied = sqs(nobody_identity(), "ReceiveMessage", {{"QueueUrl", url}});
  EXPECT_EQ(denied.status, 403);
  EXPECT_NE(denied.body.find("arn:aws:sqs:us-east-1:111111111111:events"), std::string::npos) << denied.body;
  EXPECT_EQ(sqs(dev_identity(), "ReceiveMessage", {{"QueueUrl", url}}).status, 403);
  // Queues are regional.
  EXPECT_EQ(sqs_error(sqs(admin_identity(), "ReceiveMessage", {{"QueueUrl", url}}, "eu-west-1")), "QueueDoesNotExist");
}

TEST_F(Sqs, LongPollWaitsForAMessageWithoutHoldingTheEstate) {
  const std::string url = create("events");
  const auto started = std::chrono::steady_clock::now();
  auto polled = std::async(std::launch::async, [&] { return receive(url, 1, 5); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // A write (the unique lock) goes through while the poll waits.
  Answer write = query(admin_identity(), "iam", {{"Action", "CreateUser"}, {"UserName", "while-polling"}});
  EXPECT_EQ(write.status, 200) << write.body;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  ASSERT_EQ(sqs(admin_identity(), "SendMessage", {{"QueueUrl", url}, {"MessageBody", "late"}}).status, 200);
  json got = polled.get();
  ASSERT_EQ(got["Messages"].size(), 1u);
  EXPECT_EQ(got["Messages"][0]["Body"], "late");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
  // With nothing to come, the poll ends empty after WaitTimeSeconds.
  const auto idle = std::chrono::steady_clock::now();
  EXPECT_FALSE(receive(url, 1, 1).contains("Messages"));
  EXPECT_GE(std::chrono::steady_clock::now() - idle, std::chrono::milliseconds(900));
}

TEST_F(Sqs, EventQueueReceivesEveryRecordedWriteAsAnEventBridgeEvent) {
  emulator::EmulatorOptions options;
  options.record_calls = true;
  options.event_queue = "0:rolecall-events";
  start(std::move(options));
  const std::string url = fmt::format("http://127.0.0.1:{}/111111111111/rolecall-events", emu_->port());
  ASSERT_EQ(query(admin_identity(), "ec2", {{"Action", "DescribeInstances"}}, "eu-west-1").status, 200);  // a read
  ASSERT_EQ(query(admin_identity(), "iam", {{"Action", "CreateUser"}, {"UserName", "watched"}}).status, 200);
  json got = receive(url);
  ASSERT_EQ(got["Messages"].size(), 1u) << got.dump();
  json event = json::parse(got["Messages"][0]["Body"].get<std::string>());
  EXPECT_EQ(event["version"], "0");
  EXPECT_EQ(event["detail-type"], "AWS API Call via CloudTrail");
  EXPECT_EQ(event["source"], "aws.iam");
  EXPECT_EQ(event["account"], "111111111111");
  EXPECT_EQ(event["region"], "us-east-1");
  EXPECT_EQ(event["time"], "2026-01-01T12:00:00Z");
  EXPECT_EQ(event["resources"], json::array());
  const json& detail = event["detail"];
  EXPECT_EQ(detail["eventName"], "CreateUser");
  EXPECT_EQ(detail["eventSource"], "iam.amazonaws.com");
  EXPECT_EQ(detail["readOnly"], false);
  EXPECT_EQ(detail["recipientAccountId"], "111111111111");
  EXPECT_EQ(detail["userIdentity"]["userName"], "admin");
  EXPECT_TRUE(detail["requestParameters"].is_object());
  EXPECT_FALSE(detail["eventID"].get<std::string>().empty());
  // Reading and deleting the queue are data events: they add nothing to it.
  ASSERT_EQ(sqs(admin_identity(), "DeleteMessage",
                {{"QueueUrl", url}, {"ReceiptHandle", got["Messages"][0]["ReceiptHandle"]}})
                .status,
            200);
  EXPECT_FALSE(receive(url).contains("Messages"));
}

TEST(SqsEventQueueSpec, ParsesAndRefusesNamingThePart) {
  auto spec = emulator::sqs::parse_event_queue_spec("1:org-events:eu-west-1");
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->account, 1u);
  EXPECT_EQ(spec->name, "org-events");
  EXPECT_EQ(spec->region, "eu-west-1");
  EXPECT_EQ(emulator::sqs::parse_event_queue_spec("0:q")->region, "us-east-1");
  for (const char* bad : {"q", ":q", "x:q", "0:", "0:bad name", "0:q:"}) {
    auto refused = emulator::sqs::parse_event_queue_spec(bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_NE(refused.error().message.find("--event-queue"), std::string::npos);
  }
}

}  // namespace
}  // namespace rolecall::testing

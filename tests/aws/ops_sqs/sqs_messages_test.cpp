#include "aws/ops/sqs_messages.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rolecall::aws::sqs {
namespace {

TEST(SqsReceiveMessage, RequestLongPollsUpToTenMessages) {
  ReceiveMessageRequest request;
  request.region = "eu-west-1";
  request.queue_url = "https://sqs.eu-west-1.amazonaws.com/111122223333/rolecall-events";
  request.wait_seconds = 60;  // the API's longest long poll is 20 s
  request.max_messages = 50;  // and at most 10 messages
  request.visibility_timeout = 300;
  const ServiceCall call = receive_message_call(request);
  EXPECT_EQ(call.service, "sqs");
  EXPECT_EQ(call.region, "eu-west-1");
  EXPECT_EQ(call.protocol, Protocol::kJson10);
  EXPECT_EQ(call.json_target, "AmazonSQS.ReceiveMessage");
  EXPECT_EQ(call.api_class, ApiClass::kRead);
  const auto body = nlohmann::json::parse(call.json_body);
  EXPECT_EQ(body["QueueUrl"], request.queue_url);
  EXPECT_EQ(body["WaitTimeSeconds"], 20);
  EXPECT_EQ(body["MaxNumberOfMessages"], 10);
  EXPECT_EQ(body["VisibilityTimeout"], 300);
  request.visibility_timeout.reset();
  request.max_messages = 0;
  const auto bare = nlohmann::json::parse(receive_message_call(request).json_body);
  EXPECT_FALSE(bare.contains("VisibilityTimeout"));
  EXPECT_EQ(bare["MaxNumberOfMessages"], 1);
}

TEST(SqsReceiveMessage, ParsesMessagesAndAnEmptyAnswer) {
  auto parsed = parse_receive_message(
      R"({"Messages":[{"MessageId":"5fea7756-0ea4-451a-a703-a558b933e274","ReceiptHandle":"MbZj6wDWli+Jvw==",
      "MD5OfBody":"fafb00f5732ab283681e124bf8747ed1","Body":"{\"detail-type\":\"AWS API Call via CloudTrail\"}"}]})");
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].message_id, "5fea7756-0ea4-451a-a703-a558b933e274");
  EXPECT_EQ((*parsed)[0].receipt_handle, "MbZj6wDWli+Jvw==");
  EXPECT_EQ((*parsed)[0].body, R"({"detail-type":"AWS API Call via CloudTrail"})");
  auto empty = parse_receive_message("{}");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(SqsReceiveMessage, RefusesMalformedAnswers) {
  for (const char* body : {"", "[]", "{\"Messages\":3}", "{\"Messages\":[{\"Body\":\"x\"}]}", "{\"Messages\":[1]}"}) {
    auto parsed = parse_receive_message(body);
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kParse) << body;
  }
}

TEST(SqsDeleteMessageBatch, RequestNamesEachReceiptAndIsAWrite) {
  DeleteMessageBatchRequest request{
      "us-east-1", "https://sqs.us-east-1.amazonaws.com/1/q", {{"m0", "r0"}, {"m1", "r1"}}};
  const ServiceCall call = delete_message_batch_call(request);
  EXPECT_EQ(call.json_target, "AmazonSQS.DeleteMessageBatch");
  EXPECT_EQ(call.protocol, Protocol::kJson10);
  EXPECT_EQ(call.api_class, ApiClass::kMutate);
  EXPECT_EQ(nlohmann::json::parse(call.json_body),
            nlohmann::json::parse(R"({"QueueUrl":"https://sqs.us-east-1.amazonaws.com/1/q",
              "Entries":[{"Id":"m0","ReceiptHandle":"r0"},{"Id":"m1","ReceiptHandle":"r1"}]})"));
}

TEST(SqsDeleteMessageBatch, ParsesSuccessesAndFailures) {
  auto parsed = parse_delete_message_batch(R"({"Successful":[{"Id":"m0"}],"Failed":[{"Id":"m1","SenderFault":true,
      "Code":"ReceiptHandleIsInvalid","Message":"The input receipt handle is not a valid receipt handle."}]})");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->successful, std::vector<std::string>{"m0"});
  ASSERT_EQ(parsed->failed.size(), 1u);
  EXPECT_EQ(parsed->failed[0].id, "m1");
  EXPECT_EQ(parsed->failed[0].code, "ReceiptHandleIsInvalid");
  EXPECT_TRUE(parsed->failed[0].sender_fault);
  EXPECT_FALSE(parse_delete_message_batch("not json"));
}

TEST(SqsQueueUrl, RegionComesFromAnAwsHostOnly) {
  EXPECT_EQ(queue_url_region("https://sqs.eu-west-1.amazonaws.com/111122223333/q"), "eu-west-1");
  EXPECT_EQ(queue_url_region("https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q"), "cn-north-1");
  EXPECT_EQ(queue_url_region("https://ap-south-1.queue.amazonaws.com/111122223333/q"), "ap-south-1");
  EXPECT_EQ(queue_url_region("http://127.0.0.1:4566/111122223333/q"), std::nullopt);
  EXPECT_EQ(queue_url_region("https://sqs.evil.example.com/1/q"), std::nullopt);
  EXPECT_EQ(queue_url_region(""), std::nullopt);
}

}  // namespace
}  // namespace rolecall::aws::sqs

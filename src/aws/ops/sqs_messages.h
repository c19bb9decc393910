#pragma once
// sqs:ReceiveMessage (long polling) and sqs:DeleteMessageBatch (JSON 1.0, target prefix AmazonSQS.,
// signing name "sqs"), regional: a queue is addressed by its URL, sent in the body to the region's
// endpoint (https://sqs.<region>.amazonaws.com).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"

namespace rolecall::aws::sqs {

// "The maximum number of messages to return ... Valid values: 1 to 10" and the longest long poll (20 s).
inline constexpr int kMaxReceiveMessages = 10;
inline constexpr int kMaxWaitSeconds = 20;

// sqs:ReceiveMessage parameters.
struct ReceiveMessageRequest {
  std::string region;
  std::string queue_url;                   // QueueUrl
  int max_messages = kMaxReceiveMessages;  // MaxNumberOfMessages (1-10, clamped)
  int wait_seconds = kMaxWaitSeconds;      // WaitTimeSeconds (0-20, clamped): long polling
  std::optional<int> visibility_timeout;   // VisibilityTimeout; the queue's when absent
};

// One received message.
struct QueueMessage {
  std::string message_id;      // MessageId
  std::string receipt_handle;  // ReceiptHandle: what deletes it
  std::string body;            // Body, as sent (untrusted)
};

// One sqs:DeleteMessageBatch entry that failed.
struct DeleteFailure {
  std::string id;    // the entry's Id
  std::string code;  // Code, e.g. "ReceiptHandleIsInvalid"
  std::string message;
  bool sender_fault = false;
};

// sqs:DeleteMessageBatch parameters: up to 10 (Id, ReceiptHandle) entries.
struct DeleteMessageBatchRequest {
  std::string region;
  std::string queue_url;
  std::vector<std::pair<std::string, std::string>> entries;  // (Id, ReceiptHandle)
};

// What sqs:DeleteMessageBatch answered.
struct DeleteMessageBatchResponse {
  std::vector<std::string> successful;  // Successful[].Id
  std::vector<DeleteFailure> failed;
};

// The region in an SQS queue URL's host ("https://sqs.eu-west-1.amazonaws.com/1234/q" and the
// legacy "https://eu-west-1.queue.amazonaws.com/..."), nullopt for any other host (an endpoint
// override, whose region comes from --region).
std::optional<std::string> queue_url_region(std::string_view queue_url);

// The ServiceCall for sqs:ReceiveMessage.
ServiceCall receive_message_call(const ReceiveMessageRequest& request);
// Parses a ReceiveMessage body ({} when the queue had nothing); a message without MessageId or
// ReceiptHandle is a kParse error naming its index.
Result<std::vector<QueueMessage>> parse_receive_message(std::string_view body);
// Calls sqs:ReceiveMessage.
void receive_message(AwsCaller& caller, const ReceiveMessageRequest& request,
                     ops::OpCallback<std::vector<QueueMessage>> done);

// The ServiceCall for sqs:DeleteMessageBatch (a mutating call).
ServiceCall delete_message_batch_call(const DeleteMessageBatchRequest& request);
// Parses a DeleteMessageBatch body.
Result<DeleteMessageBatchResponse> parse_delete_message_batch(std::string_view body);
// Calls sqs:DeleteMessageBatch.
void delete_message_batch(AwsCaller& caller, const DeleteMessageBatchRequest& request,
                          ops::OpCallback<DeleteMessageBatchResponse> done);

}  // namespace rolecall::aws::sqs

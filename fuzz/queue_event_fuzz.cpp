// SQS message bodies (`rolecall watch --queue`, untrusted: anyone allowed to send to the queue
// writes them): the EventBridge CloudTrail event parser, and the ReceiveMessage and
// DeleteMessageBatch response parsers on the same input.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aws/ops/sqs_messages.h"
#include "inventory/queue_events.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)rolecall::inventory::parse_queue_event(body);
  (void)rolecall::aws::sqs::parse_receive_message(body);
  (void)rolecall::aws::sqs::parse_delete_message_batch(body);
  (void)rolecall::aws::sqs::queue_url_region(body);
  return 0;
}

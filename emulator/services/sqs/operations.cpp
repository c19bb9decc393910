#include "emulator/services/sqs/operations.h"

#include "emulator/services/sqs/handlers.h"

namespace rolecall::emulator::sqs {

const std::vector<Operation>& operations() {
  // ReceiveMessage changes messages' visibility, but under the queues' own lock: as a read of the
  // estate it takes the shared lock, and it releases even that before a long poll waits.
  static const std::vector<Operation> ops = {
      {"CreateQueue", true, create_queue},
      {"DeleteMessage", false, delete_message},
      {"DeleteMessageBatch", false, delete_message_batch},
      {"GetQueueAttributes", false, get_queue_attributes},
      {"GetQueueUrl", false, get_queue_url},
      {"PurgeQueue", true, purge_queue},
      {"ReceiveMessage", false, receive_message},
      {"SendMessage", false, send_message},
  };
  return ops;
}

std::string_view query_error_code(std::string_view code) {
  if (code == "QueueDoesNotExist") return "AWS.SimpleQueueService.NonExistentQueue";
  if (code == "QueueNameExists") return "QueueAlreadyExists";
  if (code == "EmptyBatchRequest") return "AWS.SimpleQueueService.EmptyBatchRequest";
  if (code == "TooManyEntriesInBatchRequest") return "AWS.SimpleQueueService.TooManyEntriesInBatchRequest";
  if (code == "BatchEntryIdsNotDistinct") return "AWS.SimpleQueueService.BatchEntryIdsNotDistinct";
  if (code == "PurgeQueueInProgress") return "AWS.SimpleQueueService.PurgeQueueInProgress";
  return code;
}

bool data_event(std::string_view action) {
  return action == "SendMessage" || action == "ReceiveMessage" || action == "DeleteMessage" ||
         action == "DeleteMessageBatch";
}

}  // namespace rolecall::emulator::sqs

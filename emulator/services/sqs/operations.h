#pragma once
// The SQS operations the emulator serves (JSON 1.0, X-Amz-Target AmazonSQS.<Operation>, SigV4
// service "sqs"); queue URLs http://<emulator host>/<account id>/<queue name> (docs/emulator.md).

#include <string>
#include <string_view>
#include <vector>

#include "emulator/services/service.h"

namespace rolecall::emulator::sqs {

// X-Amz-Target's prefix (botocore's targetPrefix and ".").
inline constexpr std::string_view kTargetPrefix = "AmazonSQS.";

// Every SQS operation: name, whether it mutates, handler (sqs/handlers.h).
const std::vector<Operation>& operations();

// The awsQueryCompatible error code SQS sends in x-amzn-query-error for the error shape `code`
// ("QueueDoesNotExist" -> "AWS.SimpleQueueService.NonExistentQueue"); `code` itself otherwise.
std::string_view query_error_code(std::string_view code);

// Whether `action` is a data event CloudTrail does not record by default (SendMessage,
// ReceiveMessage, DeleteMessage, ...).
bool data_event(std::string_view action);

}  // namespace rolecall::emulator::sqs

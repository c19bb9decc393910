#pragma once
// The SQS operation handlers, named after the operation in snake_case; each file named below
// defines its group. operations.cpp lists them in the service's operation table.

#include <optional>
#include <string>

#include "emulator/services/service.h"
#include "emulator/services/sqs/queues.h"

namespace rolecall::emulator::sqs {

// queue_ops.cpp
HandlerResult create_queue(RequestContext& ctx);          // CreateQueue
HandlerResult get_queue_url(RequestContext& ctx);         // GetQueueUrl
HandlerResult get_queue_attributes(RequestContext& ctx);  // GetQueueAttributes
HandlerResult purge_queue(RequestContext& ctx);           // PurgeQueue

// message_ops.cpp
HandlerResult send_message(RequestContext& ctx);          // SendMessage
HandlerResult receive_message(RequestContext& ctx);       // ReceiveMessage
HandlerResult delete_message(RequestContext& ctx);        // DeleteMessage
HandlerResult delete_message_batch(RequestContext& ctx);  // DeleteMessageBatch

// queue_ops.cpp: the queue the request's QueueUrl names, in the request's region, authorized for
// `action` ("sqs:ReceiveMessage"); InvalidAddress for a malformed URL, QueueDoesNotExist, or the
// authorization's error.
std::expected<SqsQueues::Key, ApiError> addressed_queue(RequestContext& ctx, std::string_view action);

// queue_ops.cpp: "arn:<partition>:sqs:<region>:<account>:<name>".
std::string queue_arn(const RequestContext& ctx, const SqsQueues::Key& key);

// queue_ops.cpp: a JSON 1.0 reply.
Reply sqs_reply(const nlohmann::json& body);

// queue_ops.cpp: the queue's URL as this emulator serves it.
std::string queue_url(const RequestContext& ctx, const SqsQueues::Key& key);

}  // namespace rolecall::emulator::sqs

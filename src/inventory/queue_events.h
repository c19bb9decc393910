#pragma once
// The changes `rolecall watch --queue` reads from an SQS queue an EventBridge rule feeds: each
// message body is an "AWS API Call via CloudTrail" event whose detail is the CloudTrail record.
// Bodies are untrusted: anything else is told apart, never a crash.

#include <string>
#include <string_view>

#include "inventory/change_events.h"

namespace rolecall::inventory {

// What one message turned out to be.
enum class QueueEventKind {
  kChange,      // a mutating call changes_verdicts() names
  kIrrelevant,  // a CloudTrail API call event that cannot turn a verdict (or a read-only one)
  kInvalid,     // not JSON, or not an EventBridge CloudTrail API call event
};

// One parsed message: the change (kChange, kIrrelevant: as far as read), or why it is invalid.
struct QueueEvent {
  QueueEventKind kind = QueueEventKind::kInvalid;
  ChangeEvent event;
  std::string problem;  // kInvalid: what is wrong, naming the field (never the body)
};

// Parses one message body. The account is detail.recipientAccountId (else the event's account),
// the region detail.awsRegion (else the event's region), the user userIdentity.userName or the
// role session's name.
QueueEvent parse_queue_event(std::string_view body);

}  // namespace rolecall::inventory

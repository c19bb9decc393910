#pragma once
// Calls made to the emulator, recorded as CloudTrail events (`--record-calls on`): a long-term
// key's in the key owner's account, and as the key's last use; a role session's in the role's
// account (AssumedRole, its session name as Username); in the request's region (us-east-1 for IAM
// and Organizations), so a scenario built with the AWS CLI shows up in `aws cloudtrail
// lookup-events`, `aws iam get-access-key-last-used` and `rolecall watch`.

#include <optional>
#include <string>
#include <string_view>

#include "emulator/services/params.h"
#include "emulator/services/service.h"

namespace rolecall::emulator::cloudtrail {

// What a recorded call was: the request, its caller and where it came from.
struct RecordedCall {
  Service service = Service::kEc2;
  std::string action;
  std::string region;              // the request's (SigV4 scope)
  bool mutating = false;           // readOnly = !mutating
  std::string source_ip;           // the client's address; the call is not recorded unless it is IPv4
  std::string user_agent;          // User-Agent header
  std::string request_id;          // becomes the event id
  const Params* params = nullptr;  // the request's parameters (query protocol), for requestParameters
  std::string_view response_body;  // the answer, for responseElements
};

// An event record_call() appended, and where: the account and region whose CloudTrail holds it.
struct RecordedEvent {
  std::string account_id;
  std::string region;
  TrailEvent event;
};

// Appends the event for `call` made by `caller` at `now` to `estate`: for an IAM user signing with
// its long-term (AKIA) key that still exists (and sets the key's last use), or a role session; a
// LookupEvents call is not recorded (so a listing's pages stay put); the caller leaves out data
// events (s3::data_event, sqs::data_event). Needs the unique lock. Returns what it recorded
// (nullopt: nothing).
std::optional<RecordedEvent> record_call(Estate& estate, const Caller& caller, const RecordedCall& call, TimePoint now);

}  // namespace rolecall::emulator::cloudtrail

#pragma once
// One CloudTrail log file's bytes (gzip as a trail delivers it, or plain JSON) -> its records of
// long-term (AKIA) keys and of instance role sessions (the healthy case). A pure function of the bytes, fuzzed
// (fuzz/trail_file_fuzz.cpp); the directory walk and the aggregation are inventory/trail_files.h.

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "rolecall/error.h"

namespace rolecall::inventory {

// Who made a record's call, of the callers the evidence counts.
enum class TrailCaller {
  kLongTermKey,   // an IAM user's long-term key: userIdentity.accessKeyId "AKIA..."
  kInstanceRole,  // a role session named after an instance: userIdentity.arn ".../assumed-role/ROLE/i-..."
};

// The fields of one counted record that the evidence uses. Views into the parser's buffers: valid
// only during the callback.
struct TrailKeyRecord {
  TrailCaller caller = TrailCaller::kLongTermKey;
  std::string_view key_id;           // userIdentity.accessKeyId ("AKIA...", a session's "ASIA...")
  std::string_view account;          // recipientAccountId: the account whose trail holds it
  std::string_view user;             // userIdentity.userName ("" when absent)
  std::string_view region;           // awsRegion
  std::string_view source_ip;        // sourceIPAddress
  std::string_view vpc_endpoint_id;  // vpcEndpointId ("" when absent)
  std::string_view event_time;       // eventTime, "YYYY-MM-DDTHH:MM:SSZ"
  std::string_view event_name;       // eventName
  std::string_view event_source;     // eventSource ("" when absent), e.g. "ec2.amazonaws.com"
  std::string_view user_agent;       // userAgent ("" when absent)
  std::string_view role_name;        // kInstanceRole: the session's role
  std::string_view session_name;     // kInstanceRole: the instance id the session is named after
};

// True when `name` has the shape of an EC2 instance id: "i-" and 8 or 17 lowercase hex digits.
bool is_instance_id(std::string_view name);

// What one file held.
struct TrailFileCounts {
  std::size_t records = 0;          // Records[] entries
  std::size_t key_records = 0;      // of them, calls made with a long-term key
  std::size_t session_records = 0;  // of them, calls of instance role sessions
};

// The largest decompressed file accepted: a trail delivers files of a few MB.
inline constexpr std::size_t kMaxTrailFileBytes = std::size_t{1} << 30;

// One thread's parser: its decompression and JSON buffers are reused from file to file.
class TrailFileParser {
 public:
  TrailFileParser();
  ~TrailFileParser();
  TrailFileParser(const TrailFileParser&) = delete;
  TrailFileParser& operator=(const TrailFileParser&) = delete;

  // Decompresses `bytes` when gzip, checks it is a CloudTrail log file ({"Records":[{...},...]})
  // and calls `on_record` for each record whose userIdentity.accessKeyId starts with "AKIA". Such
  // a record must have a well-formed eventTime, eventName, awsRegion, sourceIPAddress and
  // recipientAccountId, and every field read must have its JSON type. It also calls `on_record`
  // for each AssumedRole record whose session is named after an instance and that has those
  // fields; one without them is only counted (it can add evidence of health, never hide a key's
  // use). Other records are only counted. Fails with kParse saying what is wrong ("truncated gzip data", "not a
  // CloudTrail log file: ...", "Records[3]: eventTime ..."); the caller names the file.
  Result<TrailFileCounts> parse(std::string_view bytes, const std::function<void(const TrailKeyRecord&)>& on_record);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace rolecall::inventory

#pragma once
// One CloudTrail log file's bytes (gzip as a trail delivers it, or plain JSON) -> its records of
// long-term (AKIA) keys. A pure function of the bytes, fuzzed (fuzz/trail_file_fuzz.cpp); the
// directory walk and the aggregation are inventory/trail_files.h.

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "rolecall/error.h"

namespace rolecall::inventory {

// The fields of one long-term key's record that the evidence uses. Views into the parser's
// buffers: valid only during the callback.
struct TrailKeyRecord {
  std::string_view key_id;           // userIdentity.accessKeyId ("AKIA...")
  std::string_view account;          // recipientAccountId: the account whose trail holds it
  std::string_view user;             // userIdentity.userName ("" when absent)
  std::string_view region;           // awsRegion
  std::string_view source_ip;        // sourceIPAddress
  std::string_view vpc_endpoint_id;  // vpcEndpointId ("" when absent)
  std::string_view event_time;       // eventTime, "YYYY-MM-DDTHH:MM:SSZ"
  std::string_view event_name;       // eventName
  std::string_view user_agent;       // userAgent ("" when absent)
};

// What one file held.
struct TrailFileCounts {
  std::size_t records = 0;      // Records[] entries
  std::size_t key_records = 0;  // of them, calls made with a long-term key
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
  // recipientAccountId, and every field read must have its JSON type; other records are only
  // counted. Fails with kParse saying what is wrong ("truncated gzip data", "not a CloudTrail log
  // file: ...", "Records[3]: eventTime ..."); the caller names the file.
  Result<TrailFileCounts> parse(std::string_view bytes, const std::function<void(const TrailKeyRecord&)>& on_record);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace rolecall::inventory

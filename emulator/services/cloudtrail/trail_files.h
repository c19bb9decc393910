#pragma once
// The estate's CloudTrail events as a trail delivers them to S3 (docs/emulator.md, "Trail log
// files"): one gzip JSON file {"Records":[...]} per account, region and 5-minute slice, under
// AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/, the layout `aws s3 sync s3://bucket DIR` leaves.

#include <cstddef>
#include <string>
#include <vector>

#include "emulator/estate/estate.h"
#include "rolecall/error.h"

namespace rolecall::emulator::cloudtrail {

// One trail log file: its key under the bucket or directory ("AWSLogs/<account>/CloudTrail/...")
// and its gzip bytes.
struct TrailFileObject {
  std::string key;
  std::string bytes;
  TimePoint delivered;      // when the slice closed: the file's name and its S3 LastModified
  std::size_t records = 0;  // Records[] in the file
};

// Every trail log file of `estate`'s events that happened by `now`, sorted by key (what
// write_trail_files writes, and what `--trail-bucket` serves from S3).
Result<std::vector<TrailFileObject>> trail_file_objects(const Estate& estate, TimePoint now);

// What write_trail_files wrote.
struct TrailFilesWritten {
  std::size_t files = 0;
  std::size_t records = 0;
};

// Writes every event of `estate` that happened by `now` (older than LookupEvents' 90 days too, as
// a bucket keeps them) under `dir`, each record as event_record() makes it, oldest first within a
// file. File names are fixed by the account, region and slice, so a rerun rewrites the same files.
// kIo naming the path when a directory or file cannot be written.
Result<TrailFilesWritten> write_trail_files(const Estate& estate, TimePoint now, const std::string& dir);

}  // namespace rolecall::emulator::cloudtrail

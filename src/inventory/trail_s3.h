#pragma once
// A trail's log files read straight from its S3 bucket (scan --trail-logs s3://BUCKET/PREFIX): the
// keys listed with s3:ListObjectsV2 (paged), filtered by name and by the window's path dates before
// any s3:GetObject, the objects fetched concurrently on the event loop (a bounded number of bodies
// in flight or waiting) and parsed on every core into the same evidence as a directory
// (inventory/trail_files.h). Calls are made with the scan's own credentials (`caller`): for an
// organization trail's bucket in another account, its bucket policy must grant them.

#include <cstddef>
#include <string>
#include <string_view>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "aws/s3_location.h"
#include "inventory/trail_window.h"
#include "rolecall/inventory.h"

namespace rolecall::inventory {

// Whether an object key is a trail log file: *.json.gz or *.json in a CloudTrail/ directory under
// AWSLogs/ (CloudTrail-Digest/ and CloudTrail-Insight/ files are not).
bool is_trail_object_key(std::string_view key);

// Where to read and which events count.
struct TrailS3Options {
  std::string url;           // s3://BUCKET/PREFIX as given: named in the evidence and errors
  aws::S3Location location;  // parsed from url
  TrailWindow window;
  std::string region;          // the bucket's region; empty: s3:GetBucketLocation, else `home_region`
  std::string home_region;     // the session's region: asks GetBucketLocation's partition, the fallback
  unsigned threads = 0;        // parser threads; 0: std::thread::hardware_concurrency()
  std::size_t max_bodies = 0;  // objects fetched or waiting to be parsed at once; 0: 4 per thread
};

// Lists, fetches and parses the trail log files of options.location into `inventory.key_evidence`
// (source kTrailFiles, its directory the URL). A listing that fails (NoSuchBucket, AccessDenied) or
// an object that cannot be fetched or parsed is a scope error naming the bucket and key and
// counts as a failed file, so no instance PASSes on what was not read. Runs `loop` (call on its
// thread).
void collect_trail_evidence_s3(aws::EventLoop& loop, aws::AwsCaller& caller, const TrailS3Options& options,
                               Inventory& inventory);

}  // namespace rolecall::inventory

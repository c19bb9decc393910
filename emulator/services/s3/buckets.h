#pragma once
// The S3 state the emulator serves (docs/emulator.md, "S3"): buckets of objects, kept apart from
// the handlers that answer for them (objects.cpp), as moto keeps its models apart from its responses.

#include <cstddef>
#include <map>
#include <string>

#include "emulator/estate/estate.h"
#include "rolecall/error.h"

namespace rolecall::emulator::s3 {

// One object: its bytes, ETag (quoted, as S3 writes it), last modification and Content-Type.
struct S3Object {
  std::string body;
  std::string etag;
  TimePoint last_modified;
  std::string content_type;  // as PutObject gave it; "" for binary/octet-stream
};

// One bucket, owned by an account of the estate, its objects by key (S3 lists keys in UTF-8 byte order).
struct S3Bucket {
  std::string name;
  std::size_t owner = 0;             // index of the owning account in Estate::accounts
  std::string region = "us-east-1";  // LocationConstraint; the emulator answers it from every region
  TimePoint created;                 // ListBuckets' CreationDate
  std::string policy;                // the bucket policy's JSON text as PutBucketPolicy gave it; "" for none
  std::map<std::string, S3Object> objects;
};

// Every bucket, by name: made at start (--trail-bucket, --bucket-dir) and by CreateBucket; objects
// added and removed by PutObject and DeleteObject, policies by Put/DeleteBucketPolicy (under the
// emulator's unique lock). Not part of the estate: /_emulator/state does not dump them.
using S3Buckets = std::map<std::string, S3Bucket>;

// Whether S3 accepts `name` for a new bucket: 3-63 lower-case letters, digits, dots and dashes,
// beginning and ending with a letter or digit.
bool s3_bucket_name_ok(const std::string& name);

// The ETag S3 gives an object of `bytes` (quoted).
std::string s3_etag_of(const std::string& bytes);

// The bucket `name`, owned by the estate's first account, holding the estate's trail log files at
// `now` as a trail delivers them (AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/..., the
// files `--trail-out` writes), created `now`. kInvalidArgument for a name S3 would refuse or an estate without
// accounts.
Result<S3Bucket> trail_bucket(const Estate& estate, TimePoint now, const std::string& name);

// The bucket `name`, owned by the estate's first account, holding every regular file under `dir`
// as an object keyed by its path relative to `dir`, created and last modified `now` (benchmarks serve generated
// trail files so). kInvalidArgument for a bad name, kIo naming the path that cannot be read.
Result<S3Bucket> directory_bucket(const std::string& name, const std::string& dir, TimePoint now);

}  // namespace rolecall::emulator::s3

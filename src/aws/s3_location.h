#pragma once
// Where in S3: s3://BUCKET[/KEY-OR-PREFIX] as the AWS CLI writes it (a trail's log files for
// --trail-logs, a report for --output-file), and the bucket's region, which signs every call to it.

#include <string>
#include <string_view>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "rolecall/error.h"

namespace rolecall::aws {

// s3://BUCKET[/PREFIX]
struct S3Location {
  std::string bucket;
  std::string prefix;  // the key prefix ("" for the whole bucket), or an object's key
};

// Whether `text` names S3 ("s3://...").
bool is_s3_url(std::string_view text);

// Whether S3 allows `name` as a bucket name: 3-63 lower-case letters, digits, dots and dashes,
// starting and ending with a letter or digit.
bool valid_bucket_name(std::string_view name);

// Parses s3://BUCKET[/PREFIX]; kInvalidArgument naming `option` and `text` when it is not an s3://
// URL or the bucket name is not one S3 allows.
Result<S3Location> parse_s3_url(std::string_view text, std::string_view option);

// Parses s3://BUCKET/KEY, an object: as parse_s3_url, and kInvalidArgument when the key is empty or
// ends with "/" (a folder, not an object).
Result<S3Location> parse_s3_object_url(std::string_view text, std::string_view option);

// The region of `bucket` from s3:GetBucketLocation, asked where it answers: us-east-1 for every
// bucket of the aws partition, `home_region` in the others. Runs `loop` (call on its thread). The
// call's error as it came (NoSuchBucket, AccessDenied: s3:GetBucketLocation is often not granted).
Result<std::string> locate_bucket(EventLoop& loop, AwsCaller& caller, const std::string& bucket,
                                  const std::string& home_region);

}  // namespace rolecall::aws

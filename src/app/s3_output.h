#pragma once
// --output-file s3://BUCKET/KEY: a report (or any command's output) stored as one S3 object with the
// session's own credentials, as `aws s3 cp - s3://BUCKET/KEY` would store it (docs/reports.md, "S3").

#include <string>
#include <string_view>

#include "aws/s3_location.h"
#include "aws/session.h"
#include "rolecall/error.h"

namespace rolecall::app {

// Where an output goes: the object, and the region its calls are signed for.
struct S3Destination {
  std::string url;         // s3://BUCKET/KEY as given, for messages
  aws::S3Location object;  // bucket, and the key in `prefix`
  std::string region;
};

// Parses `url` (an object, not a bucket or folder) and finds the bucket's region with
// s3:GetBucketLocation. NoSuchBucket is an error naming the URL; any other refusal (the permission
// is often not granted) leaves the session's region, and the write itself then tells.
Result<S3Destination> locate_s3_destination(aws::Session& session, std::string_view url);

// Stores `body` at `destination` with `content_type` (s3:PutObject, one request); the error names the URL.
Result<void> put_s3_destination(aws::Session& session, const S3Destination& destination, std::string body,
                                std::string_view content_type);

// Removes the object at `destination` (s3:DeleteObject), so a failed run leaves no stale report
// there; removing one that is not there succeeds, as S3 answers.
Result<void> delete_s3_destination(aws::Session& session, const S3Destination& destination);

}  // namespace rolecall::app

#pragma once
// The S3 (REST-XML, SigV4 service "s3", path-style: /{Bucket}/{Key+}, and / for ListBuckets)
// operations the emulator serves.

#include <string>
#include <string_view>
#include <vector>

#include "emulator/services/params.h"
#include "emulator/services/service.h"

namespace rolecall::emulator::s3 {

// Every S3 operation: name, whether it mutates, handler (s3/handlers.h).
const std::vector<Operation>& operations();

// A request's operation as S3 routes it: by method, path-style bucket and key, and query.
struct S3Route {
  std::string action;  // "ListObjectsV2", "GetObject", "ListBuckets", ...; "" when none matches
  std::string bucket;  // "" for the service's own operation (ListBuckets)
  std::string key;     // decoded; "" for the bucket's own operations
};

// Routes `method` `path` (percent-encoded, without the query) with `query`'s parameters.
S3Route route(std::string_view method, std::string_view path, const Params& query);

// Whether `action` is a data event CloudTrail does not record by default: every operation but the
// bucket-level ones (ListBuckets, CreateBucket, GetBucketLocation, Get/Put/DeleteBucketPolicy),
// which are management events ("Amazon S3 CloudTrail events").
bool data_event(std::string_view action);

}  // namespace rolecall::emulator::s3

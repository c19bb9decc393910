#pragma once
// The S3 operation handlers (REST-XML), one per API operation, named after it in snake_case;
// objects.cpp (reads), writes.cpp, list_buckets.cpp and policies.cpp define them. operations.cpp lists them in the
// service's operation table. The request's bucket and key are ctx.json["Bucket"] and ["Key"] (from the path,
// s3/operations.h).

#include "emulator/services/service.h"

namespace rolecall::emulator::s3 {

// objects.cpp
HandlerResult list_objects_v2(RequestContext& ctx);      // ListObjectsV2 (GET /{Bucket}?list-type=2)
HandlerResult get_object(RequestContext& ctx);           // GetObject (GET /{Bucket}/{Key+})
HandlerResult head_object(RequestContext& ctx);          // HeadObject (HEAD /{Bucket}/{Key+})
HandlerResult get_bucket_location(RequestContext& ctx);  // GetBucketLocation (GET /{Bucket}?location)

// list_buckets.cpp
HandlerResult list_buckets(RequestContext& ctx);  // ListBuckets (GET /)

// policies.cpp
HandlerResult put_bucket_policy(RequestContext& ctx);     // PutBucketPolicy (PUT /{Bucket}?policy)
HandlerResult get_bucket_policy(RequestContext& ctx);     // GetBucketPolicy (GET /{Bucket}?policy)
HandlerResult delete_bucket_policy(RequestContext& ctx);  // DeleteBucketPolicy (DELETE /{Bucket}?policy)

// writes.cpp
HandlerResult create_bucket(RequestContext& ctx);  // CreateBucket (PUT /{Bucket})
HandlerResult put_object(RequestContext& ctx);     // PutObject (PUT /{Bucket}/{Key+})
HandlerResult delete_object(RequestContext& ctx);  // DeleteObject (DELETE /{Bucket}/{Key+})

}  // namespace rolecall::emulator::s3

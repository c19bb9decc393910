#pragma once
// The S3 operation handlers (REST-XML), one per API operation, named after it in snake_case;
// objects.cpp defines them. operations.cpp lists them in the service's operation table. The
// request's bucket and key are ctx.json["Bucket"] and ["Key"] (from the path, s3/operations.h).

#include "emulator/services/service.h"

namespace rolecall::emulator::s3 {

// objects.cpp
HandlerResult list_objects_v2(RequestContext& ctx);      // ListObjectsV2 (GET /{Bucket}?list-type=2)
HandlerResult get_object(RequestContext& ctx);           // GetObject (GET /{Bucket}/{Key+})
HandlerResult get_bucket_location(RequestContext& ctx);  // GetBucketLocation (GET /{Bucket}?location)

}  // namespace rolecall::emulator::s3

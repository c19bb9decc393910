#pragma once
// Which bucket an S3 request may reach: the one its path names, when the caller's identity policies
// allow the action on the resource and the bucket is the caller's account's; and the XML answer
// the handlers share.

#include <expected>
#include <string>
#include <string_view>

#include "emulator/services/s3/buckets.h"
#include "emulator/services/service.h"

namespace rolecall::emulator::s3 {

// The bucket ctx.json["Bucket"] names, when the caller may do `action` on `resource`: NoSuchBucket,
// or AccessDenied when the identity policies do not allow it or the caller belongs to another
// account (bucket policies are stored but not evaluated, so none grants cross-account access).
std::expected<S3Bucket*, ApiError> s3_bucket_for(RequestContext& ctx, std::string_view action,
                                                 const std::string& resource);

// A 200 answer of S3's XML `body` (application/xml).
Reply s3_xml_reply(std::string body);

// The ARN of `bucket`, or of `key` in it.
std::string s3_arn(const RequestContext& ctx, const std::string& bucket, const std::string& key = {});

}  // namespace rolecall::emulator::s3

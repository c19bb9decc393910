#include "emulator/services/s3/access.h"

#include "emulator/services/authorize.h"

namespace rolecall::emulator::s3 {

std::expected<S3Bucket*, ApiError> s3_bucket_for(RequestContext& ctx, std::string_view action,
                                                 const std::string& resource) {
  const std::string bucket = ctx.json.value("Bucket", "");
  auto it = ctx.core.s3_buckets.find(bucket);
  if (it == ctx.core.s3_buckets.end())
    return std::unexpected(ApiError{404, "NoSuchBucket", "The specified bucket does not exist", true});
  if (auto denied = authorize(ctx, action, resource)) return std::unexpected(*denied);
  if (it->second.owner != ctx.caller.account)
    return std::unexpected(ApiError{403, "AccessDenied", "Access Denied", true});
  return &it->second;
}

Reply s3_xml_reply(std::string body) {
  Reply r;
  r.body = std::move(body);
  r.content_type = "application/xml";
  return r;
}

std::string s3_arn(const RequestContext& ctx, const std::string& bucket, const std::string& key) {
  std::string arn = "arn:" + ctx.partition() + ":s3:::" + bucket;
  if (!key.empty()) arn += "/" + key;
  return arn;
}

}  // namespace rolecall::emulator::s3

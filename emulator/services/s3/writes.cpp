// S3 writes a user drives from the sandbox (`aws s3 mb`, `aws s3api put-object`, rolecall's
// --output-file s3://): CreateBucket, PutObject, DeleteObject, shaped as botocore's s3 2006-03-01
// model and authorized like the reads.
#include <pugixml.hpp>

#include "emulator/services/authorize.h"
#include "emulator/services/s3/access.h"
#include "emulator/services/s3/handlers.h"

namespace rolecall::emulator::s3 {
namespace {

constexpr std::size_t kS3MaxKeyBytes = 1024;

// The region CreateBucketConfiguration asks for: "" without a body (us-east-1), or an error for a
// body that is not the configuration.
std::expected<std::string, ApiError> s3_location_constraint(const std::string& body) {
  if (body.empty()) return std::string();
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) {
    return std::unexpected(
        ApiError{400, "MalformedXML", "The XML you provided was not well-formed or did not validate", true});
  }
  pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "CreateBucketConfiguration") {
    return std::unexpected(
        ApiError{400, "MalformedXML", "The XML you provided was not well-formed or did not validate", true});
  }
  return std::string(root.child("LocationConstraint").text().get());
}

}  // namespace

HandlerResult create_bucket(RequestContext& ctx) {
  const std::string name = ctx.json.value("Bucket", "");
  if (!s3_bucket_name_ok(name)) return error(400, "InvalidBucketName", "The specified bucket is not valid.");
  if (auto denied = authorize(ctx, "s3:CreateBucket", s3_arn(ctx, name))) return std::unexpected(*denied);
  auto constraint = s3_location_constraint(ctx.body);
  if (!constraint) return std::unexpected(constraint.error());
  // The constraint names the endpoint's own region; us-east-1 is the one that takes none.
  const std::string region = constraint->empty() ? "us-east-1" : *constraint;
  if (region != ctx.region || *constraint == "us-east-1") {
    return error(400, "IllegalLocationConstraintException",
                 constraint->empty() ? "The unspecified location constraint is incompatible for the region specific "
                                       "endpoint this request was sent to."
                                     : "The " + *constraint +
                                           " location constraint is incompatible for the region specific endpoint "
                                           "this request was sent to.");
  }
  if (auto it = ctx.core.s3_buckets.find(name); it != ctx.core.s3_buckets.end()) {
    if (it->second.owner != ctx.caller.account) {
      return error(409, "BucketAlreadyExists",
                   "The requested bucket name is not available. The bucket namespace is shared by all users of the "
                   "system. Please select a different name and try again.");
    }
    // us-east-1 answers a repeated create of one's own bucket with success (legacy behaviour).
    if (region != "us-east-1")
      return error(409, "BucketAlreadyOwnedByYou",
                   "Your previous request to create the named bucket succeeded and you already own it.");
  } else {
    S3Bucket bucket;
    bucket.name = name;
    bucket.owner = ctx.caller.account;
    bucket.region = region;
    bucket.created = ctx.now;
    ctx.core.s3_buckets.emplace(name, std::move(bucket));
  }
  Reply r;
  r.content_type = "application/xml";
  r.headers.emplace_back("Location", "/" + name);
  return r;
}

HandlerResult put_object(RequestContext& ctx) {
  const std::string name = ctx.json.value("Bucket", ""), key = ctx.json.value("Key", "");
  if (key.size() > kS3MaxKeyBytes) return error(400, "KeyTooLongError", "Your key is too long");
  auto bucket = s3_bucket_for(ctx, "s3:PutObject", s3_arn(ctx, name, key));
  if (!bucket) return std::unexpected(bucket.error());
  S3Object object{std::move(ctx.body), {}, ctx.now, ctx.json.value("ContentType", "")};
  object.etag = s3_etag_of(object.body);
  Reply r;
  r.content_type = "application/xml";
  r.headers.emplace_back("ETag", object.etag);
  (*bucket)->objects.insert_or_assign(key, std::move(object));
  return r;
}

HandlerResult delete_object(RequestContext& ctx) {
  const std::string name = ctx.json.value("Bucket", ""), key = ctx.json.value("Key", "");
  auto bucket = s3_bucket_for(ctx, "s3:DeleteObject", s3_arn(ctx, name, key));
  if (!bucket) return std::unexpected(bucket.error());
  (*bucket)->objects.erase(key);  // S3 answers 204 whether or not the key was there
  Reply r;
  r.status = 204;
  r.content_type = "application/xml";
  return r;
}

}  // namespace rolecall::emulator::s3

// S3 bucket policies: PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy (`/{Bucket}?policy`),
// shaped as botocore's s3 2006-03-01 model and authorized like the other bucket operations (the
// owner account's principals, by their identity policies). The document is kept and served as
// given; the emulator does not evaluate it (docs/emulator.md, "Bucket policies").
#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

#include "base/untrusted_json.h"
#include "emulator/services/s3/access.h"
#include "emulator/services/s3/handlers.h"

namespace rolecall::emulator::s3 {
namespace {

ApiError malformed_policy(std::string message) { return ApiError{400, "MalformedPolicy", std::move(message), true}; }

// Why S3 refuses `text` as a bucket policy, or nullopt: it must be a JSON object with a non-empty
// Statement (an object or an array of them).
std::optional<ApiError> bucket_policy_problem(const std::string& text) {
  auto doc = base::parse_untrusted_json(text, "bucket policy");
  if (!doc || !doc->is_object()) return malformed_policy("Policies must be valid JSON and the first byte must be '{'");
  auto statement = doc->find("Statement");
  if (statement == doc->end() || (statement->is_array() && statement->empty()))
    return malformed_policy("Missing required field Statement");
  const auto statement_ok = [](const nlohmann::json& s) { return s.is_object(); };
  if (statement->is_object()) return std::nullopt;
  if (!statement->is_array() || !std::all_of(statement->begin(), statement->end(), statement_ok))
    return malformed_policy("Statement is not an object or an array of objects");
  return std::nullopt;
}

}  // namespace

HandlerResult put_bucket_policy(RequestContext& ctx) {
  auto bucket = s3_bucket_for(ctx, "s3:PutBucketPolicy", s3_arn(ctx, ctx.json.value("Bucket", "")));
  if (!bucket) return std::unexpected(bucket.error());
  if (auto problem = bucket_policy_problem(ctx.body)) return std::unexpected(*problem);
  (*bucket)->policy = std::move(ctx.body);
  Reply r;
  r.status = 204;
  r.content_type = "application/xml";
  return r;
}

HandlerResult get_bucket_policy(RequestContext& ctx) {
  auto bucket = s3_bucket_for(ctx, "s3:GetBucketPolicy", s3_arn(ctx, ctx.json.value("Bucket", "")));
  if (!bucket) return std::unexpected(bucket.error());
  if ((*bucket)->policy.empty()) return error(404, "NoSuchBucketPolicy", "The bucket policy does not exist");
  Reply r;
  r.body = (*bucket)->policy;  // the payload is the document itself (GetBucketPolicyOutput: payload Policy)
  r.content_type = "application/json";
  return r;
}

HandlerResult delete_bucket_policy(RequestContext& ctx) {
  auto bucket = s3_bucket_for(ctx, "s3:DeleteBucketPolicy", s3_arn(ctx, ctx.json.value("Bucket", "")));
  if (!bucket) return std::unexpected(bucket.error());
  (*bucket)->policy.clear();  // 204 whether or not the bucket had one
  Reply r;
  r.status = 204;
  r.content_type = "application/xml";
  return r;
}

}  // namespace rolecall::emulator::s3

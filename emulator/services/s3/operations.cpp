#include "emulator/services/s3/operations.h"

#include "aws/sigv4_canonical.h"
#include "emulator/services/s3/handlers.h"

namespace rolecall::emulator::s3 {

const std::vector<Operation>& operations() {
  static const std::vector<Operation> ops = {
      {"CreateBucket", true, create_bucket},
      {"DeleteBucketPolicy", true, delete_bucket_policy},
      {"DeleteObject", true, delete_object},
      {"GetBucketLocation", false, get_bucket_location},
      {"GetBucketPolicy", false, get_bucket_policy},
      {"GetObject", false, get_object},
      {"HeadObject", false, head_object},
      {"ListBuckets", false, list_buckets},
      {"ListObjectsV2", false, list_objects_v2},
      {"PutBucketPolicy", true, put_bucket_policy},
      {"PutObject", true, put_object},
  };
  return ops;
}

namespace {

// Whether the query names a sub-resource (?acl, ?tagging, ...): an operation other than the
// object's or bucket's own. botocore's x-id= (the operation's name) is not one.
bool s3_sub_resource(const Params& query) {
  for (const std::string& name : query.names()) {
    if (name != "x-id") return true;
  }
  return false;
}

// Whether the query names the sub-resource `name` (?policy) and no other.
bool s3_only_sub_resource(const Params& query, std::string_view name) {
  if (!query.get(name)) return false;
  for (const std::string& n : query.names()) {
    if (n != name && n != "x-id") return false;
  }
  return true;
}

}  // namespace

S3Route route(std::string_view method, std::string_view path, const Params& query) {
  S3Route out;
  if (path.starts_with('/')) path.remove_prefix(1);
  const auto slash = path.find('/');
  out.bucket = aws::sigv4::detail::percent_decode(path.substr(0, slash));
  if (slash != std::string_view::npos) out.key = aws::sigv4::detail::percent_decode(path.substr(slash + 1));
  if (out.bucket.empty()) {
    // The service endpoint itself: GET / is ListBuckets (max-buckets, continuation-token, prefix, bucket-region).
    if (method == "GET") out.action = "ListBuckets";
    return out;
  }
  if (method == "PUT") {
    // Sub-resources (?acl, ?tagging, ...) are other operations the emulator does not serve, but ?policy.
    if (out.key.empty() && s3_only_sub_resource(query, "policy")) {
      out.action = "PutBucketPolicy";
    } else if (!s3_sub_resource(query)) {
      out.action = out.key.empty() ? "CreateBucket" : "PutObject";
    }
    return out;
  }
  if (method == "DELETE") {
    if (out.key.empty() && s3_only_sub_resource(query, "policy")) {
      out.action = "DeleteBucketPolicy";
    } else if (!out.key.empty() && !s3_sub_resource(query)) {
      out.action = "DeleteObject";
    }
    return out;
  }
  if (method == "HEAD") {
    if (!out.key.empty()) out.action = "HeadObject";
    return out;
  }
  if (method != "GET") return out;
  if (!out.key.empty()) {
    out.action = "GetObject";
  } else if (s3_only_sub_resource(query, "policy")) {
    out.action = "GetBucketPolicy";
  } else if (query.get("location")) {
    out.action = "GetBucketLocation";
  } else if (const std::string* type = query.get("list-type"); type && *type == "2") {
    out.action = "ListObjectsV2";
  }
  return out;
}

bool data_event(std::string_view action) {
  return action != "ListBuckets" && action != "CreateBucket" && action != "GetBucketLocation" &&
         action != "GetBucketPolicy" && action != "PutBucketPolicy" && action != "DeleteBucketPolicy";
}

}  // namespace rolecall::emulator::s3

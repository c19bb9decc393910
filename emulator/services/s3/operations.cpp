#include "emulator/services/s3/operations.h"

#include "aws/sigv4_canonical.h"
#include "emulator/services/s3/handlers.h"

namespace rolecall::emulator::s3 {

const std::vector<Operation>& operations() {
  static const std::vector<Operation> ops = {
      {"CreateBucket", true, create_bucket},
      {"DeleteObject", true, delete_object},
      {"GetBucketLocation", false, get_bucket_location},
      {"GetObject", false, get_object},
      {"HeadObject", false, head_object},
      {"ListObjectsV2", false, list_objects_v2},
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

}  // namespace

S3Route route(std::string_view method, std::string_view path, const Params& query) {
  S3Route out;
  if (path.starts_with('/')) path.remove_prefix(1);
  const auto slash = path.find('/');
  out.bucket = aws::sigv4::detail::percent_decode(path.substr(0, slash));
  if (slash != std::string_view::npos) out.key = aws::sigv4::detail::percent_decode(path.substr(slash + 1));
  if (out.bucket.empty()) return out;
  if (method == "PUT") {
    // Sub-resources (?acl, ?tagging, ...) are other operations the emulator does not serve.
    if (!s3_sub_resource(query)) out.action = out.key.empty() ? "CreateBucket" : "PutObject";
    return out;
  }
  if (method == "DELETE") {
    if (!out.key.empty() && !s3_sub_resource(query)) out.action = "DeleteObject";
    return out;
  }
  if (method == "HEAD") {
    if (!out.key.empty()) out.action = "HeadObject";
    return out;
  }
  if (method != "GET") return out;
  if (!out.key.empty()) {
    out.action = "GetObject";
  } else if (query.get("location")) {
    out.action = "GetBucketLocation";
  } else if (const std::string* type = query.get("list-type"); type && *type == "2") {
    out.action = "ListObjectsV2";
  }
  return out;
}

}  // namespace rolecall::emulator::s3

#include "emulator/services/s3/operations.h"

#include "aws/sigv4_canonical.h"
#include "emulator/services/s3/handlers.h"

namespace rolecall::emulator::s3 {

const std::vector<Operation>& operations() {
  static const std::vector<Operation> ops = {
      {"GetBucketLocation", false, get_bucket_location},
      {"GetObject", false, get_object},
      {"ListObjectsV2", false, list_objects_v2},
  };
  return ops;
}

S3Route route(std::string_view method, std::string_view path, const Params& query) {
  S3Route out;
  if (path.starts_with('/')) path.remove_prefix(1);
  const auto slash = path.find('/');
  out.bucket = aws::sigv4::detail::percent_decode(path.substr(0, slash));
  if (slash != std::string_view::npos) out.key = aws::sigv4::detail::percent_decode(path.substr(slash + 1));
  if (out.bucket.empty() || method != "GET") return out;
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

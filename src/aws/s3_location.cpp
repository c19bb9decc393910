#include "aws/s3_location.h"

#include <algorithm>

#include <fmt/format.h>

#include "aws/endpoints.h"
#include "aws/ops/s3_objects.h"
#include "base/sync.h"

namespace rolecall::aws {

bool is_s3_url(std::string_view text) { return text.starts_with("s3://"); }

bool valid_bucket_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  const auto ok = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'; };
  return std::all_of(name.begin(), name.end(), ok) && name.front() != '.' && name.front() != '-' &&
         name.back() != '.' && name.back() != '-';
}

Result<S3Location> parse_s3_url(std::string_view text, std::string_view option) {
  if (!is_s3_url(text)) return fail(Error::invalid_argument(fmt::format("{} {}: not an s3:// URL", option, text)));
  std::string_view rest = text.substr(5);
  const auto slash = rest.find('/');
  S3Location out;
  out.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) out.prefix = std::string(rest.substr(slash + 1));
  if (!valid_bucket_name(out.bucket)) {
    return fail(Error::invalid_argument(
        fmt::format("{} {}: '{}' is not a bucket name (3-63 lower-case letters, digits, dots and dashes)", option, text,
                    out.bucket)));
  }
  return out;
}

Result<S3Location> parse_s3_object_url(std::string_view text, std::string_view option) {
  auto location = parse_s3_url(text, option);
  if (!location) return location;
  if (location->prefix.empty() || location->prefix.ends_with('/')) {
    return fail(Error::invalid_argument(
        fmt::format("{} {}: name an object (s3://BUCKET/KEY), not a bucket or a folder", option, text)));
  }
  return location;
}

Result<std::string> locate_bucket(EventLoop& loop, AwsCaller& caller, const std::string& bucket,
                                  const std::string& home_region) {
  const std::string ask = partition_of(home_region) == "aws" ? "us-east-1" : home_region;
  return base::run_sync<std::string>(
      loop, [&](ops::OpCallback<std::string> done) { s3::get_bucket_location(caller, ask, bucket, std::move(done)); });
}

}  // namespace rolecall::aws

#include "emulator/services/s3/buckets.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "base/sha256.h"
#include "emulator/services/cloudtrail/trail_files.h"

namespace rolecall::emulator::s3 {
namespace {

bool s3_bucket_name_ok(const std::string& name) {
  if (name.size() < 3 || name.size() > 63) return false;
  const auto ok = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'; };
  return std::all_of(name.begin(), name.end(), ok) && std::isalnum(static_cast<unsigned char>(name.front())) &&
         std::isalnum(static_cast<unsigned char>(name.back()));
}

}  // namespace

Result<S3Bucket> trail_bucket(const Estate& estate, TimePoint now, const std::string& name) {
  if (!s3_bucket_name_ok(name)) {
    return fail(Error::invalid_argument(
        fmt::format("--trail-bucket {}: not a bucket name (3-63 lower-case letters, digits, dots and dashes)", name)));
  }
  if (estate.accounts.empty()) return fail(Error::invalid_argument("--trail-bucket: the estate has no account"));
  auto files = cloudtrail::trail_file_objects(estate, now);
  if (!files) return fail(files.error());
  S3Bucket bucket;
  bucket.name = name;
  bucket.owner = 0;
  for (auto& file : *files) {
    // S3's ETag of a single-part upload is the MD5 of the bytes; any stable digest serves the clients
    // (`aws s3 sync` compares sizes and times).
    std::string etag = "\"" + base::sha256_hex(file.bytes).substr(0, 32) + "\"";
    bucket.objects.emplace(std::move(file.key), S3Object{std::move(file.bytes), std::move(etag), file.delivered});
  }
  return bucket;
}

}  // namespace rolecall::emulator::s3

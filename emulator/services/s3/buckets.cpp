#include "emulator/services/s3/buckets.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "base/sha256.h"
#include "emulator/services/cloudtrail/trail_files.h"

namespace rolecall::emulator::s3 {
bool s3_bucket_name_ok(const std::string& name) {
  if (name.size() < 3 || name.size() > 63) return false;
  const auto ok = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'; };
  return std::all_of(name.begin(), name.end(), ok) && std::isalnum(static_cast<unsigned char>(name.front())) &&
         std::isalnum(static_cast<unsigned char>(name.back()));
}

namespace {

Result<void> check_s3_bucket_name(const std::string& option, const std::string& name) {
  if (s3_bucket_name_ok(name)) return {};
  return fail(Error::invalid_argument(
      fmt::format("{} {}: not a bucket name (3-63 lower-case letters, digits, dots and dashes)", option, name)));
}

}  // namespace

std::string s3_etag_of(const std::string& bytes) {
  // S3's ETag of a single-part upload is the MD5 of the bytes; any stable digest serves the clients
  // (`aws s3 sync` compares sizes and times).
  return "\"" + base::sha256_hex(bytes).substr(0, 32) + "\"";
}

Result<S3Bucket> directory_bucket(const std::string& name, const std::string& dir, TimePoint now) {
  if (auto ok = check_s3_bucket_name("--bucket-dir", name); !ok) return fail(ok.error());
  S3Bucket bucket;
  bucket.name = name;
  bucket.created = now;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in && !in.eof()) return fail(Error::io(fmt::format("--bucket-dir: cannot read {}", it->path().string())));
    std::string etag = s3_etag_of(bytes);
    bucket.objects.emplace(std::filesystem::relative(it->path(), dir).generic_string(),
                           S3Object{std::move(bytes), std::move(etag), now, {}});
  }
  if (ec) return fail(Error::io(fmt::format("--bucket-dir: cannot list {}: {}", dir, ec.message())));
  return bucket;
}

Result<S3Bucket> trail_bucket(const Estate& estate, TimePoint now, const std::string& name) {
  if (auto ok = check_s3_bucket_name("--trail-bucket", name); !ok) return fail(ok.error());
  if (estate.accounts.empty()) return fail(Error::invalid_argument("--trail-bucket: the estate has no account"));
  auto files = cloudtrail::trail_file_objects(estate, now);
  if (!files) return fail(files.error());
  S3Bucket bucket;
  bucket.name = name;
  bucket.owner = 0;
  bucket.created = now;
  for (auto& file : *files) {
    std::string etag = s3_etag_of(file.bytes);
    bucket.objects.emplace(std::move(file.key), S3Object{std::move(file.bytes), std::move(etag), file.delivered, {}});
  }
  return bucket;
}

}  // namespace rolecall::emulator::s3

// S3 REST-XML responses (a trail's bucket, read with `scan --trail-logs s3://`; an account's buckets,
// read by `plan --migrate-keys`; untrusted): the ListObjectsV2 page, the ListBuckets page, the
// GetBucketLocation answer and the error-body parser on the same input,
// plus the trail window's reading of every listed key (keys are anyone's who can write the bucket),
// and the s3:// URLs --trail-logs and --output-file take.

#include <cstddef>
#include <cstdint>
#include <string>

#include "aws/ops/s3_buckets.h"
#include "aws/ops/s3_objects.h"
#include "aws/protocol/errors.h"
#include "aws/s3_location.h"
#include "inventory/trail_s3.h"
#include "inventory/trail_window.h"

namespace s3 = rolecall::aws::s3;
namespace inventory = rolecall::inventory;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  if (auto page = s3::parse_list_objects(body)) {
    for (const auto& object : page->objects) {
      (void)inventory::is_trail_object_key(object.key);
      (void)inventory::trail_path_info(object.key);
    }
  }
  (void)s3::parse_list_buckets(body);
  (void)s3::parse_bucket_location(body);
  (void)rolecall::aws::parse_query_error(403, body);
  (void)inventory::trail_path_info(body);
  (void)rolecall::aws::parse_s3_url(body, "--trail-logs");
  (void)rolecall::aws::parse_s3_object_url(body, "--output-file");
  return 0;
}

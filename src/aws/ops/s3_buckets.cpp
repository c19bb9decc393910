#include "aws/ops/s3_buckets.h"

#include <memory>
#include <utility>

#include <fmt/format.h>

#include "aws/ops/s3_objects.h"
#include "aws/protocol/xml.h"

namespace rolecall::aws::s3 {
namespace {

constexpr int kBucketsPerPage = 1000;  // max-buckets: S3 allows up to 10,000
constexpr int kMaxBucketPages = 1000;  // a listing that never ends is S3's fault, not a loop of ours

// Lists the page after `token`, appending to `buckets`, then the next, until the last.
void list_from(AwsCaller& caller, std::string token, int pages, std::shared_ptr<std::vector<BucketSummary>> buckets,
               ops::OpCallback<std::vector<BucketSummary>> done) {
  ops::run_op<ListBucketsResponse>(
      caller, list_buckets_call(token), [](std::string body) { return parse_list_buckets(body); },
      [&caller, pages, buckets, done = std::move(done)](Result<ListBucketsResponse> page) mutable {
        if (!page) {
          done(fail(page.error()));
          return;
        }
        for (auto& b : page->buckets) buckets->push_back(std::move(b));
        if (page->continuation_token.empty()) {
          done(std::move(*buckets));
        } else if (pages + 1 >= kMaxBucketPages) {
          done(fail(Error::parse(fmt::format("s3:ListBuckets: still more after {} pages", kMaxBucketPages))));
        } else {
          list_from(caller, std::move(page->continuation_token), pages + 1, buckets, std::move(done));
        }
      });
}

}  // namespace

ServiceCall list_buckets_call(const std::string& continuation_token) {
  QueryParams query;
  if (!continuation_token.empty()) query.emplace_back("continuation-token", continuation_token);
  query.emplace_back("max-buckets", std::to_string(kBucketsPerPage));
  return s3_get_call("us-east-1", "", "ListBuckets", "/", std::move(query));
}

Result<ListBucketsResponse> parse_list_buckets(std::string_view body) {
  auto doc = xml::Document::parse(std::string(body), "s3:ListBuckets");
  if (!doc) return fail(doc.error());
  if (auto root = xml::expect_root(*doc, "ListAllMyBucketsResult", "s3:ListBuckets"); !root) return fail(root.error());
  ListBucketsResponse out;
  pugi::xml_node root = doc->root();
  std::size_t index = 0;
  for (pugi::xml_node b = root.child("Buckets").child("Bucket"); b; b = b.next_sibling("Bucket"), ++index) {
    BucketSummary bucket{xml::child_string(b, "Name"), xml::child_string(b, "BucketRegion")};
    if (bucket.name.empty()) return fail(Error::parse(fmt::format("s3:ListBuckets: Buckets[{}] has no Name", index)));
    out.buckets.push_back(std::move(bucket));
  }
  out.continuation_token = xml::child_string(root, "ContinuationToken");
  return out;
}

void list_all_buckets(AwsCaller& caller, ops::OpCallback<std::vector<BucketSummary>> done) {
  list_from(caller, "", 0, std::make_shared<std::vector<BucketSummary>>(), std::move(done));
}

ServiceCall get_bucket_policy_call(const std::string& region, const std::string& bucket) {
  return s3_get_call(region, bucket, "GetBucketPolicy", "/", {{"policy", ""}});
}

void get_bucket_policy(AwsCaller& caller, const std::string& region, const std::string& bucket,
                       ops::OpCallback<std::optional<std::string>> done) {
  ops::run_op<std::optional<std::string>>(
      caller, get_bucket_policy_call(region, bucket),
      [](std::string body) -> Result<std::optional<std::string>> {
        return std::optional<std::string>(std::move(body));
      },
      [](const Error& e) -> std::optional<std::optional<std::string>> {
        if (e.code == "NoSuchBucketPolicy") return std::optional<std::string>();
        return std::nullopt;
      },
      std::move(done));
}

}  // namespace rolecall::aws::s3

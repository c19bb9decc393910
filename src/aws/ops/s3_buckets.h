#pragma once
// S3 (REST-XML, signing name "s3") reads of an account's buckets and their policies, for
// `plan --migrate-keys` (a bucket policy naming a key's user is not carried to its role):
// s3:ListBuckets (GET /?max-buckets=N, paged by continuation-token; asking with a parameter makes
// S3 give each bucket's BucketRegion) and s3:GetBucketPolicy (GET /{Bucket}?policy, the JSON
// document as the body). Shapes as botocore's s3 2006-03-01 model.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"

namespace rolecall::aws::s3 {

// A bucket of a ListBuckets page.
struct BucketSummary {
  std::string name;
  std::string region;  // BucketRegion; "" when S3 did not say
};

// One ListBuckets page, and the token of the next ("" on the last).
struct ListBucketsResponse {
  std::vector<BucketSummary> buckets;
  std::string continuation_token;
};

// The ServiceCall of one ListBuckets page (asked in us-east-1, which lists every region's buckets).
ServiceCall list_buckets_call(const std::string& continuation_token);
// Parses <ListAllMyBucketsResult>: kParse when the root or a bucket's Name is missing.
Result<ListBucketsResponse> parse_list_buckets(std::string_view body);
// s3:ListBuckets, every page: the caller's account's buckets, in S3's order (by name).
void list_all_buckets(AwsCaller& caller, ops::OpCallback<std::vector<BucketSummary>> done);

// The ServiceCall of s3:GetBucketPolicy of `bucket` (in `region`).
ServiceCall get_bucket_policy_call(const std::string& region, const std::string& bucket);
// s3:GetBucketPolicy: the policy document (JSON text), or nullopt when the bucket has none
// (NoSuchBucketPolicy); other errors read "s3:GetBucketPolicy: ..." (AccessDenied, NoSuchBucket).
void get_bucket_policy(AwsCaller& caller, const std::string& region, const std::string& bucket,
                       ops::OpCallback<std::optional<std::string>> done);

}  // namespace rolecall::aws::s3

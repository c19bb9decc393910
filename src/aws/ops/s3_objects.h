#pragma once
// S3 (REST-XML, SigV4 with x-amz-content-sha256, signing name "s3"): the reads a trail's bucket
// needs: s3:ListObjectsV2 (GET /{Bucket}?list-type=2, paged by continuation-token), s3:GetObject
// (GET /{Bucket}/{Key+}, the raw bytes) and s3:GetBucketLocation (GET /{Bucket}?location); and the
// writes of a report (--output-file s3://): s3:PutObject (PUT /{Bucket}/{Key+}) and
// s3:DeleteObject (DELETE /{Bucket}/{Key+}, a failed scan's stale report). Buckets
// are addressed virtual-hosted against AWS and path-style against an endpoint override
// (aws/aws_client.cpp). Shapes as botocore's s3 2006-03-01 model.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"

namespace rolecall::aws::s3 {

// A GET of S3's REST-XML API: `path` ("/" for the bucket itself, "/KEY" for an object) of `bucket`
// ("" for the service's root) in `region`, with `query`; the other methods set rest_method.
ServiceCall s3_get_call(std::string region, std::string bucket, std::string action, std::string path,
                        QueryParams query);

// One page of ListObjectsV2.
struct ListObjectsRequest {
  std::string region;  // the bucket's region (signing and endpoint)
  std::string bucket;
  std::string prefix;              // prefix=
  std::string continuation_token;  // continuation-token= of the previous page; empty: the first
  int max_keys = 1000;             // max-keys= (S3 returns at most 1000)
};

// An object of a listing.
struct ObjectSummary {
  std::string key;
  std::uint64_t size = 0;
};

// One page: the objects, and the token of the next page ("" on the last).
struct ListObjectsResponse {
  std::vector<ObjectSummary> objects;
  std::string next_continuation_token;
  std::string bucket_region;  // x-amz-bucket-region, "" when absent
};

// The ServiceCall of one ListObjectsV2 page.
ServiceCall list_objects_call(const ListObjectsRequest& request);
// Parses a <ListBucketResult>: kParse when the root or a Contents/Key is missing, or IsTruncated
// is true without a NextContinuationToken (a listing that could never end).
Result<ListObjectsResponse> parse_list_objects(std::string_view body);
// s3:ListObjectsV2 for one page; errors read "s3:ListObjectsV2: ..." (NoSuchBucket, AccessDenied).
void list_objects(AwsCaller& caller, const ListObjectsRequest& request, ops::OpCallback<ListObjectsResponse> done);

// The ServiceCall of s3:GetObject of `key` in `bucket` (in `region`).
ServiceCall get_object_call(const std::string& region, const std::string& bucket, const std::string& key);
// s3:GetObject: the object's bytes; errors read "s3:GetObject: ..." (NoSuchKey, AccessDenied).
void get_object(AwsCaller& caller, const std::string& region, const std::string& bucket, const std::string& key,
                ops::OpCallback<std::string> done);

// The ServiceCall of s3:PutObject of `body` as `key` in `bucket`, with `content_type`.
ServiceCall put_object_call(const std::string& region, const std::string& bucket, const std::string& key,
                            std::string body, std::string content_type);
// s3:PutObject: stores `body` (a single PUT: S3 takes up to 5 GB so); errors read "s3:PutObject: ...".
void put_object(AwsCaller& caller, const std::string& region, const std::string& bucket, const std::string& key,
                std::string body, std::string content_type, ops::OpCallback<std::monostate> done);

// The ServiceCall of s3:DeleteObject of `key` in `bucket`.
ServiceCall delete_object_call(const std::string& region, const std::string& bucket, const std::string& key);
// s3:DeleteObject: removes the object (S3 answers 204 whether or not it existed).
void delete_object(AwsCaller& caller, const std::string& region, const std::string& bucket, const std::string& key,
                   ops::OpCallback<std::monostate> done);

// The ServiceCall of s3:GetBucketLocation, asked in `region` (us-east-1 answers for every bucket of
// the aws partition).
ServiceCall get_bucket_location_call(const std::string& region, const std::string& bucket);
// Parses <LocationConstraint>: its region; empty means us-east-1 and "EU" eu-west-1 (legacy values).
Result<std::string> parse_bucket_location(std::string_view body);
// s3:GetBucketLocation: the bucket's region.
void get_bucket_location(AwsCaller& caller, const std::string& region, const std::string& bucket,
                         ops::OpCallback<std::string> done);

}  // namespace rolecall::aws::s3

#include "aws/ops/s3_objects.h"

#include <charconv>

#include <fmt/format.h>

#include "aws/protocol/xml.h"

namespace rolecall::aws::s3 {
ServiceCall s3_get_call(std::string region, std::string bucket, std::string action, std::string path,
                        QueryParams query) {
  ServiceCall call;
  call.service = "s3";
  call.region = std::move(region);
  call.protocol = Protocol::kRestXml;
  call.action = std::move(action);
  call.rest_bucket = std::move(bucket);
  call.rest_path = std::move(path);
  call.rest_query = std::move(query);
  return call;
}

ServiceCall list_objects_call(const ListObjectsRequest& request) {
  QueryParams query{{"list-type", "2"}};
  if (!request.continuation_token.empty()) query.emplace_back("continuation-token", request.continuation_token);
  query.emplace_back("max-keys", std::to_string(request.max_keys));
  if (!request.prefix.empty()) query.emplace_back("prefix", request.prefix);
  return s3_get_call(request.region, request.bucket, "ListObjectsV2", "/", std::move(query));
}

Result<ListObjectsResponse> parse_list_objects(std::string_view body) {
  auto doc = xml::Document::parse(std::string(body), "s3:ListObjectsV2");
  if (!doc) return fail(doc.error());
  if (auto root = xml::expect_root(*doc, "ListBucketResult", "s3:ListObjectsV2"); !root) return fail(root.error());
  ListObjectsResponse out;
  pugi::xml_node root = doc->root();
  std::size_t index = 0;
  for (pugi::xml_node contents = root.child("Contents"); contents; contents = contents.next_sibling("Contents")) {
    ObjectSummary object;
    object.key = xml::child_string(contents, "Key");
    if (object.key.empty()) return fail(Error::parse(fmt::format("s3:ListObjectsV2: Contents[{}] has no Key", index)));
    const std::string_view size = xml::child_text(contents, "Size");
    std::from_chars(size.data(), size.data() + size.size(), object.size);
    out.objects.push_back(std::move(object));
    ++index;
  }
  out.next_continuation_token = xml::child_string(root, "NextContinuationToken");
  if (xml::child_bool(root, "IsTruncated") && out.next_continuation_token.empty())
    return fail(Error::parse("s3:ListObjectsV2: IsTruncated without a NextContinuationToken"));
  if (!xml::child_bool(root, "IsTruncated")) out.next_continuation_token.clear();
  return out;
}

void list_objects(AwsCaller& caller, const ListObjectsRequest& request, ops::OpCallback<ListObjectsResponse> done) {
  ServiceCall call = list_objects_call(request);
  const std::string operation = ops::operation_name(call);
  caller.call(std::move(call), [operation, done = std::move(done)](Result<ServiceResponse> r) {
    if (!r) {
      done(fail(r.error().with_context(operation)));
      return;
    }
    auto page = parse_list_objects(r->body);
    if (page) page->bucket_region = r->bucket_region;
    done(std::move(page));
  });
}

ServiceCall get_object_call(const std::string& region, const std::string& bucket, const std::string& key) {
  return s3_get_call(region, bucket, "GetObject", "/" + key, {});
}

void get_object(AwsCaller& caller, const std::string& region, const std::string& bucket, const std::string& key,
                ops::OpCallback<std::string> done) {
  ops::run_op<std::string>(
      caller, get_object_call(region, bucket, key), [](std::string body) -> Result<std::string> { return body; },
      std::move(done));
}

ServiceCall put_object_call(const std::string& region, const std::string& bucket, const std::string& key,
                            std::string body, std::string content_type) {
  ServiceCall call = s3_get_call(region, bucket, "PutObject", "/" + key, {});
  call.rest_method = "PUT";
  call.rest_body = std::move(body);
  call.rest_content_type = std::move(content_type);
  call.api_class = ApiClass::kMutate;
  return call;
}

void put_object(AwsCaller& caller, const std::string& region, const std::string& bucket, const std::string& key,
                std::string body, std::string content_type, ops::OpCallback<std::monostate> done) {
  ops::run_op<std::monostate>(
      caller, put_object_call(region, bucket, key, std::move(body), std::move(content_type)),
      [](std::string) -> Result<std::monostate> { return std::monostate{}; }, std::move(done));
}

ServiceCall delete_object_call(const std::string& region, const std::string& bucket, const std::string& key) {
  ServiceCall call = s3_get_call(region, bucket, "DeleteObject", "/" + key, {});
  call.rest_method = "DELETE";
  call.api_class = ApiClass::kMutate;
  return call;
}

void delete_object(AwsCaller& caller, const std::string& region, const std::string& bucket, const std::string& key,
                   ops::OpCallback<std::monostate> done) {
  ops::run_op<std::monostate>(
      caller, delete_object_call(region, bucket, key),
      [](std::string) -> Result<std::monostate> { return std::monostate{}; }, std::move(done));
}

ServiceCall get_bucket_location_call(const std::string& region, const std::string& bucket) {
  return s3_get_call(region, bucket, "GetBucketLocation", "/", {{"location", ""}});
}

Result<std::string> parse_bucket_location(std::string_view body) {
  auto doc = xml::Document::parse(std::string(body), "s3:GetBucketLocation");
  if (!doc) return fail(doc.error());
  if (auto root = xml::expect_root(*doc, "LocationConstraint", "s3:GetBucketLocation"); !root)
    return fail(root.error());
  std::string region = doc->root().text().get();
  if (region.empty()) return std::string("us-east-1");
  if (region == "EU") return std::string("eu-west-1");
  return region;
}

void get_bucket_location(AwsCaller& caller, const std::string& region, const std::string& bucket,
                         ops::OpCallback<std::string> done) {
  ops::run_op<std::string>(
      caller, get_bucket_location_call(region, bucket), [](std::string body) { return parse_bucket_location(body); },
      std::move(done));
}

}  // namespace rolecall::aws::s3

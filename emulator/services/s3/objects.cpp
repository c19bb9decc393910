// S3 reads of the emulator's buckets: ListObjectsV2, GetObject, GetBucketLocation, shaped as
// botocore's s3 2006-03-01 model, authorized on the bucket and object ARNs.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "aws/sigv4.h"
#include "base/iso8601.h"
#include "emulator/common/xml_writer.h"
#include "emulator/services/pagination.h"
#include "emulator/services/s3/access.h"
#include "emulator/services/s3/handlers.h"

namespace rolecall::emulator::s3 {
namespace {

constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

std::string s3_param(const RequestContext& ctx, std::string_view name) {
  const std::string* v = ctx.params.get(name);
  return v ? *v : std::string();
}

std::string s3_time(TimePoint t) { return base::format_iso8601_millis(t); }

// An HTTP date (RFC 7231 IMF-fixdate), as S3 writes Last-Modified.
std::string s3_http_date(TimePoint t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

}  // namespace

HandlerResult list_objects_v2(RequestContext& ctx) {
  const std::string name = ctx.json.value("Bucket", "");
  auto bucket = s3_bucket_for(ctx, "s3:ListBucket", s3_arn(ctx, name));
  if (!bucket) return std::unexpected(bucket.error());
  const std::string prefix = s3_param(ctx, "prefix"), delimiter = s3_param(ctx, "delimiter");
  const std::string start_after = s3_param(ctx, "start-after"), encoding = s3_param(ctx, "encoding-type");
  const std::string token = s3_param(ctx, "continuation-token");
  if (!encoding.empty() && encoding != "url")
    return error(400, "InvalidArgument", "Invalid Encoding Method specified in Request");
  long long max_keys = 1000;
  if (const std::string* m = ctx.params.get("max-keys")) {
    auto [end, ec] = std::from_chars(m->data(), m->data() + m->size(), max_keys);
    if (ec != std::errc() || end != m->data() + m->size() || max_keys < 0)
      return error(400, "InvalidArgument", "Provided max-keys not an integer or within integer range");
  }
  // The listing's entries in key order: objects, and with a delimiter the common prefixes once each.
  struct Entry {
    std::string key;
    const S3Object* object;  // nullptr for a common prefix
  };
  std::vector<Entry> entries;
  for (auto it = (*bucket)->objects.lower_bound(std::max(prefix, start_after)); it != (*bucket)->objects.end(); ++it) {
    if (!it->first.starts_with(prefix)) break;
    if (!start_after.empty() && it->first <= start_after) continue;
    if (!delimiter.empty()) {
      const auto cut = it->first.find(delimiter, prefix.size());
      if (cut != std::string::npos) {
        std::string common = it->first.substr(0, cut + delimiter.size());
        if (entries.empty() || entries.back().key != common) entries.push_back({std::move(common), nullptr});
        continue;
      }
    }
    entries.push_back({it->first, &it->second});
  }
  const std::string scope = fmt::format("ListObjectsV2|{}|{}|{}|{}", name, prefix, delimiter, start_after);
  std::size_t offset = 0;
  if (!token.empty()) {
    auto read = read_page_token(ctx.core, scope, token);
    if (!read) return error(400, "InvalidArgument", "The continuation token provided is incorrect");
    offset = *read;
  }
  const PageWindow page = page_window(entries.size(), offset, static_cast<std::size_t>(std::min(max_keys, 1000LL)));
  const bool url = encoding == "url";
  auto encoded = [url](const std::string& s) { return url ? aws::sigv4::uri_encode(s, true) : s; };
  XmlWriter w;
  w.open_ns("ListBucketResult", kS3Namespace);
  w.leaf("Name", name).leaf("Prefix", encoded(prefix));
  if (!delimiter.empty()) w.leaf("Delimiter", encoded(delimiter));
  w.leaf("MaxKeys", max_keys);
  if (url) w.leaf("EncodingType", "url");
  w.leaf("KeyCount", static_cast<long long>(page.end - page.begin));
  w.leaf_bool("IsTruncated", page.more);
  if (!token.empty()) w.leaf("ContinuationToken", token);
  if (page.more) w.leaf("NextContinuationToken", make_page_token(ctx.core, scope, page.end));
  if (!start_after.empty()) w.leaf("StartAfter", encoded(start_after));
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const Entry& e = entries[i];
    if (e.object == nullptr) continue;
    w.open("Contents").leaf("Key", encoded(e.key)).leaf("LastModified", s3_time(e.object->last_modified));
    w.leaf("ETag", e.object->etag).leaf("Size", static_cast<long long>(e.object->body.size()));
    w.leaf("StorageClass", "STANDARD").close("Contents");
  }
  for (std::size_t i = page.begin; i < page.end; ++i) {
    if (entries[i].object == nullptr)
      w.open("CommonPrefixes").leaf("Prefix", encoded(entries[i].key)).close("CommonPrefixes");
  }
  w.close("ListBucketResult");
  return s3_xml_reply(w.take());
}

HandlerResult get_object(RequestContext& ctx) {
  const std::string name = ctx.json.value("Bucket", ""), key = ctx.json.value("Key", "");
  auto bucket = s3_bucket_for(ctx, "s3:GetObject", s3_arn(ctx, name, key));
  if (!bucket) return std::unexpected(bucket.error());
  auto it = (*bucket)->objects.find(key);
  if (it == (*bucket)->objects.end()) return error(404, "NoSuchKey", "The specified key does not exist.");
  Reply r;
  r.body = it->second.body;
  // As stored (the gzip bytes of a trail file are never re-encoded on the wire).
  r.content_type = it->second.content_type.empty() ? "binary/octet-stream" : it->second.content_type;
  r.headers.emplace_back("ETag", it->second.etag);
  r.headers.emplace_back("Last-Modified", s3_http_date(it->second.last_modified));
  return r;
}

HandlerResult head_object(RequestContext& ctx) {
  // GetObject's answer: the server sends its headers (Content-Length of the body included) without the body.
  return get_object(ctx);
}

HandlerResult get_bucket_location(RequestContext& ctx) {
  const std::string name = ctx.json.value("Bucket", "");
  auto bucket = s3_bucket_for(ctx, "s3:GetBucketLocation", s3_arn(ctx, name));
  if (!bucket) return std::unexpected(bucket.error());
  XmlWriter w;
  // us-east-1 is the empty constraint (botocore: "Buckets in Region us-east-1 have a LocationConstraint of null").
  if ((*bucket)->region == "us-east-1") {
    w.raw(fmt::format("<LocationConstraint xmlns=\"{}\"/>", kS3Namespace));
  } else {
    w.open_ns("LocationConstraint", kS3Namespace);
    w.raw((*bucket)->region);
    w.close("LocationConstraint");
  }
  return s3_xml_reply(w.take());
}

}  // namespace rolecall::emulator::s3

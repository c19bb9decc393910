// S3 ListBuckets (GET / on the service endpoint): the caller's account's buckets by name, shaped as
// botocore's s3 2006-03-01 model (ListAllMyBucketsResult), paged by max-buckets and an opaque
// continuation token, authorized as s3:ListAllMyBuckets on "*".
#include <charconv>
#include <vector>

#include <fmt/format.h>

#include "base/iso8601.h"
#include "base/sha256.h"
#include "emulator/common/xml_writer.h"
#include "emulator/services/authorize.h"
#include "emulator/services/pagination.h"
#include "emulator/services/s3/access.h"
#include "emulator/services/s3/handlers.h"

namespace rolecall::emulator::s3 {
namespace {

constexpr std::string_view kListBucketsNamespace = "http://s3.amazonaws.com/doc/2006-03-01/";
// S3's page of a paged ListBuckets without max-buckets, and max-buckets' upper bound.
constexpr long long kMaxBucketsPerPage = 10000;

// The account's canonical user ID as S3 shows it (64 hex digits): a stable stand-in, fixed by the account.
std::string canonical_user_id(const std::string& account_id) {
  return base::sha256_hex("rolecall-emulator canonical user " + account_id);
}

}  // namespace

HandlerResult list_buckets(RequestContext& ctx) {
  if (auto denied = authorize(ctx, "s3:ListAllMyBuckets", "*")) return std::unexpected(*denied);
  const std::string* max_param = ctx.params.get("max-buckets");
  const std::string* token = ctx.params.get("continuation-token");
  const std::string* prefix = ctx.params.get("prefix");
  const std::string* region = ctx.params.get("bucket-region");
  // "If the request contains at least one valid parameter", BucketRegion is in the response and the
  // listing is paged (10,000 a page unless max-buckets says otherwise); without any, every bucket.
  const bool paged = max_param || token || prefix || region;
  long long limit = paged ? kMaxBucketsPerPage : 0;
  if (max_param) {
    auto [end, ec] = std::from_chars(max_param->data(), max_param->data() + max_param->size(), limit);
    if (ec != std::errc() || end != max_param->data() + max_param->size() || limit < 1 || limit > kMaxBucketsPerPage)
      return error(400, "InvalidArgument", "Argument max-buckets must be an integer between 1 and 10000.");
  }
  std::vector<const S3Bucket*> mine;  // by name: S3Buckets is a map
  for (const auto& [name, bucket] : ctx.core.s3_buckets) {
    if (bucket.owner != ctx.caller.account) continue;
    if (prefix && !name.starts_with(*prefix)) continue;
    if (region && bucket.region != *region) continue;
    mine.push_back(&bucket);
  }
  const std::string scope =
      fmt::format("ListBuckets|{}|{}|{}", ctx.caller.account_id, prefix ? *prefix : "", region ? *region : "");
  std::size_t offset = 0;
  if (token && !token->empty()) {
    auto read = read_page_token(ctx.core, scope, *token);
    if (!read) return error(400, "InvalidArgument", "The continuation token provided is incorrect");
    offset = *read;
  }
  const PageWindow page = page_window(mine.size(), offset, paged ? static_cast<std::size_t>(limit) : mine.size());
  XmlWriter w;
  w.open_ns("ListAllMyBucketsResult", kListBucketsNamespace).open("Buckets");
  for (std::size_t i = page.begin; i < page.end; ++i) {
    w.open("Bucket").leaf("Name", mine[i]->name).leaf("CreationDate", base::format_iso8601_millis(mine[i]->created));
    if (paged) w.leaf("BucketRegion", mine[i]->region);
    w.close("Bucket");
  }
  w.close("Buckets");
  w.open("Owner").leaf("ID", canonical_user_id(ctx.caller.account_id)).close("Owner");
  if (page.more) w.leaf("ContinuationToken", make_page_token(ctx.core, scope, page.end));
  if (prefix) w.leaf("Prefix", *prefix);
  w.close("ListAllMyBucketsResult");
  return s3_xml_reply(w.take());
}

}  // namespace rolecall::emulator::s3

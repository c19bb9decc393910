#include "aws/ops/ec2_regions.h"

#include <utility>

#include "aws/protocol/xml.h"

namespace rolecall::aws::ec2 {

Result<DescribeRegionsResponse> parse_describe_regions(std::string body) {
  constexpr std::string_view kOp = "DescribeRegions";
  auto doc = xml::Document::parse(std::move(body), kOp);
  if (!doc) return std::unexpected(std::move(doc.error()));
  if (auto ok = xml::expect_root(*doc, "DescribeRegionsResponse", kOp); !ok) return std::unexpected(ok.error());
  DescribeRegionsResponse out;
  out.request_id = xml::request_id(doc->root());
  for (pugi::xml_node item : xml::items(doc->root(), "regionInfo")) {
    RegionInfo& r = out.regions.emplace_back();
    r.name = xml::child_string(item, "regionName");
    r.endpoint = xml::child_string(item, "regionEndpoint");
    r.opt_in_status = xml::child_string(item, "optInStatus");
  }
  return out;
}

void describe_regions(AwsCaller& caller, const std::string& region, const DescribeRegionsRequest& request,
                      Callback<DescribeRegionsResponse> done) {
  QueryParams params;
  if (request.all_regions) params.emplace_back("AllRegions", "true");
  add_filters(params, request.filters);
  call_and_parse<DescribeRegionsResponse>(
      caller, make_call(region, "DescribeRegions", std::move(params)),
      [](ServiceResponse r) { return parse_describe_regions(std::move(r.body)); }, std::move(done));
}

}  // namespace rolecall::aws::ec2

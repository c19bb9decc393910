#include "aws/ops/ec2_regions.h"

#include <utility>

#include "aws/ops/query_xml.h"

namespace rolecall::aws::ec2 {

Result<DescribeRegionsResponse> parse_describe_regions(std::string body) {
  constexpr std::string_view kOp = "DescribeRegions";
  auto xml = ops::QueryXml::parse(std::move(body), kOp, kOp);
  if (!xml) return fail(xml.error());
  DescribeRegionsResponse out;
  out.request_id = xml->request_id();
  for (pugi::xml_node item : xml::items(xml->root(), "regionInfo")) {
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
  ops::run_op<DescribeRegionsResponse>(caller, make_call(region, "DescribeRegions", std::move(params)),
                                       parse_describe_regions, std::move(done));
}

}  // namespace rolecall::aws::ec2

#include "aws/ops/ec2_egress.h"

#include <memory>
#include <utility>

#include "aws/ops/query_xml.h"
#include "aws/protocol/pagination.h"

namespace rolecall::aws::ec2 {

Result<DescribeNatGatewaysResponse> parse_describe_nat_gateways(std::string body) {
  constexpr std::string_view kOp = "DescribeNatGateways";
  auto xml = ops::QueryXml::parse(std::move(body), kOp, kOp);
  if (!xml) return fail(xml.error());
  DescribeNatGatewaysResponse out;
  for (pugi::xml_node item : xml::items(xml->root(), "natGatewaySet")) {
    const std::string state = xml::child_string(item, "state");
    if (state != "available" && state != "pending") continue;  // deleted and failed ones route nothing
    NatGateway gateway;
    gateway.id = xml::child_string(item, "natGatewayId");
    if (gateway.id.empty()) return fail(xml->missing("natGatewaySet/item/natGatewayId"));
    gateway.vpc_id = xml::child_string(item, "vpcId");
    for (pugi::xml_node address : xml::items(item, "natGatewayAddressSet")) {
      std::string ip = xml::child_string(address, "publicIp");
      if (!ip.empty()) gateway.public_ips.push_back(std::move(ip));
    }
    out.gateways.push_back(std::move(gateway));
  }
  out.next_token = xml::child_string(xml->root(), "nextToken");
  return out;
}

Result<DescribeRouteTablesResponse> parse_describe_route_tables(std::string body) {
  constexpr std::string_view kOp = "DescribeRouteTables";
  auto xml = ops::QueryXml::parse(std::move(body), kOp, kOp);
  if (!xml) return fail(xml.error());
  DescribeRouteTablesResponse out;
  for (pugi::xml_node item : xml::items(xml->root(), "routeTableSet")) {
    RouteTable& table = out.tables.emplace_back();
    table.id = xml::child_string(item, "routeTableId");
    if (table.id.empty()) return fail(xml->missing("routeTableSet/item/routeTableId"));
    table.vpc_id = xml::child_string(item, "vpcId");
    for (pugi::xml_node route : xml::items(item, "routeSet")) {
      if (xml::child_text(route, "destinationCidrBlock") != "0.0.0.0/0") continue;
      if (xml::child_text(route, "state") == "blackhole") continue;
      table.default_nat_gateway = xml::child_string(route, "natGatewayId");
    }
    for (pugi::xml_node association : xml::items(item, "associationSet")) {
      if (xml::child_bool(association, "main")) {
        table.main = true;
      } else if (std::string subnet = xml::child_string(association, "subnetId"); !subnet.empty()) {
        table.subnet_ids.push_back(std::move(subnet));
      }
    }
  }
  out.next_token = xml::child_string(xml->root(), "nextToken");
  return out;
}

namespace {

// Both lists, read side by side; the first failure wins.
struct EgressRead {
  explicit EgressRead(RegionEgress& out) : egress(out) {}
  RegionEgress& egress;
  std::optional<Error> error;
  int pending = 2;
  std::function<void(Result<void>)> done;

  void finish_one() {
    if (--pending != 0) return;
    if (error) {
      done(fail(std::move(*error)));
    } else {
      done({});
    }
  }
};

}  // namespace

void describe_egress(AwsCaller& caller, const std::string& region, RegionEgress& out,
                     std::function<void(Result<void>)> done) {
  auto read = std::make_shared<EgressRead>(out);
  read->done = std::move(done);
  auto record_failure = [read](Result<void> r) {
    if (!r && !read->error) read->error = r.error();
    read->finish_one();
  };
  paginate_pages<DescribeNatGatewaysResponse>(
      caller,
      [region](const std::string& token) {
        return make_describe_call(region, "DescribeNatGateways", "NatGatewayId", {}, {}, 1000, token);
      },
      [](ServiceResponse r) { return parse_describe_nat_gateways(std::move(r.body)); },
      [](const DescribeNatGatewaysResponse& page) { return page.next_token; },
      [read](DescribeNatGatewaysResponse&& page) {
        for (auto& g : page.gateways) read->egress.nat_gateways.push_back(std::move(g));
      },
      record_failure);
  paginate_pages<DescribeRouteTablesResponse>(
      caller,
      [region](const std::string& token) {
        return make_describe_call(region, "DescribeRouteTables", "RouteTableId", {}, {}, 100, token);
      },
      [](ServiceResponse r) { return parse_describe_route_tables(std::move(r.body)); },
      [](const DescribeRouteTablesResponse& page) { return page.next_token; },
      [read](DescribeRouteTablesResponse&& page) {
        for (const auto& t : page.tables) {
          if (t.main) read->egress.main_nat[t.vpc_id] = t.default_nat_gateway;
          for (const auto& subnet : t.subnet_ids) read->egress.subnet_nat[subnet] = t.default_nat_gateway;
        }
      },
      record_failure);
}

}  // namespace rolecall::aws::ec2

#pragma once
// The shared shape of EC2's networking reads (DescribeVpcs, DescribeSubnets, ...): select by id
// list, filter by name (values are globs), paginate with MaxResults/NextToken, render each item.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/common/xml_writer.h"
#include "emulator/estate/estate.h"
#include "emulator/services/service.h"

namespace rolecall::emulator::ec2 {

// One resource as a Describe call sees it.
struct Row {
  std::string id;                                           // what the id list names
  std::vector<std::pair<std::string, std::string>> values;  // (filter name, value), a name may repeat
  const Tags* tags = nullptr;                               // for tag:<key>, tag-key, tag-value
  std::function<void(XmlWriter&)> render;                   // the <item> body
};

// What differs between the reads.
struct ListSpec {
  const char* id_param;        // VpcId (VpcId.N)
  const char* set_tag;         // vpcSet
  const char* not_found_code;  // InvalidVpcID.NotFound
  const char* noun;            // "vpc ID" in "The vpc ID 'x' does not exist"
  std::vector<std::string_view> filters;
  std::size_t max_results = 1000;  // 0 = the operation does not paginate
  // Documented filter names the estate does not model: refused as such, apart from invalid ones.
  std::vector<std::string_view> unsupported = {};
};

// The response for `rows` (already authorized): id selection, filters, pagination, items.
HandlerResult describe_rows(RequestContext& ctx, const ListSpec& spec, const std::vector<Row>& rows);

// Renders `tags` as a <tagSet> (nothing when empty).
void render_tags(XmlWriter& w, const Tags& tags);

}  // namespace rolecall::emulator::ec2

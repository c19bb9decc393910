// The DescribeInstances parser: the hot path of a scan (a 1,000-instance page is ~3 MB).
// One in-place pugixml parse, then a single pass over each instance's children dispatching on
// the element name; text is copied straight from the parse buffer into the Instance fields.

#include <charconv>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "aws/ops/ec2_instances.h"
#include "aws/protocol/xml.h"

namespace rolecall::aws::ec2 {

namespace {

constexpr std::string_view kOperation = "DescribeInstances";

inline bool named(pugi::xml_node n, const char* name) { return std::strcmp(n.name(), name) == 0; }

inline const char* text_of(pugi::xml_node n) { return n.child_value(); }

// First element child named `name`, scanning siblings once.
inline pugi::xml_node find_child(pugi::xml_node parent, const char* name) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (named(c, name)) return c;
  }
  return {};
}

void read_metadata(pugi::xml_node options, MetadataOptions& out) {
  for (pugi::xml_node c = options.first_child(); c; c = c.next_sibling()) {
    const char* n = c.name();
    if (std::strcmp(n, "httpTokens") == 0) {
      out.http_tokens.assign(text_of(c));
    } else if (std::strcmp(n, "httpEndpoint") == 0) {
      out.http_endpoint.assign(text_of(c));
    } else if (std::strcmp(n, "httpPutResponseHopLimit") == 0) {
      const char* t = text_of(c);
      const char* end = t + std::strlen(t);
      int v = 0;
      auto [p, ec] = std::from_chars(t, end, v);
      if (ec == std::errc() && p == end) out.http_put_response_hop_limit = v;
    }
  }
}

void read_tags(pugi::xml_node tag_set, Instance& inst) {
  for (pugi::xml_node item = tag_set.first_child(); item; item = item.next_sibling()) {
    if (item.type() != pugi::node_element) continue;
    Tag& tag = inst.tags.emplace_back();
    for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
      if (named(c, "key")) {
        tag.key.assign(text_of(c));
      } else if (named(c, "value")) {
        tag.value.assign(text_of(c));
      }
    }
    // Instances launched from a template carry these system tags; checks follow them to the template.
    if (tag.key.starts_with("aws:ec2launchtemplate:")) {
      std::string_view suffix = std::string_view(tag.key).substr(22);
      if (suffix == "id") {
        inst.launch_template_id = tag.value;
      } else if (suffix == "version") {
        inst.launch_template_version = tag.value;
      }
    }
  }
}

void read_instance(pugi::xml_node item, Instance& inst) {
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    const char* n = c.name();
    switch (n[0]) {
      case 'i':
        if (std::strcmp(n, "instanceId") == 0) {
          inst.id.assign(text_of(c));
        } else if (std::strcmp(n, "instanceState") == 0) {
          inst.state.assign(text_of(find_child(c, "name")));
        } else if (std::strcmp(n, "instanceType") == 0) {
          inst.instance_type.assign(text_of(c));
        } else if (std::strcmp(n, "iamInstanceProfile") == 0) {
          inst.profile_arn.assign(text_of(find_child(c, "arn")));
          inst.profile_id.assign(text_of(find_child(c, "id")));
        }
        break;
      case 'l':
        if (std::strcmp(n, "launchTime") == 0) inst.launch_time.assign(text_of(c));
        break;
      case 'r':
        if (std::strcmp(n, "rootDeviceType") == 0) inst.root_device_type.assign(text_of(c));
        break;
      case 'm':
        if (std::strcmp(n, "metadataOptions") == 0) read_metadata(c, inst.metadata);
        break;
      case 't':
        if (std::strcmp(n, "tagSet") == 0) read_tags(c, inst);
        break;
      default:
        break;
    }
  }
}

std::size_t count_instances(pugi::xml_node reservation_set) {
  std::size_t n = 0;
  for (pugi::xml_node r = reservation_set.first_child(); r; r = r.next_sibling()) {
    for (pugi::xml_node i = find_child(r, "instancesSet").first_child(); i; i = i.next_sibling()) ++n;
  }
  return n;
}

}  // namespace

Result<DescribeInstancesResponse> parse_describe_instances(std::string body, std::string_view region) {
  auto doc = xml::Document::parse(std::move(body), kOperation);
  if (!doc) return std::unexpected(std::move(doc.error()));
  if (auto ok = xml::expect_root(*doc, "DescribeInstancesResponse", kOperation); !ok) {
    return std::unexpected(std::move(ok.error()));
  }
  DescribeInstancesResponse out;
  pugi::xml_node reservation_set;
  for (pugi::xml_node c = doc->root().first_child(); c; c = c.next_sibling()) {
    if (named(c, "reservationSet")) {
      reservation_set = c;
    } else if (named(c, "nextToken")) {
      out.next_token.assign(text_of(c));
    } else if (named(c, "requestId")) {
      out.request_id.assign(text_of(c));
    }
  }
  out.instances.reserve(count_instances(reservation_set));
  for (pugi::xml_node reservation = reservation_set.first_child(); reservation;
       reservation = reservation.next_sibling()) {
    const char* owner = text_of(find_child(reservation, "ownerId"));
    for (pugi::xml_node item = find_child(reservation, "instancesSet").first_child(); item;
         item = item.next_sibling()) {
      if (item.type() != pugi::node_element) continue;
      Instance& inst = out.instances.emplace_back();
      inst.account_id.assign(owner);
      inst.region.assign(region);
      read_instance(item, inst);
      if (inst.id.empty()) {
        return fail(ErrorKind::kParse, fmt::format("{}: instance #{} in the response has no instanceId", kOperation,
                                                   out.instances.size()));
      }
    }
  }
  return out;
}

}  // namespace rolecall::aws::ec2

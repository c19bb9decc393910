// The DescribeInstances parser: the hot path of a scan (a 1,000-instance page is ~3 MB).
// A single pass with the validating pull scanner (no DOM): each instance's children are
// dispatched on their name and leaf text goes straight into the Instance fields; everything
// rolecall does not use (network interfaces, block devices, groups...) is skipped, still validated.

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "aws/ops/ec2_instances.h"
#include "aws/protocol/xml_scanner.h"

namespace rolecall::aws::ec2 {

namespace {

constexpr std::string_view kOperation = "DescribeInstances";
constexpr std::string_view kLaunchTemplateTagPrefix = "aws:ec2launchtemplate:";

class InstancesParser {
 public:
  InstancesParser(const std::string& body, std::string_view region, DescribeInstancesResponse& out)
      : scanner_(body), region_(region), out_(out) {}

  Result<void> run() {
    xml::Scanner& s = scanner_;
    if (!s.next()) return scan_error();
    if (s.name() != "DescribeInstancesResponse") {
      return fail(ErrorKind::kParse, fmt::format("{}: unexpected XML response: document element <{}>", kOperation,
                                                 s.name().substr(0, 64)));
    }
    bool ok = s.for_each_child([&] {
      std::string_view n = s.name();
      if (n == "reservationSet") return s.for_each_child([&] { return s.name() == "item" ? reservation() : s.skip(); });
      if (n == "requestId") return s.read_text(out_.request_id);
      if (n == "nextToken") return s.read_text(out_.next_token);
      return s.skip();
    });
    if (problem_) return std::unexpected(std::move(*problem_));
    if (!ok || !s.finished()) return scan_error();
    return {};
  }

 private:
  Result<void> scan_error() const {
    return fail(ErrorKind::kParse, fmt::format("{}: malformed XML response: {}", kOperation,
                                               scanner_.failed() ? scanner_.error() : "unexpected structure"));
  }

  bool reservation() {
    xml::Scanner& s = scanner_;
    const std::size_t first = out_.instances.size();
    owner_.clear();
    bool ok = s.for_each_child([&] {
      std::string_view n = s.name();
      if (n == "ownerId") return s.read_text(owner_);
      if (n == "instancesSet") return s.for_each_child([&] { return s.name() == "item" ? instance() : s.skip(); });
      return s.skip();
    });
    // ownerId precedes instancesSet in EC2's output, but nothing requires it: assign afterwards.
    for (std::size_t i = first; i < out_.instances.size(); ++i) out_.instances[i].account_id = owner_;
    return ok;
  }

  bool instance() {
    xml::Scanner& s = scanner_;
    Instance& inst = out_.instances.emplace_back();
    inst.region.assign(region_);
    bool ok = s.for_each_child([&] {
      std::string_view n = s.name();
      switch (n.empty() ? '\0' : n[0]) {
        case 'i':
          if (n == "instanceId") return s.read_text(inst.id);
          if (n == "instanceType") return s.read_text(inst.instance_type);
          if (n == "ipAddress") return s.read_text(inst.public_ip);
          if (n == "instanceState")
            return s.for_each_child([&] { return s.name() == "name" ? s.read_text(inst.state) : s.skip(); });
          if (n == "iamInstanceProfile") {
            return s.for_each_child([&] {
              if (s.name() == "arn") return s.read_text(inst.profile_arn);
              if (s.name() == "id") return s.read_text(inst.profile_id);
              return s.skip();
            });
          }
          break;
        case 'l':
          if (n == "launchTime") return s.read_text(inst.launch_time);
          break;
        case 'r':
          if (n == "rootDeviceType") return s.read_text(inst.root_device_type);
          break;
        case 'p':
          if (n == "privateIpAddress") return s.read_text(inst.private_ip);
          break;
        case 's':
          if (n == "subnetId") return s.read_text(inst.subnet_id);
          break;
        case 'v':
          if (n == "vpcId") return s.read_text(inst.vpc_id);
          break;
        case 'm':
          if (n == "metadataOptions") return metadata(inst.metadata);
          break;
        case 't':
          if (n == "tagSet") return s.for_each_child([&] { return s.name() == "item" ? tag(inst) : s.skip(); });
          break;
        default: break;
      }
      return s.skip();
    });
    if (ok && inst.id.empty()) {
      problem_ = Error::parse(
          fmt::format("{}: instance #{} in the response has no instanceId", kOperation, out_.instances.size()));
      return false;
    }
    return ok;
  }

  bool metadata(MetadataOptions& md) {
    xml::Scanner& s = scanner_;
    return s.for_each_child([&] {
      std::string_view n = s.name();
      if (n == "httpTokens") return s.read_text(md.http_tokens);
      if (n == "httpEndpoint") return s.read_text(md.http_endpoint);
      if (n == "httpPutResponseHopLimit") {
        if (!s.read_text(scratch_)) return false;
        int v = 0;
        auto [end, ec] = std::from_chars(scratch_.data(), scratch_.data() + scratch_.size(), v);
        if (ec == std::errc() && end == scratch_.data() + scratch_.size()) md.http_put_response_hop_limit = v;
        return true;
      }
      return s.skip();
    });
  }

  bool tag(Instance& inst) {
    xml::Scanner& s = scanner_;
    Tag& t = inst.tags.emplace_back();
    bool ok = s.for_each_child([&] {
      if (s.name() == "key") return s.read_text(t.key);
      if (s.name() == "value") return s.read_text(t.value);
      return s.skip();
    });
    // Instances launched from a template carry these system tags; checks follow them to the template.
    if (std::string_view(t.key).starts_with(kLaunchTemplateTagPrefix)) {
      std::string_view suffix = std::string_view(t.key).substr(kLaunchTemplateTagPrefix.size());
      if (suffix == "id") inst.launch_template_id = t.value;
      if (suffix == "version") inst.launch_template_version = t.value;
    }
    return ok;
  }

  xml::Scanner scanner_;
  std::string_view region_;
  DescribeInstancesResponse& out_;
  std::string owner_;
  std::string scratch_;
  std::optional<Error> problem_;
};

}  // namespace

Result<DescribeInstancesResponse> parse_describe_instances(std::string body, std::string_view region) {
  DescribeInstancesResponse out;
  // ~3 KB of XML per instance in practice: reserve once instead of regrowing a large vector.
  out.instances.reserve(std::min<std::size_t>(body.size() / 2048 + 1, 100000));
  InstancesParser parser(body, region, out);
  if (auto ok = parser.run(); !ok) return std::unexpected(std::move(ok.error()));
  // A page is kept as the region's instance list: growth slack there is ~0.5 KB per instance.
  if (out.instances.capacity() > out.instances.size() + out.instances.size() / 8) out.instances.shrink_to_fit();
  return out;
}

}  // namespace rolecall::aws::ec2

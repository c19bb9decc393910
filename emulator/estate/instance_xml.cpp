#include "emulator/estate/instance_xml.h"

#include <cstdint>
#include <functional>

#include <fmt/format.h>

#include "emulator/common/xml_writer.h"

namespace rolecall::emulator {
namespace {

std::uint64_t id_hash(const std::string& id) { return std::hash<std::string>{}(id); }

}  // namespace

std::string render_instance_static(const Instance& instance, const std::string& account_id) {
  XmlWriter w;
  w.buffer().clear();
  std::uint64_t h = id_hash(instance.id);
  std::string image_id =
      instance.image_id.empty() ? fmt::format("ami-{:017x}", h & 0xfffffffffffffULL) : instance.image_id;
  std::string ip = fmt::format("10.{}.{}.{}", (h >> 8) & 0xff, (h >> 16) & 0xff, ((h >> 24) & 0xfd) + 1);
  std::string dns = fmt::format("ip-{}.{}.compute.internal",
                                fmt::format("10-{}-{}-{}", (h >> 8) & 0xff, (h >> 16) & 0xff, ((h >> 24) & 0xfd) + 1),
                                instance.region);
  w.leaf("imageId", image_id);
  w.leaf("privateDnsName", dns).empty("dnsName").empty("reason");
  w.leaf("amiLaunchIndex", 0LL).empty("productCodes");
  w.leaf("instanceType", instance.instance_type).leaf("launchTime", instance.launch_time);
  w.open("placement").leaf("availabilityZone", instance.availability_zone).empty("groupName");
  w.leaf("tenancy", "default").close("placement");
  w.open("monitoring").leaf("state", "disabled").close("monitoring");
  w.leaf("privateIpAddress", ip);
  w.leaf("architecture", "x86_64");
  w.leaf("rootDeviceType", instance.root_device_type).leaf("rootDeviceName", "/dev/xvda");
  w.empty("blockDeviceMapping");
  w.leaf("virtualizationType", "hvm").leaf("hypervisor", "xen");
  w.leaf_bool("ebsOptimized", false).leaf_bool("enaSupport", true);
  if (!instance.tags.empty() || instance.launch_template) {
    w.open("tagSet");
    for (const auto& [key, value] : instance.tags) w.open("item").leaf("key", key).leaf("value", value).close("item");
    if (instance.launch_template) {
      w.open("item").leaf("key", "aws:ec2launchtemplate:id").leaf("value", instance.launch_template->id).close("item");
      w.open("item").leaf("key", "aws:ec2launchtemplate:version").leaf("value", instance.launch_template->version);
      w.close("item");
    }
    w.close("tagSet");
  }
  w.open("metadataOptions").leaf("state", "applied").leaf("httpTokens", instance.http_tokens);
  w.leaf("httpPutResponseHopLimit", instance.http_tokens == "required" ? 2LL : 1LL);
  w.leaf("httpEndpoint", "enabled").leaf("httpProtocolIpv6", "disabled").leaf("instanceMetadataTags", "disabled");
  w.close("metadataOptions");
  (void)account_id;
  return w.take();
}

}  // namespace rolecall::emulator

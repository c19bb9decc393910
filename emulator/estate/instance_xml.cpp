#include "emulator/estate/instance_xml.h"

#include <cstdint>
#include <functional>

#include <fmt/format.h>

#include "emulator/common/xml_writer.h"

namespace rolecall::emulator {
namespace {

std::uint64_t id_hash(const std::string& id) { return std::hash<std::string>{}(id); }

}  // namespace

void render_groups(XmlWriter& w, const Instance& instance) {
  if (instance.security_groups.empty()) {
    w.empty("groupSet");
    return;
  }
  w.open("groupSet");
  for (const auto& g : instance.security_groups)
    w.open("item").leaf("groupId", g.id).leaf("groupName", g.name).close("item");
  w.close("groupSet");
}

void render_block_devices(XmlWriter& w, const Instance& instance) {
  if (instance.root_device_type != "ebs") {
    w.empty("blockDeviceMapping");
    return;
  }
  w.open("blockDeviceMapping").open("item").leaf("deviceName", "/dev/xvda");
  w.open("ebs").leaf("volumeId", root_volume_id(instance)).leaf("status", "attached");
  w.leaf("attachTime", instance.launch_time).leaf_bool("deleteOnTermination", true).close("ebs");
  w.close("item").close("blockDeviceMapping");
}

namespace {

// <association> of the primary address: whose public IP (an Elastic IP is the account's).
void render_address_association(XmlWriter& w, const Instance& instance, const std::string& account_id) {
  if (instance.public_ip.empty()) return;
  w.open("association").leaf("publicIp", instance.public_ip);
  w.leaf("publicDnsName", public_dns_name(instance.public_ip, instance.region));
  w.leaf("ipOwnerId", instance.eip_allocation_id.empty() ? std::string("amazon") : account_id);
  w.close("association");
}

void render_network_interface(XmlWriter& w, const Instance& instance, const std::string& account_id,
                              const std::string& private_dns) {
  w.open("networkInterfaceSet").open("item");
  w.leaf("networkInterfaceId", eni_id(instance)).leaf("subnetId", instance.subnet_id).leaf("vpcId", instance.vpc_id);
  w.empty("description").leaf("ownerId", account_id).leaf("status", "in-use");
  w.leaf("macAddress", mac_address(instance)).leaf("privateIpAddress", instance.private_ip);
  w.leaf("privateDnsName", private_dns).leaf_bool("sourceDestCheck", true);
  render_groups(w, instance);
  w.open("attachment").leaf("attachmentId", eni_attachment_id(instance)).leaf("deviceIndex", 0LL);
  w.leaf("status", "attached").leaf("attachTime", instance.launch_time).leaf_bool("deleteOnTermination", true);
  w.leaf("networkCardIndex", 0LL).close("attachment");
  render_address_association(w, instance, account_id);
  w.open("privateIpAddressesSet").open("item").leaf("privateIpAddress", instance.private_ip);
  w.leaf("privateDnsName", private_dns).leaf_bool("primary", true);
  render_address_association(w, instance, account_id);
  w.close("item").close("privateIpAddressesSet");
  w.empty("ipv6AddressesSet").leaf("interfaceType", "interface");
  w.close("item").close("networkInterfaceSet");
}

}  // namespace

std::string render_instance_static(const Instance& instance, const std::string& account_id) {
  XmlWriter w;
  w.buffer().clear();
  std::uint64_t h = id_hash(instance.id);
  std::string image_id =
      instance.image_id.empty() ? fmt::format("ami-{:017x}", h & 0xfffffffffffffULL) : instance.image_id;
  const std::string private_dns = private_dns_name(instance.private_ip, instance.region);
  w.leaf("imageId", image_id);
  w.leaf("privateDnsName", private_dns);
  if (instance.public_ip.empty())
    w.empty("dnsName");
  else
    w.leaf("dnsName", public_dns_name(instance.public_ip, instance.region));
  w.empty("reason");
  w.leaf("amiLaunchIndex", static_cast<long long>(instance.launch_index)).empty("productCodes");
  w.leaf("instanceType", instance.instance_type).leaf("launchTime", instance.launch_time);
  w.open("placement").leaf("availabilityZone", instance.availability_zone).empty("groupName");
  w.leaf("tenancy", "default").close("placement");
  w.open("monitoring").leaf("state", "disabled").close("monitoring");
  w.leaf("subnetId", instance.subnet_id).leaf("vpcId", instance.vpc_id);
  w.leaf("privateIpAddress", instance.private_ip);
  if (!instance.public_ip.empty()) w.leaf("ipAddress", instance.public_ip);
  w.leaf_bool("sourceDestCheck", true);
  render_groups(w, instance);
  w.leaf("architecture", "x86_64");
  w.leaf("rootDeviceType", instance.root_device_type).leaf("rootDeviceName", "/dev/xvda");
  render_block_devices(w, instance);
  w.leaf("virtualizationType", "hvm");
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
  w.leaf("hypervisor", "xen");
  render_network_interface(w, instance, account_id, private_dns);
  w.leaf_bool("ebsOptimized", false).leaf_bool("enaSupport", true);
  w.open("metadataOptions").leaf("state", "applied").leaf("httpTokens", instance.http_tokens);
  w.leaf("httpPutResponseHopLimit", instance.http_tokens == "required" ? 2LL : 1LL);
  w.leaf("httpEndpoint", "enabled").leaf("httpProtocolIpv6", "disabled").leaf("instanceMetadataTags", "disabled");
  w.close("metadataOptions");
  w.open("enclaveOptions").leaf_bool("enabled", false).close("enclaveOptions");
  w.leaf("platformDetails", "Linux/UNIX").leaf("usageOperation", "RunInstances");
  return w.take();
}

}  // namespace rolecall::emulator

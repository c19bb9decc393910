#include "emulator/services/ec2/render.h"

#include <functional>

#include <fmt/format.h>

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

void render_profile_ref(XmlWriter& w, const Association& association) {
  w.open("iamInstanceProfile").leaf("arn", association.profile_arn).leaf("id", association.profile_id);
  w.close("iamInstanceProfile");
}

void render_reservation(XmlWriter& w, const Instance& instance, const std::string& account_id, std::uint64_t seq) {
  std::string& out = w.buffer();
  out += "<item><reservationId>r-";
  out += instance.id.size() > 2 ? instance.id.substr(2) : instance.id;
  out += "</reservationId><ownerId>";
  out += account_id;
  out += "</ownerId><groupSet/><instancesSet><item><instanceId>";
  out += instance.id;
  out += "</instanceId>";
  std::string state = effective_state(instance, seq);
  out += "<instanceState><code>";
  out += std::to_string(state_code(state));
  out += "</code><name>";
  out += state;
  out += "</name></instanceState>";
  if (state == "stopped" || state == "stopping") {
    out +=
        "<stateReason><code>Client.UserInitiatedShutdown</code><message>Client.UserInitiatedShutdown: User initiated "
        "shutdown</message></stateReason>";
  }
  const Association* a = effective_association(instance, seq);
  if (a && a->disassociated_seq == 0) render_profile_ref(w, *a);
  out += instance.xml_static;
  out += "</item></instancesSet></item>";
}

void render_association_body(XmlWriter& w, const Association& association, const std::string& instance_id,
                             std::uint64_t seq) {
  w.leaf("associationId", association.id).leaf("instanceId", instance_id);
  render_profile_ref(w, association);
  w.leaf("state", association_state(association, seq));
}

}  // namespace rolecall::emulator

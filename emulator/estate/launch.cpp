#include "emulator/estate/launch.h"

#include "emulator/estate/instance_xml.h"
#include "emulator/estate/network_loader.h"

namespace rolecall::emulator {

std::vector<std::size_t> launch_instances(Estate& estate, LaunchRequest request) {
  Account& account = estate.accounts[request.account];
  RegionData& data = account.regions[request.region];
  std::vector<std::size_t> positions;
  // One reservation for the request, named after its first instance, as EC2 groups a launch.
  const std::string reservation = request.instances.empty() ? "" : "r-" + request.instances.front().id.substr(2);
  int launch_index = 0;
  for (Instance& instance : request.instances) {
    std::size_t at = data.instances.size();
    instance.region = request.region;
    // The handler checked the subnet and zone, so placing cannot fail; the loader's rules apply.
    if (!request.subnet_id.empty()) instance.availability_zone.clear();
    load::place_instance(estate, account, instance, request.subnet_id, reservation);
    instance.launch_index = launch_index++;
    instance.xml_static = render_instance_static(instance, account.id);
    data.instance_index[instance.id] = at;
    if (instance.association) estate.assoc_index[instance.association->id] = {request.account, request.region, at};
    data.instances.push_back(std::move(instance));
    positions.push_back(at);
  }
  return positions;
}

void release_public_address(Account& account, Instance& in) {
  if (!in.eip_allocation_id.empty()) {
    auto region = account.regions.find(in.region);
    if (region != account.regions.end()) {
      for (ElasticIp& eip : region->second.elastic_ips) {
        if (eip.allocation_id == in.eip_allocation_id && eip.instance_id == in.id) eip.instance_id.clear();
      }
    }
    in.eip_allocation_id.clear();
  }
  if (in.public_ip.empty()) return;
  in.public_ip.clear();
  in.xml_static = render_instance_static(in, account.id);
}

}  // namespace rolecall::emulator

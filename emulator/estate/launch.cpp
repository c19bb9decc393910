#include "emulator/estate/launch.h"

#include "emulator/estate/instance_xml.h"

namespace rolecall::emulator {

std::vector<std::size_t> launch_instances(Estate& estate, LaunchRequest request) {
  Account& account = estate.accounts[request.account];
  RegionData& data = account.regions[request.region];
  std::vector<std::size_t> positions;
  for (Instance& instance : request.instances) {
    std::size_t at = data.instances.size();
    instance.region = request.region;
    if (instance.availability_zone.empty()) instance.availability_zone = request.region + "a";
    instance.xml_static = render_instance_static(instance, account.id);
    data.instance_index[instance.id] = at;
    if (instance.association) estate.assoc_index[instance.association->id] = {request.account, request.region, at};
    data.instances.push_back(std::move(instance));
    positions.push_back(at);
  }
  return positions;
}

}  // namespace rolecall::emulator

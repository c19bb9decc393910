#pragma once
// Where new instances enter the estate (RunInstances, a simulated Auto Scaling replacement): the
// one place a launched instance gets what the estate derives for it and is indexed; and what a
// terminated one gives back.

#include <cstddef>
#include <string>
#include <vector>

#include "emulator/estate/estate.h"

namespace rolecall::emulator {

// One RunInstances reservation of one account and region.
struct LaunchRequest {
  std::size_t account = 0;
  std::string region;
  std::string subnet_id;            // the requested SubnetId ("" = the default subnet)
  std::vector<Instance> instances;  // in launch-index order: ids, state, type, user data, tags, association...
};

// Appends the request's instances to its account and region as one reservation, places them in
// the subnet (load::place_instance: private IP, public IP in a public subnet, default group) and
// indexes them (instance index, association index, cached XML); returns their positions in the
// region's instance list.
std::vector<std::size_t> launch_instances(Estate& estate, LaunchRequest request);

// A terminated instance keeps no public address: EC2 releases the auto-assigned one, and an
// Elastic IP stays allocated to `account` but is no longer associated with the instance.
void release_public_address(Account& account, Instance& instance);

}  // namespace rolecall::emulator

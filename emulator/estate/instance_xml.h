#pragma once
// The parts of an instance's EC2 DescribeInstances <item> that never change, rendered once when
// the estate is indexed (Instance::xml_static): a 100,000-instance listing would otherwise
// re-render them on every page.

#include <string>

#include "emulator/estate/estate.h"

namespace rolecall::emulator {

// The never-changing part of `instance`'s <item> body (image, placement, network, tags, metadata options).
std::string render_instance_static(const Instance& instance, const std::string& account_id);

}  // namespace rolecall::emulator

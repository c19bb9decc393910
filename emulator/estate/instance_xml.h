#pragma once
// The parts of an instance's EC2 DescribeInstances <item> that never change, rendered once when
// the estate is indexed (Instance::xml_static): a 100,000-instance listing would otherwise
// re-render them on every page.

#include <string>

#include "emulator/common/xml_writer.h"
#include "emulator/estate/estate.h"

namespace rolecall::emulator {

// The never-changing part of `instance`'s <item> body (image, placement, addresses, groups, network
// interface, root volume, tags, metadata options).
std::string render_instance_static(const Instance& instance, const std::string& account_id);
// <groupSet> of `instance`'s security groups (items of groupId and groupName).
void render_groups(XmlWriter& w, const Instance& instance);
// <blockDeviceMapping> of `instance`'s root EBS volume (empty for an instance-store root).
void render_block_devices(XmlWriter& w, const Instance& instance);

}  // namespace rolecall::emulator

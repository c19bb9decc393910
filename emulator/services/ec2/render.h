#pragma once
// XML fragments of EC2 responses: reservations (around each instance's cached static part,
// emulator/estate/instance_xml.h) and associations.

#include <cstdint>
#include <string>

#include "emulator/common/xml_writer.h"
#include "emulator/estate/estate.h"

namespace rolecall::emulator::ec2 {

// One reservation <item> holding `instance` as seen by request `seq`.
void render_reservation(XmlWriter& w, const Instance& instance, const std::string& account_id, std::uint64_t seq);

// One instance's <item> body (no enclosing tag) as seen by request `seq`.
void render_instance_body(XmlWriter& w, const Instance& instance, std::uint64_t seq);

// <iamInstanceProfile><arn/><id/></iamInstanceProfile>
void render_profile_ref(XmlWriter& w, const Association& association);

// An association <item>/<iamInstanceProfileAssociation> body (no enclosing tag).
void render_association_body(XmlWriter& w, const Association& association, const std::string& instance_id,
                             std::uint64_t seq);

}  // namespace rolecall::emulator::ec2

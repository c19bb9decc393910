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

// Writes a reservationSet's items: consecutive instances of one reservation share its <item>,
// as DescribeInstances groups instances launched together.
class ReservationWriter {
 public:
  ReservationWriter(XmlWriter& w, const std::string& account_id) : w_(w), account_id_(account_id) {}
  // Appends `instance` as request `seq` sees it, opening a reservation <item> when it changes.
  void add(const Instance& instance, std::uint64_t seq);
  // Closes the open reservation <item>, if any.
  void finish();

 private:
  XmlWriter& w_;
  const std::string& account_id_;
  const std::string* current_ = nullptr;
};

// <iamInstanceProfile><arn/><id/></iamInstanceProfile>
void render_profile_ref(XmlWriter& w, const Association& association);

// An association <item>/<iamInstanceProfileAssociation> body (no enclosing tag).
void render_association_body(XmlWriter& w, const Association& association, const std::string& instance_id,
                             std::uint64_t seq);

}  // namespace rolecall::emulator::ec2

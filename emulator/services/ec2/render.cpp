#include "emulator/services/ec2/render.h"

namespace rolecall::emulator::ec2 {

void render_profile_ref(XmlWriter& w, const Association& association) {
  w.open("iamInstanceProfile").leaf("arn", association.profile_arn).leaf("id", association.profile_id);
  w.close("iamInstanceProfile");
}

void render_instance_body(XmlWriter& w, const Instance& instance, std::uint64_t seq) {
  std::string& out = w.buffer();
  out += "<instanceId>";
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
}

void render_reservation(XmlWriter& w, const Instance& instance, const std::string& account_id, std::uint64_t seq) {
  std::string& out = w.buffer();
  out += "<item><reservationId>r-";
  out += instance.id.size() > 2 ? instance.id.substr(2) : instance.id;
  out += "</reservationId><ownerId>";
  out += account_id;
  out += "</ownerId><groupSet/><instancesSet><item>";
  render_instance_body(w, instance, seq);
  out += "</item></instancesSet></item>";
}

void render_association_body(XmlWriter& w, const Association& association, const std::string& instance_id,
                             std::uint64_t seq) {
  w.leaf("associationId", association.id).leaf("instanceId", instance_id);
  render_profile_ref(w, association);
  w.leaf("state", association_state(association, seq));
}

}  // namespace rolecall::emulator::ec2

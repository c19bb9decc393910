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

namespace {

void open_reservation(std::string& out, const Instance& instance, const std::string& account_id) {
  out += "<item><reservationId>";
  out += instance.reservation_id;
  out += "</reservationId><ownerId>";
  out += account_id;
  out += "</ownerId><groupSet/><instancesSet>";
}

constexpr std::string_view kCloseReservation = "</instancesSet></item>";

void render_instance(XmlWriter& w, const Instance& instance, std::uint64_t seq) {
  w.buffer() += "<item>";
  render_instance_body(w, instance, seq);
  w.buffer() += "</item>";
}

}  // namespace

void render_reservation(XmlWriter& w, const Instance& instance, const std::string& account_id, std::uint64_t seq) {
  open_reservation(w.buffer(), instance, account_id);
  render_instance(w, instance, seq);
  w.buffer() += kCloseReservation;
}

void ReservationWriter::add(const Instance& instance, std::uint64_t seq) {
  if (!current_ || *current_ != instance.reservation_id) {
    finish();
    open_reservation(w_.buffer(), instance, account_id_);
    current_ = &instance.reservation_id;
  }
  render_instance(w_, instance, seq);
}

void ReservationWriter::finish() {
  if (current_) w_.buffer() += kCloseReservation;
  current_ = nullptr;
}

void render_association_body(XmlWriter& w, const Association& association, const std::string& instance_id,
                             std::uint64_t seq) {
  w.leaf("associationId", association.id).leaf("instanceId", instance_id);
  render_profile_ref(w, association);
  w.leaf("state", association_state(association, seq));
}

}  // namespace rolecall::emulator::ec2

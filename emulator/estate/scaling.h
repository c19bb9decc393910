#pragma once
// A simulated Auto Scaling replacement (scale-in then scale-out, as an unhealthy-instance
// replacement or an instance refresh does): the group terminates one of its instances and launches
// another from what it launches from now. Driven by the admin API (POST /_emulator/scale).

#include <cstdint>
#include <random>
#include <string>

#include "emulator/estate/estate.h"
#include "rolecall/error.h"

namespace rolecall::emulator {

// What one replacement did.
struct Replacement {
  std::string terminated;   // instance id
  std::string launched;     // instance id
  std::string template_id;  // "" for a launch-configuration group
  int template_version = 0;
};

// Replaces one instance of group `group` of account `account_id` in `region`, as request `seq` at
// `now`: its oldest running instance goes to shutting-down, and a new one (pending) is launched
// into the same subnet from the group's launch template version as AWS resolves it ($Default,
// $Latest, a number), or, for a launch-configuration group, with the terminated instance's own
// launch settings (a launch configuration never changes). The new instance carries the
// aws:autoscaling:groupName tag and the group's tags. kNotFound for an unknown account, region or
// group; kInvalidArgument when the group has no running instance or its template's profile does
// not exist. `rng` draws the new ids (the caller holds the estate's unique lock).
Result<Replacement> replace_group_instance(Estate& estate, const std::string& account_id, const std::string& region,
                                           const std::string& group, std::uint64_t seq, TimePoint now,
                                           std::mt19937_64& rng);

}  // namespace rolecall::emulator

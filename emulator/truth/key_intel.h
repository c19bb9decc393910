#pragma once
// The key-intelligence verdict of every long-term key id at rest in the estate (instance user data
// and launch-template versions): owning account, user, status, last use and the severity a key
// finding must then carry (docs/checks/user-data-no-keys.md, "Key intelligence").

#include <cstdint>

#include <nlohmann/json.hpp>

#include "emulator/estate/estate.h"

namespace rolecall::emulator::truth {

// [{key_id, key_id_redacted, owner_account, in_scope, user, status, created, last_used, service,
// region, severity}, ...] sorted by key id; status "Active" | "Inactive" | "deleted" (an estate
// account, no user holds it) | "foreign" (another account). `now` anchors "used within 90 days".
nlohmann::json key_verdicts(const Estate& estate, std::uint64_t seq, TimePoint now);

}  // namespace rolecall::emulator::truth

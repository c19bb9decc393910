#pragma once
// The ground truth of an estate as it is now: every check docs/checks/README.md defines that the
// generator's truth covers, judged for every instance and launch template by the emulator's own
// policy evaluator and user-data decoding (never src/checks or src/secrets: the emulator is the
// oracle). Same document as the generator's truth (docs/estate-schema.md, "findings").

#include <cstdint>

#include <nlohmann/json.hpp>

#include "emulator/estate/estate.h"

namespace rolecall::emulator::truth {

// {"schema_version": 1, "findings": [{account_id, region, resource_id, check_id, status}, ...],
// "keys": key_verdicts(...) each with "used_from_outside", "key_use": key_use(...).entries} for `estate` as request
// `seq` sees it at `now`: findings by account in estate order, regions in the estate's order, each region's instances
// then its launch templates.
nlohmann::json compute_truth(const Estate& estate, std::uint64_t seq, TimePoint now);

}  // namespace rolecall::emulator::truth

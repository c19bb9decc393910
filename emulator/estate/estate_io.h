#pragma once
// Estate JSON (docs/estate-schema.md) to and from the in-memory Estate.

#include <chrono>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "emulator/estate/estate.h"
#include "rolecall/error.h"

namespace rolecall::emulator {

// Validates and loads an estate document strictly: unknown keys, bad ids, dangling references
// and wrong types are kInvalidArgument errors naming the JSON path (e.g. "accounts[0].instances[3].id").
Result<Estate> load_estate_json(const nlohmann::json& document);

// The estate as request `seq` sees it at `now`, in the same schema (instances terminated longer
// than `terminated_visibility` ago are left out; associations and states are the current ones).
nlohmann::json dump_estate_json(const Estate& estate, std::uint64_t seq, TimePoint now,
                                std::chrono::seconds terminated_visibility);

}  // namespace rolecall::emulator

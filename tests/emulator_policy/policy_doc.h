#pragma once
// The emulator policy tests' documents: a NamedPolicy over a document parsed once and kept for the
// test binary's life (NamedPolicy is a view).

#include <deque>

#include <nlohmann/json.hpp>

#include "emulator/policy/policy_eval.h"

namespace rolecall::emulator::policy {

// A NamedPolicy named `source` over `document` (JSON text), valid until the binary exits.
inline NamedPolicy policy(const char* source, const char* document) {
  static std::deque<nlohmann::json> documents;
  return NamedPolicy{source, &documents.emplace_back(nlohmann::json::parse(document))};
}

}  // namespace rolecall::emulator::policy

// A plan file (`rolecall apply PLAN`, `apply --resume`): JSON the user hands over, untrusted.

#include <cstddef>
#include <cstdint>
#include <string>

#include "rolecall/plan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)rolecall::plan_from_json(text, "plan.json");
  return 0;
}

// The role mapping file of `rolecall plan --mapping FILE` (which profile each instance gets): untrusted YAML.

#include <cstddef>
#include <cstdint>
#include <string>

#include "remediate/plan_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)rolecall::remediate::parse_mapping(std::string(reinterpret_cast<const char*>(data), size), "mapping.yaml");
  return 0;
}

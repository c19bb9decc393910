// The YAML configuration (`--config FILE`: approved roles, check settings, mutelist): untrusted.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)rolecall::config::parse_config(std::string_view(reinterpret_cast<const char*>(data), size), "rolecall.yaml");
  return 0;
}

// The shared config/credentials files (~/.aws/config, ~/.aws/credentials; INI): untrusted text.
// The input is parsed as both files, then every profile it names is looked up as the providers do.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "aws/credentials/assume_role_provider.h"
#include "aws/credentials/ini.h"
#include "aws/credentials/shared_config.h"

namespace aws = rolecall::aws;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto sections = aws::parse_ini(text, "config");
  auto shared = aws::SharedConfig::parse(text, "/home/u/.aws/config", text, "/home/u/.aws/credentials");
  if (!sections || !shared) return 0;
  for (const auto& section : *sections) {
    std::string name = section.name;
    if (name.starts_with("profile ")) name.erase(0, 8);
    auto profile = shared->profile(name);
    if (!profile) continue;
    for (const char* key : {"role_arn", "source_profile", "credential_source", "aws_access_key_id", "region"}) {
      (void)profile->get(key);
    }
    if (auto duration = profile->get("duration_seconds"))
      (void)aws::parse_duration_seconds(*duration, "duration_seconds");
  }
  return 0;
}

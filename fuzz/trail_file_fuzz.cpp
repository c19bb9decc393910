// A trail log file (`scan --trail-logs DIR`: files synced from an S3 bucket anyone with write access
// to it could have put there): the input as the file's bytes (plain JSON, or gzip when it starts
// with the magic), and gzip-compressed, through one reused parser as a reader thread uses it.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "inventory/trail_file_parse.h"
#include "support/encode.h"

namespace inventory = rolecall::inventory;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static inventory::TrailFileParser parser;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::size_t seen = 0;
  auto count = [&](const inventory::TrailKeyRecord& r) {
    seen += r.key_id.size() + r.event_time.size() + r.role_name.size() + r.session_name.size();
  };
  (void)parser.parse(bytes, count);
  (void)parser.parse(rolecall::testing::gzip(bytes), count);
  return 0;
}

#include "store/since.h"

#include <fmt/format.h>

#include "base/time_ago.h"

namespace rolecall::store {

Result<std::chrono::system_clock::time_point> parse_since(std::string_view text,
                                                          std::chrono::system_clock::time_point now) {
  if (auto when = base::parse_time_or_ago(text, now)) return *when;
  return fail(Error::invalid_argument(fmt::format(
      "--since {}: expected a duration such as 7d, 12h, 30m, or a date (2026-12-01) or ISO 8601 time", text)));
}

}  // namespace rolecall::store

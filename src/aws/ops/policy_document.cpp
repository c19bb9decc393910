#include "aws/ops/policy_document.h"

#include <fmt/format.h>

#include "base/ascii.h"

namespace rolecall::aws {
Result<std::string> decode_policy_document(std::string_view encoded, std::string_view what) {
  std::string out;
  out.reserve(encoded.size());
  // Copy the runs between escapes whole: most of a document is plain text.
  std::size_t i = 0;
  while (i < encoded.size()) {
    std::size_t percent = encoded.find('%', i);
    if (percent == std::string_view::npos) percent = encoded.size();
    out.append(encoded.data() + i, percent - i);
    if (percent == encoded.size()) break;
    const int hi = percent + 1 < encoded.size() ? base::hex_digit_value(encoded[percent + 1]) : -1;
    const int lo = percent + 2 < encoded.size() ? base::hex_digit_value(encoded[percent + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return fail(ErrorKind::kParse,
                  fmt::format("{}: policy document has a bad percent-escape at offset {}", what, percent));
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i = percent + 3;
  }
  return out;
}

}  // namespace rolecall::aws

#include "aws/ops/policy_document.h"

#include <fmt/format.h>

namespace rolecall::aws {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::string> decode_policy_document(std::string_view encoded, std::string_view what) {
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    const char c = encoded[i];
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    const int hi = i + 1 < encoded.size() ? hex_value(encoded[i + 1]) : -1;
    const int lo = i + 2 < encoded.size() ? hex_value(encoded[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return fail(ErrorKind::kParse,
                  fmt::format("{}: policy document has a bad percent-escape at offset {}", what, i));
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

}  // namespace rolecall::aws

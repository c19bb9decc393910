#include "inventory/gzip_inflate.h"

#include <isa-l/igzip_lib.h>

#include <algorithm>

#include <fmt/format.h>

namespace rolecall::inventory {
namespace {

// Deflate's largest expansion: 258 bytes from a 2-bit code, about 1032 output bytes per input byte.
constexpr std::size_t kDeflateMaxRatio = 1032;

// The member's ISIZE trailer (its size modulo 2^32): a first guess of the output size.
std::size_t gzip_size_hint(std::string_view gz) {
  if (gz.size() < 18) return 0;
  const auto* p = reinterpret_cast<const unsigned char*>(gz.data() + gz.size() - 4);
  return static_cast<std::size_t>(p[0]) | (static_cast<std::size_t>(p[1]) << 8) |
         (static_cast<std::size_t>(p[2]) << 16) | (static_cast<std::size_t>(p[3]) << 24);
}

const char* isal_inflate_problem(int rc) {
  switch (rc) {
    case ISAL_INVALID_BLOCK: return "invalid deflate block";
    case ISAL_INVALID_SYMBOL: return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK: return "invalid lookback distance";
    case ISAL_INVALID_WRAPPER: return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD: return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM: return "checksum mismatch";
    default: return "decompression failed";
  }
}

}  // namespace

struct GzipInflater::State {
  inflate_state isal{};
};

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

GzipInflater::GzipInflater() : state_(std::make_unique<State>()) {}
GzipInflater::~GzipInflater() = default;

Result<void> GzipInflater::inflate(std::string_view gz, std::string& out, std::size_t limit, std::size_t padding) {
  std::size_t size = 0;  // bytes of `out` written
  // The last member's trailer sizes the first try, within what deflate can expand the input to
  // (at most 1032:1), so a lying or truncated trailer costs a regrowth, not a gigabyte.
  const std::size_t most = std::min(limit, std::max<std::size_t>(gz.size(), 1) * kDeflateMaxRatio);
  std::size_t room = std::clamp<std::size_t>(gzip_size_hint(gz), std::min<std::size_t>(4096, most), most) + padding;
  out.resize(room);
  const std::size_t kChunkLimit = 0xffffffffu;  // avail_in / avail_out are 32-bit
  while (!gz.empty()) {
    if (!is_gzip(gz)) {
      if (size > 0 && std::all_of(gz.begin(), gz.end(), [](char c) { return c == '\0'; })) break;  // tape padding
      return fail(ErrorKind::kParse, size == 0 ? "not gzip data" : "trailing garbage after the gzip data");
    }
    inflate_state& s = state_->isal;
    isal_inflate_init(&s);
    s.crc_flag = ISAL_GZIP;
    s.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(gz.data()));
    s.avail_in = static_cast<uint32_t>(std::min(gz.size(), kChunkLimit));
    for (;;) {
      if (out.size() - padding <= size) {
        if (out.size() - padding >= limit)
          return fail(ErrorKind::kParse, fmt::format("decompressed data exceeds {} bytes", limit));
        out.resize(std::min(limit, (out.size() - padding) * 2) + padding);
      }
      s.next_out = reinterpret_cast<uint8_t*>(out.data() + size);
      s.avail_out = static_cast<uint32_t>(std::min(out.size() - padding - size, kChunkLimit));
      const uint32_t before = s.avail_out;
      const uint32_t before_in = s.avail_in;
      const int rc = isal_inflate(&s);
      size += before - s.avail_out;
      if (rc < 0) return fail(ErrorKind::kParse, fmt::format("corrupt gzip data ({})", isal_inflate_problem(rc)));
      if (s.block_state == ISAL_BLOCK_FINISH) break;
      if (rc != ISAL_DECOMP_OK && rc != ISAL_END_INPUT && rc != ISAL_OUT_OVERFLOW)
        return fail(ErrorKind::kParse, "corrupt gzip data (unsupported header field or dictionary)");
      // Neither input read nor output written, with room for both: it would never finish.
      if (s.avail_in == before_in && s.avail_out == before && before > 0 && before_in > 0)
        return fail(ErrorKind::kParse, "corrupt gzip data (no progress)");
      if (s.avail_out > 0 && s.avail_in == 0) {
        const std::size_t consumed = reinterpret_cast<const char*>(s.next_in) - gz.data();
        if (consumed < gz.size()) {  // a member longer than 4 GiB of input: feed the rest
          s.avail_in = static_cast<uint32_t>(std::min(gz.size() - consumed, kChunkLimit));
          continue;
        }
        return fail(ErrorKind::kParse, "truncated gzip data");
      }
    }
    gz.remove_prefix(static_cast<std::size_t>(reinterpret_cast<const char*>(s.next_in) - gz.data()));
  }
  out.resize(size);
  out.reserve(size + padding);
  return {};
}

}  // namespace rolecall::inventory

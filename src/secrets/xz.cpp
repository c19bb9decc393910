#include "secrets/xz.h"

#include <lzma.h>

#include <array>

namespace rolecall::secrets {
namespace {

// Frees the decoder on every return.
struct XzStream {
  lzma_stream s = LZMA_STREAM_INIT;
  ~XzStream() { lzma_end(&s); }
};

}  // namespace

bool is_xz(std::string_view data) {
  return data.starts_with(
      std::string_view("\xfd"
                       "7zXZ\0",
                       6));
}

Result<std::string> unxz(std::string_view data, std::size_t max_output) {
  XzStream stream;
  if (lzma_stream_decoder(&stream.s, kXzMemoryLimit, LZMA_CONCATENATED) != LZMA_OK) {
    return fail(ErrorKind::kInternal, "xz: lzma_stream_decoder failed");
  }
  std::string out;
  std::array<std::uint8_t, 64 * 1024> chunk{};
  stream.s.next_in = reinterpret_cast<const std::uint8_t*>(data.data());
  stream.s.avail_in = data.size();
  while (true) {
    stream.s.next_out = chunk.data();
    stream.s.avail_out = chunk.size();
    // All input is present: LZMA_FINISH makes a truncated stream an error instead of a wait.
    const lzma_ret rc = lzma_code(&stream.s, LZMA_FINISH);
    const std::size_t produced = chunk.size() - stream.s.avail_out;
    if (out.size() + produced > max_output) {
      return fail(ErrorKind::kParse, "xz: decompressed data exceeds the limit of " + std::to_string(max_output) +
                                         " bytes (decompression bomb?)");
    }
    out.append(reinterpret_cast<const char*>(chunk.data()), produced);
    switch (rc) {
      case LZMA_OK: continue;
      case LZMA_STREAM_END: return out;
      case LZMA_MEMLIMIT_ERROR:
        return fail(ErrorKind::kParse,
                    "xz: the stream needs more than " + std::to_string(kXzMemoryLimit) + " bytes of memory to decode");
      case LZMA_BUF_ERROR: return fail(ErrorKind::kParse, "xz: truncated stream");
      default: return fail(ErrorKind::kParse, "xz: corrupt stream (error " + std::to_string(rc) + ")");
    }
  }
}

}  // namespace rolecall::secrets

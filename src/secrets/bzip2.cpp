#include "secrets/bzip2.h"

#include <bzlib.h>

#include <array>

namespace rolecall::secrets {
namespace {

// The 48-bit magics after "BZh<level>": a compressed block (pi) or the end of the stream (sqrt pi).
constexpr std::string_view kBlockMagic("\x31\x41\x59\x26\x53\x59", 6);
constexpr std::string_view kEndMagic("\x17\x72\x45\x38\x50\x90", 6);

// Frees the decompressor on every return.
struct Stream {
  bz_stream s{};
  bool open = false;
  ~Stream() {
    if (open) BZ2_bzDecompressEnd(&s);
  }
  bool start() {
    if (open) BZ2_bzDecompressEnd(&s);
    s = bz_stream{};
    open = BZ2_bzDecompressInit(&s, 0, 0) == BZ_OK;
    return open;
  }
};

}  // namespace

bool is_bzip2(std::string_view data) {
  if (data.size() < 10 || !data.starts_with("BZh") || data[3] < '1' || data[3] > '9') return false;
  const std::string_view magic = data.substr(4, 6);
  return magic == kBlockMagic || magic == kEndMagic;
}

Result<std::string> bunzip2(std::string_view data, std::size_t max_output) {
  Stream stream;
  if (!stream.start()) return fail(ErrorKind::kInternal, "bzip2: BZ2_bzDecompressInit failed");
  std::string out;
  std::array<char, 64 * 1024> chunk{};
  stream.s.next_in = const_cast<char*>(data.data());
  stream.s.avail_in = static_cast<unsigned>(data.size());
  while (true) {
    stream.s.next_out = chunk.data();
    stream.s.avail_out = static_cast<unsigned>(chunk.size());
    const int rc = BZ2_bzDecompress(&stream.s);
    const std::size_t produced = chunk.size() - stream.s.avail_out;
    if (out.size() + produced > max_output) {
      return fail(ErrorKind::kParse, "bzip2: decompressed data exceeds the limit of " + std::to_string(max_output) +
                                         " bytes (decompression bomb?)");
    }
    out.append(chunk.data(), produced);
    if (rc == BZ_STREAM_END) {
      // Another stream may follow (cat a.bz2 b.bz2, pbzip2); anything else ends the data.
      const std::string_view rest(stream.s.next_in, stream.s.avail_in);
      if (!is_bzip2(rest)) break;
      if (!stream.start()) return fail(ErrorKind::kInternal, "bzip2: BZ2_bzDecompressInit failed");
      stream.s.next_in = const_cast<char*>(rest.data());
      stream.s.avail_in = static_cast<unsigned>(rest.size());
      continue;
    }
    if (rc != BZ_OK) return fail(ErrorKind::kParse, "bzip2: corrupt stream (error " + std::to_string(rc) + ")");
    if (stream.s.avail_in == 0 && produced == 0) return fail(ErrorKind::kParse, "bzip2: truncated stream");
  }
  return out;
}

}  // namespace rolecall::secrets

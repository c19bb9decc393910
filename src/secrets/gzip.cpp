#include "secrets/gzip.h"

#include <zlib.h>

#include <array>

namespace rolecall::secrets {

bool is_gzip(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f && static_cast<unsigned char>(data[1]) == 0x8b;
}

Result<std::string> gunzip(std::string_view data, std::size_t max_output) {
  z_stream stream{};
  // 15 window bits + 32: detect gzip or zlib headers automatically.
  if (inflateInit2(&stream, 15 + 32) != Z_OK) return fail(ErrorKind::kInternal, "gzip: inflateInit2 failed");
  std::string out;
  std::array<char, 64 * 1024> chunk{};
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (true) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(&stream, Z_NO_FLUSH);
    const std::size_t produced = chunk.size() - stream.avail_out;
    if (out.size() + produced > max_output) {
      inflateEnd(&stream);
      return fail(ErrorKind::kParse, "gzip: decompressed data exceeds the limit of " + std::to_string(max_output) +
                                         " bytes (decompression bomb?)");
    }
    out.append(chunk.data(), produced);
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow (cat a.gz b.gz); trailing zero padding is tolerated.
      const std::string_view rest(reinterpret_cast<const char*>(stream.next_in), stream.avail_in);
      if (!is_gzip(rest)) break;
      if (inflateReset(&stream) != Z_OK) break;
      continue;
    }
    if (rc == Z_BUF_ERROR) {  // output space was available, so input ran out
      inflateEnd(&stream);
      return fail(ErrorKind::kParse, "gzip: truncated stream");
    }
    if (rc != Z_OK) {
      const std::string reason = stream.msg != nullptr ? stream.msg : "error " + std::to_string(rc);
      inflateEnd(&stream);
      return fail(ErrorKind::kParse, "gzip: corrupt stream: " + reason);
    }
  }
  inflateEnd(&stream);
  return out;
}

}  // namespace rolecall::secrets

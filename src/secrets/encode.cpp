#include "secrets/encode.h"

#include <zlib.h>

#include <array>

namespace rolecall::secrets {

std::string encode_base64(std::string_view data, std::size_t wrap) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4 + (wrap > 0 ? data.size() / wrap + 2 : 0));
  std::size_t column = 0;
  auto put = [&](char c) {
    out.push_back(c);
    if (wrap > 0 && ++column == wrap) {
      out.push_back('\n');
      column = 0;
    }
  };
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8) |
                       static_cast<unsigned char>(data[i + 2]);
    put(kAlphabet[(n >> 18) & 63]);
    put(kAlphabet[(n >> 12) & 63]);
    put(kAlphabet[(n >> 6) & 63]);
    put(kAlphabet[n & 63]);
  }
  if (const std::size_t rest = data.size() - i; rest > 0) {
    unsigned n = static_cast<unsigned char>(data[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(data[i + 1]) << 8;
    put(kAlphabet[(n >> 18) & 63]);
    put(kAlphabet[(n >> 12) & 63]);
    put(rest == 2 ? kAlphabet[(n >> 6) & 63] : '=');
    put('=');
  }
  if (wrap > 0 && column > 0) out.push_back('\n');
  return out;
}

Result<std::string> gzip_compress(std::string_view data) {
  z_stream stream{};
  // 15 window bits + 16: a gzip wrapper with a zero time and no name.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return fail(ErrorKind::kInternal, "gzip: deflateInit2 failed");
  }
  std::string out;
  std::array<char, 64 * 1024> chunk{};
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  do {
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = static_cast<uInt>(chunk.size());
    rc = deflate(&stream, Z_FINISH);
    if (rc == Z_STREAM_ERROR) {
      deflateEnd(&stream);
      return fail(ErrorKind::kInternal, "gzip: deflate failed");
    }
    out.append(chunk.data(), chunk.size() - stream.avail_out);
  } while (rc != Z_STREAM_END);
  deflateEnd(&stream);
  return out;
}

}  // namespace rolecall::secrets

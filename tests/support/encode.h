#pragma once
// Encodings to build user-data fixtures at run time (the secrets and checks tests).

#include <archive.h>
#include <archive_entry.h>
#include <bzlib.h>
#include <lzma.h>
#include <openssl/evp.h>
#include <zlib.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rolecall::testing {

// Standard base64 with padding, no line breaks.
inline std::string base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// A gzip member holding `data`.
inline std::string gzip(std::string_view data, int level = Z_DEFAULT_COMPRESSION) {
  z_stream s{};
  if (deflateInit2(&s, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&s, static_cast<uLong>(data.size())) + 64, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.avail_in = static_cast<uInt>(data.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  if (deflate(&s, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

// A bzip2 stream holding `data`.
inline std::string bzip2(std::string_view data) {
  auto size = static_cast<unsigned>(data.size() + data.size() / 100 + 600);
  std::string out(size, '\0');
  if (BZ2_bzBuffToBuffCompress(out.data(), &size, const_cast<char*>(data.data()), static_cast<unsigned>(data.size()), 9,
                               0, 0) != BZ_OK) {
    throw std::runtime_error("BZ2_bzBuffToBuffCompress");
  }
  out.resize(size);
  return out;
}

// An xz stream holding `data`, packed at `preset` (0 fastest .. 9 smallest).
inline std::string xz(std::string_view data, std::uint32_t preset = 6) {
  std::string out(lzma_stream_buffer_bound(data.size()), '\0');
  std::size_t used = 0;
  if (lzma_easy_buffer_encode(preset, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const std::uint8_t*>(data.data()),
                              data.size(), reinterpret_cast<std::uint8_t*>(out.data()), &used, out.size()) != LZMA_OK) {
    throw std::runtime_error("lzma_easy_buffer_encode");
  }
  out.resize(used);
  return out;
}

// A zip archive of (name, content) regular files, deflated.
inline std::string zip(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_set_bytes_in_last_block(a, 1);
  const auto append = [](archive*, void* sink, const void* buffer, std::size_t length) -> la_ssize_t {
    static_cast<std::string*>(sink)->append(static_cast<const char*>(buffer), length);
    return static_cast<la_ssize_t>(length);
  };
  if (archive_write_open(a, &out, nullptr, append, nullptr) != ARCHIVE_OK) throw std::runtime_error("zip open");
  for (const auto& [name, content] : files) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, name.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
    if (archive_write_header(a, entry) != ARCHIVE_OK) throw std::runtime_error("zip header");
    if (archive_write_data(a, content.data(), content.size()) != static_cast<la_ssize_t>(content.size()))
      throw std::runtime_error("zip data");
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

// `text` (ASCII) as UTF-16LE, after the byte order mark FF FE when `bom`.
inline std::string utf16le(std::string_view text, bool bom) {
  std::string out = bom ? std::string("\xff\xfe", 2) : std::string();
  for (const char c : text) {
    out.push_back(c);
    out.push_back('\0');
  }
  return out;
}

}  // namespace rolecall::testing

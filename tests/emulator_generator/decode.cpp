#include "emulator_generator/decode.h"

#include <cctype>
#include <stdexcept>

#include <openssl/evp.h>
#include <zlib.h>

namespace rolecall::testing {

std::string base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) throw std::invalid_argument("base64 length");
  std::string out(text.size() / 4 * 3 + 1, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) throw std::invalid_argument("base64 data");
  std::size_t len = static_cast<std::size_t>(n);
  if (!text.empty() && text.back() == '=') --len;  // EVP_DecodeBlock counts padding as zero bytes
  if (text.size() >= 2 && text[text.size() - 2] == '=') --len;
  out.resize(len);
  return out;
}

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip(std::string_view bytes) {
  if (!is_gzip(bytes)) throw std::invalid_argument("not gzip");
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) throw std::invalid_argument("inflateInit2");
  std::string out;
  char buffer[4096];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - zs.avail_out);
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::invalid_argument("corrupt gzip");
  return out;
}

namespace {

bool is_base32(char c) { return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'); }
bool is_secret_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '+'; }
bool is_base64_char(char c) { return is_secret_char(c) || c == '='; }

// Length of the run of characters satisfying `pred` starting at `pos`.
template <typename Pred>
std::size_t run(std::string_view s, std::size_t pos, Pred pred) {
  std::size_t n = 0;
  while (pos + n < s.size() && pred(s[pos + n])) ++n;
  return n;
}

}  // namespace

// (No std::regex here: GCC 12 reports false maybe-uninitialized warnings in <regex> under the
// sanitizer build, and warnings are errors.)
std::string all_layers(std::string_view raw) {
  std::string text = is_gzip(raw) ? gunzip(raw) : std::string(raw);
  std::string out = text;
  if (text.find("encoding: b64") != std::string::npos) {
    constexpr std::string_view kContent = "content: ";
    for (auto pos = text.find(kContent); pos != std::string::npos; pos = text.find(kContent, pos + 1)) {
      std::size_t start = pos + kContent.size();
      out += "\n" + base64_decode(std::string_view(text).substr(start, run(text, start, is_base64_char)));
    }
  }
  return out;
}

FoundKeys find_keys(std::string_view text) {
  FoundKeys found;
  for (std::size_t pos = 0; pos + 20 <= text.size(); ++pos) {
    auto prefix = text.substr(pos, 4);
    if ((prefix == "AKIA" || prefix == "ASIA") && run(text, pos + 4, is_base32) >= 16) {
      found.key_ids.insert(std::string(text.substr(pos, 20)));
    }
  }
  for (std::string_view name : {"AWS_SECRET_ACCESS_KEY=", "aws_secret_access_key"}) {
    for (auto pos = text.find(name); pos != std::string_view::npos; pos = text.find(name, pos + 1)) {
      std::size_t start = pos + name.size();
      start += run(text, start, [](char c) { return c == ' ' || c == '='; });
      if (run(text, start, is_secret_char) == 40) found.secrets.insert(std::string(text.substr(start, 40)));
    }
  }
  found.session_token = text.find("AWS_SESSION_TOKEN=IQoJb3JpZ2luX2Vj") != std::string_view::npos;
  return found;
}

}  // namespace rolecall::testing

#include "emulator_generator/decode.h"

#include <regex>
#include <stdexcept>

#include <openssl/evp.h>
#include <zlib.h>

namespace rolecall::emulator::testing {

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
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b;
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

std::string all_layers(std::string_view raw) {
  std::string text = is_gzip(raw) ? gunzip(raw) : std::string(raw);
  std::string out = text;
  if (text.find("encoding: b64") != std::string::npos) {
    static const std::regex content(R"(content: ([A-Za-z0-9+/=]+))");
    for (std::sregex_iterator it(text.begin(), text.end(), content), end; it != end; ++it) {
      out += "\n" + base64_decode((*it)[1].str());
    }
  }
  return out;
}

FoundKeys find_keys(std::string_view text) {
  static const std::regex key_id(R"((?:AKIA|ASIA)[A-Z2-7]{16})");
  static const std::regex secret(
      R"((?:AWS_SECRET_ACCESS_KEY=|aws_secret_access_key[ =]+)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+]))");
  FoundKeys found;
  std::string s(text);
  for (std::sregex_iterator it(s.begin(), s.end(), key_id), end; it != end; ++it) found.key_ids.insert(it->str());
  for (std::sregex_iterator it(s.begin(), s.end(), secret), end; it != end; ++it) found.secrets.insert((*it)[1].str());
  found.session_token = s.find("AWS_SESSION_TOKEN=IQoJb3JpZ2luX2Vj") != std::string::npos;
  return found;
}

}  // namespace rolecall::emulator::testing

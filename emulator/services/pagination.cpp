#include "emulator/services/pagination.h"

#include <charconv>

#include <openssl/crypto.h>

#include "base/sha256.h"

namespace rolecall::emulator {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(std::string_view in) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (i + 1 == in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
  } else if (i + 2 == in.size()) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::string> unbase64url(std::string_view in) {
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (char c : in) {
    const char* p = std::char_traits<char>::find(kB64, 64, c);
    if (!p) return std::nullopt;
    acc = (acc << 6) | static_cast<unsigned>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

std::string mac(const Core& core, std::string_view scope, std::size_t offset) {
  std::string message = std::string(scope) + "\n" + std::to_string(offset);
  const base::Sha256Digest digest = base::hmac_sha256(core.token_key, message);
  return std::string(reinterpret_cast<const char*>(digest.data()), 12);
}

}  // namespace

std::string make_page_token(const Core& core, std::string_view scope, std::size_t offset) {
  std::string payload = std::to_string(offset) + ":" + mac(core, scope, offset);
  return base64url(payload);
}

std::optional<std::size_t> read_page_token(const Core& core, std::string_view scope, std::string_view token) {
  if (token.empty() || token.size() > 256) return std::nullopt;
  auto payload = unbase64url(token);
  if (!payload) return std::nullopt;
  auto colon = payload->find(':');
  if (colon == std::string::npos || colon == 0 || colon > 12) return std::nullopt;
  std::size_t offset = 0;
  auto [ptr, ec] = std::from_chars(payload->data(), payload->data() + colon, offset);
  if (ec != std::errc() || ptr != payload->data() + colon) return std::nullopt;
  std::string expected = mac(core, scope, offset);
  std::string_view got = std::string_view(*payload).substr(colon + 1);
  if (got.size() != expected.size() || CRYPTO_memcmp(got.data(), expected.data(), got.size()) != 0) return std::nullopt;
  return offset;
}

PageWindow page_window(std::size_t total, std::size_t offset, std::size_t limit) {
  PageWindow w;
  w.begin = std::min(offset, total);
  w.end = std::min(total, w.begin + limit);
  w.more = w.end < total;
  return w;
}

}  // namespace rolecall::emulator

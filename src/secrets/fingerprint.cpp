#include "secrets/fingerprint.h"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace rolecall::secrets {

std::string sha256_hex(std::string_view value) {
  // Fetched once: EVP_sha256() does an implicit, lock-taking provider fetch on every call.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (kSha256 == nullptr || EVP_Digest(value.data(), value.size(), digest.data(), &length, kSha256, nullptr) != 1) {
    throw std::runtime_error("EVP_Digest(SHA-256) failed");  // broken invariant: OpenSSL cannot hash
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0x0f]);
  }
  return out;
}

}  // namespace rolecall::secrets

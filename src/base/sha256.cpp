#include "base/sha256.h"

#include <openssl/evp.h>
#include <openssl/params.h>

#include <stdexcept>
#include <string>

namespace rolecall::base {
namespace {

[[noreturn]] void crypto_failure(const char* what) {
  throw std::runtime_error(std::string("OpenSSL ") + what + " failed");  // broken invariant: no recovery
}

// OpenSSL 3's one-shot SHA256()/HMAC()/EVP_sha256() look the algorithm up on every call, which
// costs more than hashing a signing request; each thread keeps its own fetched contexts instead.
struct DigestContext {
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  DigestContext() {
    if (md == nullptr || ctx == nullptr) crypto_failure("SHA-256 setup");
  }
  ~DigestContext() {
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
  }
  DigestContext(const DigestContext&) = delete;
  DigestContext& operator=(const DigestContext&) = delete;
};

struct HmacContext {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* ctx = mac != nullptr ? EVP_MAC_CTX_new(mac) : nullptr;
  HmacContext() {
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0), OSSL_PARAM_construct_end()};
    if (ctx == nullptr || EVP_MAC_CTX_set_params(ctx, params) != 1) crypto_failure("HMAC-SHA256 setup");
  }
  ~HmacContext() {
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
  }
  HmacContext(const HmacContext&) = delete;
  HmacContext& operator=(const HmacContext&) = delete;
};

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

Sha256Digest sha256(std::string_view data) {
  thread_local DigestContext context;
  Sha256Digest out{};
  unsigned int length = 0;
  if (EVP_DigestInit_ex(context.ctx, context.md, nullptr) != 1 ||
      EVP_DigestUpdate(context.ctx, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(context.ctx, out.data(), &length) != 1 || length != out.size()) {
    crypto_failure("SHA-256");
  }
  return out;
}

Sha256Digest hmac_sha256(std::string_view key, std::string_view data) {
  thread_local HmacContext context;
  Sha256Digest out{};
  std::size_t length = 0;
  // A null key would make EVP_MAC_init reuse the previous call's key: an empty one must be "".
  const unsigned char* key_bytes = key.empty() ? bytes("") : bytes(key);
  if (EVP_MAC_init(context.ctx, key_bytes, key.size(), nullptr) != 1 ||
      EVP_MAC_update(context.ctx, bytes(data), data.size()) != 1 ||
      EVP_MAC_final(context.ctx, out.data(), &length, out.size()) != 1 || length != out.size()) {
    crypto_failure("HMAC-SHA256");
  }
  return out;
}

std::string to_hex(const Sha256Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(digest.size() * 2, '0');
  for (std::size_t i = 0; i < digest.size(); ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0x0F];
  }
  return out;
}

std::string sha256_hex(std::string_view data) { return to_hex(sha256(data)); }

}  // namespace rolecall::base

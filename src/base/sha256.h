#pragma once
// SHA-256 and HMAC-SHA256 through OpenSSL 3's EVP interface, with each thread's algorithm
// contexts fetched once: signing, finding fingerprints, CSP hashes and the emulator's ids.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace rolecall::base {

// A raw 32-byte SHA-256 (or HMAC-SHA256) digest.
using Sha256Digest = std::array<unsigned char, 32>;

// The SHA-256 digest of `data`.
Sha256Digest sha256(std::string_view data);

// HMAC-SHA256 of `data` under `key`.
Sha256Digest hmac_sha256(std::string_view key, std::string_view data);

// Lower-case hex of `digest` (64 characters).
std::string to_hex(const Sha256Digest& digest);

// Lower-case hex SHA-256 of `data`: sha256() as to_hex() prints it.
std::string sha256_hex(std::string_view data);

}  // namespace rolecall::base

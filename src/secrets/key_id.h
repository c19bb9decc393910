#pragma once
// AWS unique-identifier classification: which 20-character ids are access key ids.

#include <cstddef>
#include <string_view>

namespace rolecall::secrets {

// Every AWS key/unique id the scanner recognises is this long (prefix + 16).
inline constexpr std::size_t kKeyIdLength = 20;

// What a candidate id is.
enum class KeyIdKind {
  kNotKeyId,    // wrong prefix, alphabet or length
  kCredential,  // an access key id that signs requests: AKIA, ASIA, ABIA, ACCA, legacy A3T?
  kResourceId,  // an IAM unique id of a user, role, group, policy, ... (AIDA, AROA, ...): not a secret
};

// The verdict on one candidate.
struct KeyIdInfo {
  KeyIdKind kind = KeyIdKind::kNotKeyId;
  bool is_example = false;  // an AWS documentation id (contains "EXAMPLE")
};

// Classifies exactly kKeyIdLength characters (the caller checks word boundaries).
KeyIdInfo classify_key_id(std::string_view id);

// True for the characters that may not touch a key id on either side (its word boundary).
constexpr bool is_id_word_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace rolecall::secrets

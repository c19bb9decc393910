#pragma once
// Whether decoded text holds a real AWS credential: a key id (AKIA, ASIA, ABIA, ACCA + 16 base32
// characters), a 40-character secret after a secret-key name, or a session token after a token
// name. AWS documentation examples (EXAMPLE in the id, secrets ending EXAMPLEKEY) do not count.
//
// Independent of src/secrets on purpose (the emulator is the oracle the scanner is tested against).

#include <string>
#include <string_view>
#include <vector>

namespace rolecall::emulator::truth {

// True when `text` holds at least one real (non-example) AWS credential.
bool holds_credential(std::string_view text);

// The real (non-example) long-term key ids (AKIA + 16 base32 characters) in `text`, in order.
std::vector<std::string> long_term_key_ids(std::string_view text);

}  // namespace rolecall::emulator::truth

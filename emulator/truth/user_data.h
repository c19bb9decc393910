#pragma once
// Peels user data into the texts a credential could hide in: base64, gzip (zlib), MIME multipart
// (with base64 / quoted-printable parts) and cloud-config write_files contents (b64, gz+b64).
//
// Deliberately independent of src/secrets: the emulator's truth is the oracle the scanner is
// tested against, so it decodes with its own reading of the formats (see emulator/generator's
// encoders for the same reason).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rolecall::emulator::truth {

// Every decoded text layer of base64 `user_data`; nullopt when it cannot be decoded (bad base64,
// corrupt gzip, or over the size and depth bounds that stop decompression bombs).
std::optional<std::vector<std::string>> decode_user_data(std::string_view user_data);

// Standard base64 (padding optional, whitespace skipped); nullopt when malformed.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace rolecall::emulator::truth

#pragma once
// Recognises ~/.aws/credentials-style INI blocks: a "[profile]" header whose section sets both
// aws_access_key_id and aws_secret_access_key.

#include <cstddef>
#include <optional>
#include <string_view>

namespace rolecall::secrets {

// A credentials block found around an aws_access_key_id line; views point into the scanned text.
struct CredentialsBlock {
  std::size_t header_offset = 0;  // the '[' of the section header
  std::string_view key_id;
  std::string_view secret;
};

// Looks for the block around the line holding `pos` (found through its aws_secret_access_key
// name). Empty unless that line assigns aws_secret_access_key, a section header is above it, and
// the section assigns both a credential aws_access_key_id and a plausible aws_secret_access_key.
std::optional<CredentialsBlock> find_credentials_block(std::string_view text, std::size_t pos);

}  // namespace rolecall::secrets

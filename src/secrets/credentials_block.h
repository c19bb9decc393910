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

// Looks for the block holding the "aws_access_key_id" name that ends at `name_end`. Empty when the
// line is not an INI assignment of a credential key id, there is no section header, or the section
// has no plausible aws_secret_access_key.
std::optional<CredentialsBlock> find_credentials_block(std::string_view text, std::size_t name_end);

}  // namespace rolecall::secrets

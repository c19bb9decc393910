#pragma once
// Bounded zip extraction (libarchive): every regular file of an archive, within a byte budget.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rolecall/error.h"

namespace rolecall::secrets {

// True when `data` starts with a zip local file header or an empty archive's end record ("PK").
bool is_zip(std::string_view data);

// One regular file of an archive.
struct ZipFile {
  std::string name;  // printable ASCII (other bytes become '?'), at most 200 characters
  std::string content;
};

// The regular files of a zip archive, in archive order. Fails with kParse when the archive is
// corrupt or truncated, an entry is encrypted, or the contents together exceed `max_output` bytes.
Result<std::vector<ZipFile>> unzip(std::string_view data, std::size_t max_output);

}  // namespace rolecall::secrets

#pragma once
// Directory walking for scan_files: lists regular files, cuts symlink loops.

#include <string>
#include <vector>

#include "secrets/file_scan.h"

namespace rolecall::secrets {

// Regular files under `roots` (each root may be a file), in walk order. Updates the directory,
// symlink, special-file and unreadable counters of `stats` and appends to `errors`. Fails with
// kInvalidArgument when a root does not exist.
Result<std::vector<std::string>> list_files(const std::vector<std::string>& roots, bool follow_symlinks,
                                            FileScanStats& stats, std::vector<std::string>& errors);

}  // namespace rolecall::secrets

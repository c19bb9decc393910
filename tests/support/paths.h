#pragma once
// Where tests find the source tree, the shared reference data and the build tree.

#include <string>

namespace rolecall::testing {

// The repository root.
inline std::string source_dir() { return ROLECALL_SOURCE_DIR; }
// ../shared beside the repository (spec, SigV4 vectors).
inline std::string shared_dir() { return ROLECALL_SHARED_DIR; }
// The CMake build directory (where rolecall and rolecall-emulator are built).
inline std::string binary_dir() { return ROLECALL_BINARY_DIR; }

}  // namespace rolecall::testing

#pragma once
// Reading the official SigV4 test vectors in place (../shared/testdata/sigv4, see SOURCE.md there).

#include <filesystem>
#include <string>
#include <vector>

#include "aws/http/transport.h"

namespace rolecall::testing::sigv4 {

// ${ROLECALL_SHARED_DIR}/testdata/sigv4: the environment variable wins over the build-time path.
std::filesystem::path vectors_dir();

// The exact bytes of `path`; fails the current test (and returns "") when it cannot be read.
std::string read_file(const std::filesystem::path& path);

// A raw HTTP/1.1 request as the suites write it: the request line, "Name:value" lines where a
// line starting with whitespace continues the previous value (kept as "\n" + line), an empty
// line, then the body. The URL is "http://<Host header><request target>", as the emulator builds it.
aws::HttpRequest parse_raw_request(const std::string& text);

// The request target ("/path?query") of a raw request's first line.
std::string request_target(const std::string& text);

// Case folders under `root` (relative paths, sorted) that hold a file named `marker`, or, when
// `marker` starts with '.', a file "<folder name><marker>".
std::vector<std::string> case_dirs(const std::filesystem::path& root, const std::string& marker);

// `name` with every character that is not a letter or digit replaced by '_' (a GoogleTest name).
std::string test_name(const std::string& name);

}  // namespace rolecall::testing::sigv4

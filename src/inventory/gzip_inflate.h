#pragma once
// gzip decompression for trail log files, with ISA-L's igzip (the fastest of zlib, libdeflate and
// ISA-L on these files: docs/benchmarks.md, "Trail files"). Multi-member files are read whole.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "rolecall/error.h"

namespace rolecall::inventory {

// Whether `bytes` start with the gzip magic (1f 8b).
bool is_gzip(std::string_view bytes);

// One thread's decompressor (its state is reused from file to file).
class GzipInflater {
 public:
  GzipInflater();
  ~GzipInflater();
  GzipInflater(const GzipInflater&) = delete;
  GzipInflater& operator=(const GzipInflater&) = delete;

  // Decompresses every member of `gz` into `out` (replacing it), keeping `padding` bytes of
  // capacity past the end (simdjson reads ahead). kParse "truncated gzip data", "corrupt gzip
  // data (...)" or "decompressed data exceeds N bytes" past `limit`; never reads outside `gz`.
  Result<void> inflate(std::string_view gz, std::string& out, std::size_t limit, std::size_t padding);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace rolecall::inventory

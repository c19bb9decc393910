#include "secrets/pattern_db.h"

#include <hs/hs.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

namespace rolecall::secrets {
namespace {

// Id prefixes are plain literals: the 16 characters after them are checked by the verifier.
// (The full "(prefix)[A-Z0-9]{16}" expression takes ~0.8 s to compile; literals take 1 ms and
// scan as fast.) Name patterns expand to a few long literals and are verified by parsing forward
// from the match end. Short or common anchors ("aws...", "aws_access_key_id") are left out on
// purpose: each one halved the scan rate on ordinary text (measured in docs/secrets.md).
constexpr std::array<const char*, 4> kExpressions{
    "AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|ASCA",
    "secret[_.\\-]?(?:access[_.\\-]?)?key",
    "(?:session|security)[_.\\-]?token",
    "A3T",
};
constexpr std::array<unsigned, 4> kFlags{0, HS_FLAG_CASELESS, HS_FLAG_CASELESS, 0};
constexpr std::array<unsigned, 4> kIds{0, 1, 2, 3};

struct Database {
  hs_database_t* db = nullptr;
  Database() {
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(kExpressions.data(), kFlags.data(), kIds.data(), kExpressions.size(), HS_MODE_BLOCK, nullptr,
                         &db, &error) != HS_SUCCESS) {
      const std::string message = error != nullptr && error->message != nullptr ? error->message : "unknown";
      hs_free_compile_error(error);
      // The expressions are constants: failing here is a bug or a CPU without SSSE3.
      throw std::logic_error("hyperscan: cannot compile credential patterns: " + message);
    }
  }
  ~Database() { hs_free_database(db); }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
};

const Database& database() {
  static const Database instance;
  return instance;
}

struct Scratch {
  hs_scratch_t* scratch = nullptr;
  Scratch() {
    if (hs_alloc_scratch(database().db, &scratch) != HS_SUCCESS) throw std::bad_alloc();
  }
  ~Scratch() { hs_free_scratch(scratch); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

struct Sink {
  std::vector<Candidate>* out;
  std::size_t base;
};

int on_match(unsigned int id, unsigned long long /*from*/, unsigned long long to, unsigned int /*flags*/,
             void* context) {
  auto* sink = static_cast<Sink*>(context);
  sink->out->push_back({static_cast<PatternId>(id), sink->base + static_cast<std::size_t>(to)});
  return 0;
}

// hs_scan takes a 32-bit length; larger buffers go in overlapping chunks.
constexpr std::size_t kChunk = std::size_t{1} << 30;
constexpr std::size_t kOverlap = 4096;  // longer than any pattern match

}  // namespace

void find_candidates(std::string_view text, std::vector<Candidate>& out) {
  if (text.empty()) return;  // hs_scan rejects a null buffer, which an empty view may hold
  thread_local Scratch scratch;
  const std::size_t first = out.size();
  std::size_t base = 0;
  while (true) {
    const std::size_t length = std::min(kChunk, text.size() - base);
    Sink sink{&out, base};
    const hs_error_t rc = hs_scan(database().db, text.data() + base, static_cast<unsigned int>(length), 0,
                                  scratch.scratch, on_match, &sink);
    if (rc != HS_SUCCESS) throw std::runtime_error("hyperscan: hs_scan failed with code " + std::to_string(rc));
    if (base + length >= text.size()) break;
    base += length - kOverlap;
  }
  const auto begin = out.begin() + static_cast<std::ptrdiff_t>(first);
  std::sort(begin, out.end(), [](const Candidate& a, const Candidate& b) {
    return a.end != b.end ? a.end < b.end : a.pattern < b.pattern;
  });
  out.erase(
      std::unique(begin, out.end(),
                  [](const Candidate& a, const Candidate& b) { return a.end == b.end && a.pattern == b.pattern; }),
      out.end());
}

}  // namespace rolecall::secrets

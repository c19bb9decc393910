#pragma once
// Small line-navigation helpers over a text buffer (no allocation).

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string_view>

#if defined(__x86_64__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rolecall::secrets {

// Offset of the first byte of the line holding `pos`.
inline std::size_t line_begin(std::string_view text, std::size_t pos) {
  const std::size_t nl = pos == 0 ? std::string_view::npos : text.rfind('\n', pos - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

// Offset of the '\n' ending the line holding `pos` (or text.size()).
inline std::size_t line_end(std::string_view text, std::size_t pos) {
  const std::size_t nl = text.find('\n', pos);
  return nl == std::string_view::npos ? text.size() : nl;
}

// `s` without leading and trailing spaces, tabs and carriage returns.
inline std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Number of '\n' bytes in [begin, end): 16 bytes per step where SSE2 exists (line numbers of
// findings deep in large files must not cost more than the scan itself).
#if defined(__x86_64__)
// The AVX2 twin of the SSE2 loop below: 32 bytes per step.
__attribute__((target("avx2"))) inline std::size_t count_newlines_avx2(const char*& begin, const char* end) {
  std::size_t n = 0;
  const __m256i newline = _mm256_set1_epi8('\n');
  while (end - begin >= 32) {
    __m256i lanes = _mm256_setzero_si256();
    for (int step = 0; step < 255 && end - begin >= 32; ++step, begin += 32) {
      __m256i chunk;
      std::memcpy(&chunk, begin, sizeof chunk);
      lanes = _mm256_sub_epi8(lanes, _mm256_cmpeq_epi8(chunk, newline));
    }
    const __m256i sums = _mm256_sad_epu8(lanes, _mm256_setzero_si256());
    n += static_cast<std::size_t>(_mm256_extract_epi64(sums, 0) + _mm256_extract_epi64(sums, 1) +
                                  _mm256_extract_epi64(sums, 2) + _mm256_extract_epi64(sums, 3));
  }
  return n;
}
#endif

inline std::size_t count_newlines(const char* begin, const char* end) {
  std::size_t n = 0;
#if defined(__x86_64__)
  static const bool kHasAvx2 = __builtin_cpu_supports("avx2");
  if (kHasAvx2) n += count_newlines_avx2(begin, end);
#endif
#if defined(__SSE2__)
  // cmpeq yields -1 per newline byte; subtracting accumulates per-lane counts, which are folded
  // with a sum of absolute differences before a lane could overflow (255 steps).
  const __m128i newline = _mm_set1_epi8('\n');
  while (end - begin >= 16) {
    __m128i lanes = _mm_setzero_si128();
    for (int step = 0; step < 255 && end - begin >= 16; ++step, begin += 16) {
      __m128i chunk;
      std::memcpy(&chunk, begin, sizeof chunk);
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(chunk, newline));
    }
    const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    n += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) + static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
  }
#endif
  for (; begin < end; ++begin) n += *begin == '\n' ? 1 : 0;
  return n;
}

// Counts line numbers for offsets queried in increasing order, in one pass over the text.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  // 1-based line of `offset`; offsets must not decrease between calls.
  std::size_t line_of(std::size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset > pos_) {
      line_ += count_newlines(text_.data() + pos_, text_.data() + offset);
      pos_ = offset;
    }
    return line_;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace rolecall::secrets

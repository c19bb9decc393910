#pragma once
// The lookup behind the trail readers' per-thread tables (inventory/trail_aggregate.cpp): a hash of
// a record's grouping fields and a flat, open-addressed index from it to the table's entry, so a
// record costs one hash of its fields and, mostly, one probe: no key string is built and no node is
// allocated per entry.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

namespace rolecall::inventory {

// A 64-bit hash of `parts` as a sequence (("ab","c") and ("a","bc") differ). Not seeded: for one
// process's tables, not for anything stored.
inline std::uint64_t trail_fields_hash(std::initializer_list<std::string_view> parts) {
  constexpr std::uint64_t kMul = 0x9fb21c651e98df25ULL;
  std::uint64_t h = 0x9e3779b97f4a7c15ULL;
  auto mix = [&](std::uint64_t word) {
    h = (h ^ word) * kMul;
    h ^= h >> 29;
  };
  for (std::string_view part : parts) {
    const char* p = part.data();
    std::size_t n = part.size();
    for (; n >= 8; p += 8, n -= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      mix(word);
    }
    std::uint64_t tail = 0;
    if (n > 0) std::memcpy(&tail, p, n);
    mix(tail ^ (static_cast<std::uint64_t>(part.size()) << 56));
  }
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ULL;
  h ^= h >> 32;
  return h;
}

// Positions 0, 1, 2... of a table's entries (kept by the caller, in the order they were added)
// found by their hash; the caller confirms a candidate is its entry.
class TrailIndex {
 public:
  // {position, false} of the entry with `hash` for which `same(position)` holds; when there is
  // none, {the number of entries so far, true}: the caller then appends that entry.
  template <class Same>
  std::pair<std::uint32_t, bool> find_or_add(std::uint64_t hash, Same&& same) {
    if ((entries_ + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.position == 0) {
        s = {hash, ++entries_};
        return {entries_ - 1, true};
      }
      if (s.hash == hash && same(s.position - 1)) return {s.position - 1, false};
    }
  }

  // Forgets every entry.
  void clear() {
    slots_.clear();
    entries_ = 0;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t position = 0;  // the entry's position + 1; 0: empty
  };

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.position == 0) continue;
      std::size_t i = s.hash & mask;
      while (slots_[i].position != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  std::uint32_t entries_ = 0;
};

}  // namespace rolecall::inventory

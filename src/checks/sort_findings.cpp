// Sorting findings into report order without copying them (they are ~0.5 KB each, 100k+ of them).
#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <string_view>
#include <tuple>
#include <utility>

#include "checks/registry.h"

namespace rolecall::checks {
namespace {

// A finding's place inside its bucket: the first bytes of the resource id as big-endian words
// (so they compare as the string does), its length, the check's rank and the original position.
struct SortKey {
  static constexpr std::size_t kHeadBytes = 24;  // an instance id is 19
  std::array<std::uint64_t, 3> head{};
  std::uint32_t length = 0;
  std::uint32_t check_rank = 0;
  std::size_t index = 0;

  static SortKey of(std::string_view resource, std::uint32_t check_rank, std::size_t index) {
    SortKey k;
    for (std::size_t i = 0; i < std::min(resource.size(), kHeadBytes); ++i) {
      k.head[i / 8] |= static_cast<std::uint64_t>(static_cast<unsigned char>(resource[i])) << (56 - 8 * (i % 8));
    }
    k.length = static_cast<std::uint32_t>(std::min<std::size_t>(resource.size(), UINT32_MAX));
    k.check_rank = check_rank;
    k.index = index;
    return k;
  }
};

}  // namespace

// Through an index permutation: a temporary copy of 100k+ findings would be ~100 MB.
// Findings come in runs of one account and region (each check walks the regions in turn), so
// they are first bucketed by region, then sorted within each by resource and check only.
void sort_findings(std::vector<Finding>& findings) {
  const std::size_t n = findings.size();
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> groups;  // -> first-seen id
  std::vector<std::size_t> group(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Finding& f = findings[i];
    if (i > 0 && f.account_id == findings[i - 1].account_id && f.region == findings[i - 1].region) {
      group[i] = group[i - 1];
    } else {
      group[i] =
          groups.emplace(std::make_pair(std::string_view(f.account_id), std::string_view(f.region)), groups.size())
              .first->second;
    }
  }
  // Bucket starts in (account, region) order, then a counting sort into them (stable).
  std::vector<std::size_t> start(groups.size() + 1, 0);
  {
    std::vector<std::size_t> rank(groups.size());
    std::size_t r = 0;
    for (const auto& [key, id] : groups) rank[id] = r++;
    for (auto& g : group) g = rank[g];
  }
  for (auto g : group) ++start[g + 1];
  for (std::size_t g = 1; g < start.size(); ++g) start[g] += start[g - 1];
  std::vector<std::size_t> order(n);
  {
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < n; ++i) order[fill[group[i]]++] = i;
  }
  // Within a bucket the order is (resource, check, original position), compared on a compact key
  // first: comparing the findings themselves missed the cache on every step.
  std::map<std::string_view, std::uint32_t> check_rank;
  for (std::size_t i = 0; i < n; ++i) {
    if (i == 0 || findings[i].check_id != findings[i - 1].check_id) check_rank.try_emplace(findings[i].check_id, 0);
  }
  {
    std::uint32_t r = 0;
    for (auto& [id, rank] : check_rank) rank = r++;
  }
  std::vector<SortKey> keys(n);
  {
    std::string_view last_check;
    std::uint32_t last_rank = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const Finding& f = findings[order[i]];
      if (i == 0 || f.check_id != last_check) {
        last_check = f.check_id;
        last_rank = check_rank.find(last_check)->second;
      }
      keys[i] = SortKey::of(f.resource_id, last_rank, order[i]);
    }
  }
  for (std::size_t g = 0; g + 1 < start.size(); ++g) {
    std::sort(keys.begin() + static_cast<std::ptrdiff_t>(start[g]),
              keys.begin() + static_cast<std::ptrdiff_t>(start[g + 1]), [&](const SortKey& a, const SortKey& b) {
                if (a.head != b.head) return a.head < b.head;
                if (a.length > SortKey::kHeadBytes || b.length > SortKey::kHeadBytes) {
                  int c = std::string_view(findings[a.index].resource_id).compare(findings[b.index].resource_id);
                  if (c != 0) return c < 0;
                } else if (a.length != b.length) {
                  return a.length < b.length;
                }
                return std::tie(a.check_rank, a.index) < std::tie(b.check_rank, b.index);
              });
  }
  for (std::size_t i = 0; i < n; ++i) order[i] = keys[i].index;
  keys = {};
  // findings[i] becomes the old findings[order[i]]: follow each cycle once.
  for (std::size_t i = 0; i < n; ++i) {
    if (order[i] == i) continue;
    Finding held = std::move(findings[i]);
    std::size_t j = i;
    while (order[j] != i) {
      std::size_t next = order[j];
      findings[j] = std::move(findings[next]);
      order[j] = j;
      j = next;
    }
    findings[j] = std::move(held);
    order[j] = j;
  }
}

}  // namespace rolecall::checks

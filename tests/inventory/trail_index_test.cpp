// inventory::TrailIndex and trail_fields_hash: the lookup of the trail readers' per-thread tables.
#include "inventory/trail_index.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rolecall::inventory {
namespace {

TEST(TrailFieldsHash, SeparatesItsPartsAndReadsEveryByte) {
  EXPECT_EQ(trail_fields_hash({"AKIAEXAMPLE", "us-east-1"}), trail_fields_hash({"AKIAEXAMPLE", "us-east-1"}));
  EXPECT_NE(trail_fields_hash({"ab", "c"}), trail_fields_hash({"a", "bc"}));
  EXPECT_NE(trail_fields_hash({"abc", ""}), trail_fields_hash({"abc"}));
  EXPECT_NE(trail_fields_hash({"i-0123456789abcdef0"}), trail_fields_hash({"i-0123456789abcdef1"}));
  EXPECT_NE(trail_fields_hash({"10.0.0.1"}), trail_fields_hash({"10.0.0.2"}));
}

TEST(TrailIndex, FindsEachEntryAgainAcrossGrowth) {
  TrailIndex index;
  std::vector<std::string> entries;
  auto find = [&](const std::string& name) {
    auto [at, fresh] =
        index.find_or_add(trail_fields_hash({name}), [&](std::uint32_t i) { return entries[i] == name; });
    if (fresh) {
      EXPECT_EQ(at, entries.size());
      entries.push_back(name);
    }
    return std::pair{at, fresh};
  };
  for (int i = 0; i < 5000; ++i) EXPECT_TRUE(find("i-" + std::to_string(i)).second);
  for (int i = 0; i < 5000; ++i) {
    auto [at, fresh] = find("i-" + std::to_string(i));
    EXPECT_FALSE(fresh);
    EXPECT_EQ(entries[at], "i-" + std::to_string(i));
  }
  EXPECT_EQ(entries.size(), 5000u);
}

TEST(TrailIndex, EntriesWithTheSameHashStayApart) {
  TrailIndex index;
  std::vector<std::string> entries;
  auto find = [&](const std::string& name) {  // every entry collides: only `same` tells them apart
    auto [at, fresh] = index.find_or_add(42, [&](std::uint32_t i) { return entries[i] == name; });
    if (fresh) entries.push_back(name);
    return at;
  };
  EXPECT_EQ(find("a"), 0u);
  EXPECT_EQ(find("b"), 1u);
  EXPECT_EQ(find("c"), 2u);
  EXPECT_EQ(find("b"), 1u);
  EXPECT_EQ(find("a"), 0u);
  index.clear();
  entries.clear();
  EXPECT_EQ(find("c"), 0u) << "cleared: positions start again";
}

}  // namespace
}  // namespace rolecall::inventory

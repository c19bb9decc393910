// --shard I/N: parsing, the stable assignment of an account to its share, and the balance of the
// shares over many accounts.
#include "inventory/shard.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <fmt/format.h>

namespace rolecall::inventory {
namespace {

TEST(Shard, ParsesIOfN) {
  auto shard = parse_shard("3/8");
  ASSERT_TRUE(shard);
  EXPECT_EQ(shard->index, 3u);
  EXPECT_EQ(shard->count, 8u);
  EXPECT_TRUE(parse_shard("0/1"));
  for (const char* bad : {"", "3", "8/8", "9/8", "0/0", "-1/4", "1/4x", " 1/4", "1/", "/4", "0/5000", "a/b"}) {
    auto r = parse_shard(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(r.error().message.find(std::string("--shard ") + bad + ":"), std::string::npos) << r.error().message;
  }
}

// The assignment never changes between versions or machines: workers of one schedule on different
// rolecall versions still split an organization the same way.
TEST(Shard, AnAccountsShareIsFixed) {
  EXPECT_EQ(shard_of("123456789012", 4), shard_of("123456789012", 4));
  EXPECT_EQ(shard_of("123456789012", 1), 0u);
  // FNV-1a 64 of the digits, modulo N: golden values.
  EXPECT_EQ(shard_of("123456789012", 4), 0x9684504508e47147ULL % 4);
  EXPECT_EQ(shard_of("111122223333", 7), 0xae529f9fa9ff25adULL % 7);
  EXPECT_TRUE(in_shard("111122223333", Shard{}));
}

TEST(Shard, SharesAreBalanced) {
  constexpr std::size_t kAccounts = 4000, kShares = 8;
  std::vector<std::size_t> sizes(kShares);
  for (std::size_t i = 0; i < kAccounts; ++i) {
    const std::string id = fmt::format("{:012}", 100000000000ULL + i * 7919);
    std::size_t in = 0;
    for (std::size_t s = 0; s < kShares; ++s) in += in_shard(id, Shard{s, kShares}) ? 1 : 0;
    EXPECT_EQ(in, 1u) << id << " is in exactly one share";
    ++sizes[shard_of(id, kShares)];
  }
  for (std::size_t s = 0; s < kShares; ++s) {
    EXPECT_GT(sizes[s], kAccounts / kShares * 8 / 10) << "share " << s;
    EXPECT_LT(sizes[s], kAccounts / kShares * 12 / 10) << "share " << s;
  }
}

}  // namespace
}  // namespace rolecall::inventory

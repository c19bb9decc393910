// The generated estate's networking: realistic, consistent, deterministic, and built from its own
// random stream so that the instances and the ground truth of existing seeds do not change.

#include <map>
#include <set>

#include <gtest/gtest.h>

#include "base/sha256.h"
#include "emulator/estate/estate_io.h"
#include "emulator_generator/fixtures.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

// SHA-256 of truth.dump() as the generator gave it before networking existed (commit ce30180).
TEST(GeneratorNetwork, GroundTruthOfExistingSeedsIsUnchanged) {
  EXPECT_EQ(base::sha256_hex(generate("accounts=3,regions=2,instances=300,seed=7").truth.dump()),
            "9aecbe75c6a19f0d6a6631b5d118db9e7e946bb1812356d3b1cfd185c0ab80c7");
  EXPECT_EQ(base::sha256_hex(generate("accounts=4,regions=3,instances=1000,seed=42").truth.dump()),
            "99bb75e62da687af6275087821ea7a9789bd04c7847f9dd4a58aede680085f18");
}

TEST(GeneratorNetwork, AddressesAreConsistentAndReservationsGroupInstances) {
  auto g = generate("accounts=3,regions=3,instances=2000,seed=5");
  auto loaded = load_estate_json(g.estate);
  ASSERT_TRUE(loaded) << loaded.error().message;
  std::set<std::string> public_ips;
  std::map<std::string, int> reservation_sizes;
  int in_private = 0, with_eip = 0, in_default = 0;
  for (const auto& account : loaded->accounts) {
    for (const auto& [region, data] : account.regions) {
      for (const auto& nat : data.nat_gateways) EXPECT_TRUE(public_ips.insert(nat.public_ip).second);
      std::map<std::string, std::set<std::string>> private_ips;  // per VPC
      for (const auto& in : data.instances) {
        const Subnet* subnet = data.find_subnet(in.subnet_id);
        ASSERT_NE(subnet, nullptr) << in.id;
        EXPECT_EQ(subnet->availability_zone, in.availability_zone);
        EXPECT_TRUE(private_ips[in.vpc_id].insert(in.private_ip).second) << in.private_ip;
        ++reservation_sizes[in.reservation_id];
        if (!in.public_ip.empty()) {
          EXPECT_TRUE(public_ips.insert(in.public_ip).second) << in.public_ip;
        }
        with_eip += !in.eip_allocation_id.empty();
        in_default += subnet->is_default;
        if (!subnet->is_public) {
          ++in_private;
          EXPECT_TRUE(in.public_ip.empty()) << in.id;
          // Private instances leave through their subnet's NAT gateway.
          EXPECT_EQ(egress_ip(data, in), data.find_nat_gateway(subnet->nat_gateway)->public_ip);
        }
      }
    }
  }
  int multi = 0;
  for (const auto& [id, size] : reservation_sizes) multi += size > 1;
  EXPECT_GT(multi, 50);
  EXPECT_GT(in_private, 800);
  EXPECT_GT(with_eip, 10);
  EXPECT_GT(in_default, 50);
}

TEST(GeneratorNetwork, AccountsGetVpcsSubnetsNatGatewaysAndGroups) {
  auto g = generate("accounts=2,regions=2,instances=40,seed=3");
  for (const auto& account : g.estate["accounts"]) {
    EXPECT_EQ(account["vpcs"].size(), 2u);  // one per region
    EXPECT_EQ(account["subnets"].size(), 12u);
    EXPECT_EQ(account["nat_gateways"].size(), 6u);
    EXPECT_EQ(account["security_groups"].size(), 4u);
    for (const auto& instance : account["instances"]) EXPECT_TRUE(instance.contains("reservation"));
  }
}

}  // namespace
}  // namespace rolecall::emulator

// collect writes what AWS answered even when a response string is not valid UTF-8 (a tag value, a
// policy document): the invalid bytes are replaced, the collection is written and reads back.
// Before base::json_text, nlohmann threw type_error 316 and the process aborted.
#include "inventory/offline_store.h"
#include "support/temp_dir.h"

#include <gtest/gtest.h>

namespace rolecall::inventory {
namespace {

TEST(CollectInvalidUtf8, IsReplacedAndTheCollectionReadsBack) {
  testing::TempDir dir("rolecall-utf8");
  const std::string account_id = "111111111111";
  Inventory inventory;
  AccountInventory account;
  account.account_id = account_id;
  account.iam_collected = true;
  Role role;
  role.arn = "arn:aws:iam::111111111111:role/web";
  role.name = "web";
  role.trust_policy = "{\"Sid\": \"\xff\"}";
  account.roles.push_back(role);
  account.build_index();
  inventory.accounts[account_id] = account;
  RegionInventory region;
  region.account_id = account_id;
  region.region = "us-east-1";
  Instance instance;
  instance.id = "i-0123456789abcdef0";
  instance.account_id = account_id;
  instance.region = "us-east-1";
  instance.state = "running";
  instance.tags.push_back({"Name", std::string("web-\xff\xfe-1")});
  region.instances.push_back(instance);
  inventory.regions.push_back(region);

  base::SystemEnv env;
  const std::string out = (dir.path() / "inv").string();
  auto written = write_inventory_dir(env, inventory, out, CollectMetadata{});
  ASSERT_TRUE(written) << written.error().message;

  auto read = read_inventory_dir(env, out);
  ASSERT_TRUE(read) << read.error().message;
  ASSERT_EQ(read->regions.size(), 1u);
  ASSERT_EQ(read->regions[0].instances.size(), 1u);
  ASSERT_EQ(read->regions[0].instances[0].tags.size(), 1u);
  EXPECT_EQ(read->regions[0].instances[0].tags[0].value, "web-\xEF\xBF\xBD\xEF\xBF\xBD-1");
  EXPECT_EQ(read->accounts.at(account_id).roles.at(0).trust_policy, "{\"Sid\": \"\xEF\xBF\xBD\"}");
}

}  // namespace
}  // namespace rolecall::inventory

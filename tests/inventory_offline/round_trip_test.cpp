// collect → files → scan --from gives exactly the live scan's findings; the directory is private;
// damaged collections are rejected naming the file.
#include <sys/stat.h>

#include "checks/registry.h"
#include "inventory/offline_load.h"
#include "inventory/offline_store.h"
#include "inventory_offline/offline_fixture.h"
#include "support/fake_env.h"

namespace rolecall::inventory {
namespace {

using namespace rolecall::testing;

namespace fs = std::filesystem;

class RoundTrip : public OfflineTest {
 protected:
  // Collects the emulator's organization into dir_/inv and returns the live findings of the same estate.
  ScanResult collect_and_scan_live() {
    auto s = session();
    EXPECT_TRUE(s);
    if (!s) return {};
    ScanOptions options;
    options.scope.org = true;
    // Offline inputs carry no key lookups (docs/offline.md): compare with a live scan without them.
    options.key_intel = false;
    auto live = rolecall::scan(*s, options);
    EXPECT_TRUE(live) << live.error().describe();
    rolecall::CollectOptions collect_options;
    collect_options.scope = options.scope;
    collect_options.out = (dir_ / "inv").string();
    collect_options.tool_version = "test";
    auto collected = rolecall::collect(*s, collect_options);
    EXPECT_TRUE(collected) << collected.error().describe();
    return live ? *live : ScanResult{};
  }
  ScanResult offline(const std::vector<std::string>& inputs, const std::string& region = "") {
    OfflineScanOptions options;
    options.from = inputs;
    options.fallback_region = region;
    auto result = rolecall::scan_offline(*env_, options);
    EXPECT_TRUE(result) << result.error().describe();
    return result ? *result : ScanResult{};
  }
};

TEST_F(RoundTrip, OfflineScanEqualsLiveScan) {
  emulator::GeneratorSpec spec;
  spec.accounts = 3;
  spec.regions = 2;
  spec.instances = 90;
  spec.seed = 21;
  start_emulator(spec);
  ScanResult live = collect_and_scan_live();
  ASSERT_FALSE(live.findings.empty());
  ScanResult off = offline({(dir_ / "inv").string()});
  ASSERT_EQ(off.findings.size(), live.findings.size());
  std::size_t fails = 0;
  for (std::size_t i = 0; i < live.findings.size(); ++i) {
    const Finding& a = live.findings[i];
    const Finding& b = off.findings[i];
    EXPECT_EQ(key_of(a), key_of(b));
    EXPECT_EQ(a.status, b.status) << a.resource_id << " " << a.check_id;
    EXPECT_EQ(a.message, b.message) << a.resource_id << " " << a.check_id;
    EXPECT_EQ(a.severity, b.severity);
    EXPECT_EQ(a.evidence.location, b.evidence.location);
    EXPECT_EQ(a.evidence.fingerprint, b.evidence.fingerprint);
    fails += a.status == Status::kFail ? 1 : 0;
  }
  EXPECT_GT(fails, 0u);  // the estate has every failure kind: the comparison is not vacuous
  EXPECT_EQ(off.stats.accounts, live.stats.accounts);
  EXPECT_EQ(off.stats.regions, live.stats.regions);
  EXPECT_EQ(off.stats.instances, live.stats.instances);
  EXPECT_EQ(off.stats.launch_templates, live.stats.launch_templates);
}

TEST_F(RoundTrip, DirectoryAndFilesArePrivate) {
  emulator::GeneratorSpec spec;
  spec.accounts = 1;
  spec.regions = 1;
  spec.instances = 5;
  spec.seed = 2;
  start_emulator(spec);
  collect_and_scan_live();
  std::size_t files = 0;
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "inv").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  for (const auto& entry : fs::recursive_directory_iterator(dir_ / "inv")) {
    ASSERT_EQ(::stat(entry.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, entry.is_directory() ? 0700u : 0600u) << entry.path();
    files += entry.is_regular_file() ? 1 : 0;
  }
  EXPECT_GE(files, 3u);  // manifest, iam, one region
  // A second collection never mixes into an existing one.
  Inventory empty;
  auto again = write_inventory_dir(*env_, empty, (dir_ / "inv").string(), {});
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("not empty"), std::string::npos);
}

TEST_F(RoundTrip, TruncatedRegionFileIsRejectedNamingIt) {
  emulator::GeneratorSpec spec;
  spec.accounts = 1;
  spec.regions = 1;
  spec.instances = 8;
  spec.seed = 9;
  start_emulator(spec);
  collect_and_scan_live();
  fs::path region_file;
  for (const auto& entry : fs::recursive_directory_iterator(dir_ / "inv")) {
    if (entry.path().filename() != "iam.json" && entry.path().filename() != "manifest.json" &&
        entry.is_regular_file()) {
      region_file = entry.path();
    }
  }
  ASSERT_FALSE(region_file.empty());
  std::string text = read_file(region_file);
  write_file(region_file, text.substr(0, text.size() / 2));
  auto loaded = load_offline(*env_, {(dir_ / "inv").string()}, "");
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find(region_file.string()), std::string::npos) << loaded.error().message;
  EXPECT_NE(loaded.error().message.find("truncated"), std::string::npos) << loaded.error().message;
}

TEST_F(RoundTrip, MissingKeyIsNamedWithItsPath) {
  emulator::GeneratorSpec spec;
  spec.accounts = 1;
  spec.regions = 1;
  spec.instances = 6;
  spec.seed = 4;
  start_emulator(spec);
  collect_and_scan_live();
  // Edit one region file consistently (valid JSON, manifest size updated) but drop an instance id.
  auto manifest = nlohmann::json::parse(read_file(dir_ / "inv/manifest.json"));
  auto& entry = manifest["regions"][0];
  fs::path file = dir_ / "inv" / entry["file"].get<std::string>();
  auto doc = nlohmann::json::parse(read_file(file));
  ASSERT_FALSE(doc["instances"].empty());
  doc["instances"][0].erase("id");
  std::string text = doc.dump();
  write_file(file, text);
  entry["bytes"] = text.size();
  write_file(dir_ / "inv/manifest.json", manifest.dump());
  auto loaded = load_offline(*env_, {(dir_ / "inv").string()}, "");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().message, file.string() + ": instances[0].id: missing key");
}

TEST_F(RoundTrip, FilesWithoutTheirManifestAreNotAuditedAsSomethingElse) {
  emulator::GeneratorSpec spec;
  spec.accounts = 1;
  spec.regions = 1;
  spec.instances = 3;
  spec.seed = 1;
  start_emulator(spec);
  collect_and_scan_live();
  fs::remove(dir_ / "inv/manifest.json");
  std::string account;
  for (const auto& e : fs::directory_iterator(dir_ / "inv")) account = e.path().filename().string();
  auto loaded = load_offline(*env_, {(dir_ / "inv" / account).string()}, "");
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("no manifest.json"), std::string::npos) << loaded.error().message;
}

TEST(OfflineStore, UncollectedLaunchTemplatesAreErrorsNotPasses) {
  Inventory inv;
  RegionInventory r;
  r.account_id = "123456789012";
  r.region = "us-east-1";
  inv.regions.push_back(r);          // launch templates neither collected nor failed
  rolecall::testing::FakeEnv files;  // the round trip stays in memory
  ASSERT_TRUE(write_inventory_dir(files, inv, "/inv", {}));
  auto loaded = load_offline(files, {"/inv"}, "");
  ASSERT_TRUE(loaded) << loaded.error().describe();
  auto out = checks::run_checks(*loaded, {&checks::launch_template_no_keys_check()}, {});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status, Status::kError);
  EXPECT_NE(out[0].message.find("not collected"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::inventory

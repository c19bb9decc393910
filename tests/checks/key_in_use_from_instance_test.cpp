// key-in-use-from-instance: CloudTrail uses of a key traced to instances by address (checks/key_use_match.h).
#include <gtest/gtest.h>

#include "checks/key_use_match.h"
#include "checks/registry.h"
#include "fixture.h"

namespace rolecall::testing {
namespace {

constexpr const char* kKey = "AKIAQWERTYUIOPASDFGH";

Instance instance(const std::string& id, const std::string& subnet, const std::string& private_ip,
                  const std::string& public_ip = "") {
  Instance i;
  i.id = id;
  i.account_id = kAccount;
  i.region = "us-east-1";
  i.state = "running";
  i.vpc_id = "vpc-1";
  i.subnet_id = subnet;
  i.private_ip = private_ip;
  i.public_ip = public_ip;
  return i;
}

KeyUse use(const std::string& source, const std::string& endpoint = "", const std::string& region = "us-east-1") {
  KeyUse u;
  u.key_id = kKey;
  u.owner_account = kAccount;
  u.user = "legacy-deploy";
  u.region = region;
  u.source_ip = source;
  u.vpc_endpoint_id = endpoint;
  u.events = 3;
  u.first_seen = "2026-11-01T00:00:00Z";
  u.last_seen = "2026-12-01T00:00:00Z";
  u.event_names = {"GetObject", "PutObject"};
  u.user_agents = {"aws-cli/2.15.0"};
  return u;
}

// One region: i-public (54.0.0.1), i-nat-a and i-nat-b behind nat-1 (198.18.0.9) through the main
// table, i-direct in a subnet whose own table has no NAT route, i-endpoint reached by private IP.
struct Estate {
  Inventory inventory;
  Estate() {
    inventory.regions.push_back({});
    RegionInventory& r = inventory.regions.back();
    r.account_id = kAccount;
    r.region = "us-east-1";
    r.egress_collected = true;
    r.instances = {instance("i-public", "subnet-pub", "10.0.0.5", "54.0.0.1"),
                   instance("i-nat-a", "subnet-priv", "10.0.1.5"), instance("i-nat-b", "subnet-priv", "10.0.1.6"),
                   instance("i-direct", "subnet-own", "10.0.2.5"), instance("i-endpoint", "subnet-own", "10.0.2.9")};
    r.egress.nat_gateways = {{"nat-1", "vpc-1", {"198.18.0.9"}}};
    r.egress.main_nat["vpc-1"] = "nat-1";
    r.egress.subnet_nat["subnet-own"] = "";  // its own table: no NAT route, the main one does not apply
    r.egress.subnet_nat["subnet-pub"] = "";
    inventory.key_evidence.collected = true;
    inventory.key_evidence.keys_looked_up = 1;
    KeyIntel intel;
    intel.state = KeyState::kActive;
    intel.owner_account = kAccount;
    intel.in_scope = true;
    intel.user = "legacy-deploy";
    inventory.key_intel[kKey] = intel;
  }
  std::vector<Finding> judge() {
    return checks::run_checks(inventory, {checks::find_check("key-in-use-from-instance")}, {});
  }
};

TEST(KeyUseIndex, TracesEachKindOfAddress) {
  Estate e;
  e.inventory.key_evidence.uses = {use("54.0.0.1"), use("198.18.0.9"), use("10.0.2.9", "vpce-1"), use("203.0.113.7"),
                                   use("10.0.2.9", "vpce-1", "eu-west-1")};
  checks::KeyUseIndex index(e.inventory);
  const auto& m = index.matches();
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[0].via, checks::UseVia::kPublicIp);
  EXPECT_TRUE(m[0].exact());
  EXPECT_EQ(m[1].via, checks::UseVia::kNatGateway);
  EXPECT_EQ(m[1].via_id, "nat-1");
  ASSERT_EQ(m[1].candidates.size(), 2u);  // i-direct has its own table without a NAT route
  EXPECT_EQ(m[1].candidates[0]->id, "i-nat-a");
  EXPECT_EQ(m[1].candidates[1]->id, "i-nat-b");
  EXPECT_FALSE(m[1].exact());
  EXPECT_EQ(m[2].via, checks::UseVia::kVpcEndpoint);
  ASSERT_EQ(m[2].candidates.size(), 1u);
  EXPECT_EQ(m[2].candidates[0]->id, "i-endpoint");
  EXPECT_EQ(m[3].via, checks::UseVia::kOutside);
  EXPECT_EQ(checks::describe_via(m[3]), "outside the estate (203.0.113.7)");
  EXPECT_EQ(m[4].via, checks::UseVia::kOutside);  // a private address is only matched in its own region
}

TEST(KeyUseIndex, ANatGatewayWithOneInstanceBehindItStaysAmbiguous) {
  Estate e;
  e.inventory.regions[0].instances.erase(e.inventory.regions[0].instances.begin() + 2);  // i-nat-b gone
  e.inventory.key_evidence.uses = {use("198.18.0.9")};
  checks::KeyUseIndex index(e.inventory);
  ASSERT_EQ(index.matches()[0].candidates.size(), 1u);
  EXPECT_FALSE(index.matches()[0].exact());
}

TEST(KeyInUseFromInstance, FailsExactAsCriticalSharedAsHighAndPassesTheRest) {
  Estate e;
  e.inventory.key_evidence.uses = {use("54.0.0.1"), use("198.18.0.9"), use("203.0.113.7")};
  const auto findings = e.judge();
  ASSERT_EQ(findings.size(), 5u);
  const Finding exact = finding_on(findings, "key-in-use-from-instance", "i-public");
  EXPECT_EQ(exact.status, Status::kFail);
  EXPECT_EQ(exact.severity, Severity::kCritical);
  EXPECT_EQ(exact.evidence.key_id_redacted, "AKIA…DFGH");
  EXPECT_NE(exact.evidence.detail.find("exact"), std::string::npos);
  EXPECT_NE(exact.evidence.detail.find("GetObject, PutObject"), std::string::npos);
  EXPECT_NE(exact.evidence.detail.find("aws-cli/2.15.0"), std::string::npos);
  EXPECT_NE(exact.evidence.key_intel.find("user legacy-deploy"), std::string::npos) << exact.evidence.key_intel;
  EXPECT_EQ(exact.message.find(kKey), std::string::npos) << "the key id is shown redacted only";

  const Finding shared = finding_on(findings, "key-in-use-from-instance", "i-nat-a");
  EXPECT_EQ(shared.status, Status::kFail);
  EXPECT_EQ(shared.severity, Severity::kHigh);
  EXPECT_NE(shared.evidence.detail.find("ambiguous 2"), std::string::npos) << shared.evidence.detail;
  EXPECT_NE(shared.evidence.detail.find("also candidates: i-nat-b"), std::string::npos) << shared.evidence.detail;
  EXPECT_EQ(finding_on(findings, "key-in-use-from-instance", "i-nat-b").status, Status::kFail);
  EXPECT_EQ(finding_on(findings, "key-in-use-from-instance", "i-direct").status, Status::kPass);
  EXPECT_EQ(finding_on(findings, "key-in-use-from-instance", "i-endpoint").status, Status::kPass);
}

RoleSessionUse session(const std::string& instance_id, const std::string& source, std::size_t events,
                       const std::string& endpoint = "") {
  RoleSessionUse u;
  u.instance_id = instance_id;
  u.role_name = "app-role";
  u.account = kAccount;
  u.region = "us-east-1";
  u.source_ip = source;
  u.vpc_endpoint_id = endpoint;
  u.events = events;
  u.first_seen = "2026-11-20T00:00:00Z";
  u.last_seen = "2026-12-02T00:00:00Z";
  return u;
}

TEST(KeyInUseFromInstance, RoleSessionsFromTheInstanceAreTheHealthyCase) {
  Estate e;
  e.inventory.key_evidence.source = EvidenceSource::kTrailFiles;
  e.inventory.key_evidence.coverage = {{kAccount, "us-east-1", 1, "2026-11-01T00:00:00Z", "2026-12-02T00:00:00Z"}};
  e.inventory.key_evidence.uses = {use("198.18.0.9")};
  e.inventory.key_evidence.role_sessions = {
      session("i-public", "54.0.0.1", 20),             // from its own public IP
      session("i-public", "203.0.113.7", 3),           // its credentials used elsewhere
      session("i-public", "ec2.amazonaws.com", 4),     // a service calling for it: neither
      session("i-nat-a", "198.18.0.9", 5),             // behind its NAT gateway
      session("i-endpoint", "10.0.2.9", 2, "vpce-1"),  // through a VPC endpoint by its private IP
      session("i-direct", "54.0.0.1", 6),              // i-public's address: not from i-direct
      session("i-gone", "54.0.0.1", 1),                // no such instance in the scan
  };
  const auto findings = e.judge();
  ASSERT_EQ(findings.size(), 5u);

  const Finding pub = finding_on(findings, "key-in-use-from-instance", "i-public");
  EXPECT_EQ(pub.status, Status::kPass);
  EXPECT_NE(pub.message.find("it calls AWS through its instance role"), std::string::npos) << pub.message;
  EXPECT_EQ(pub.evidence.role_session,
            "role app-role: 20 call(s) from this instance (public IP 54.0.0.1), 2026-11-20T00:00:00Z to "
            "2026-12-02T00:00:00Z; 3 call(s) of its role sessions from addresses that are not this instance's: "
            "outside the estate (203.0.113.7): 3");

  // A key's use does not hide the healthy case: both are evidence on the FAIL.
  const Finding nat = finding_on(findings, "key-in-use-from-instance", "i-nat-a");
  EXPECT_EQ(nat.status, Status::kFail);
  EXPECT_NE(
      nat.evidence.role_session.find("role app-role: 5 call(s) from this instance (NAT gateway nat-1 (198.18.0.9))"),
      std::string::npos)
      << nat.evidence.role_session;

  const Finding endpoint = finding_on(findings, "key-in-use-from-instance", "i-endpoint");
  EXPECT_NE(endpoint.evidence.role_session.find("from this instance (VPC endpoint vpce-1 (10.0.2.9))"),
            std::string::npos)
      << endpoint.evidence.role_session;

  const Finding direct = finding_on(findings, "key-in-use-from-instance", "i-direct");
  EXPECT_EQ(direct.status, Status::kPass);
  EXPECT_EQ(direct.message.find("through its instance role"), std::string::npos) << direct.message;
  EXPECT_EQ(direct.evidence.role_session,
            "6 call(s) of its role sessions from addresses that are not this instance's: public IP 54.0.0.1: 6");

  EXPECT_EQ(finding_on(findings, "key-in-use-from-instance", "i-nat-b").evidence.role_session, "");
}

TEST(KeyInUseFromInstance, AKeyNotFoundAtRestIsNamedByItsUser) {
  Estate e;
  KeyUse other = use("54.0.0.1");
  other.key_id = "AKIAEXTRAEXTRAEXTRAE";
  other.user = "ci-runner";
  e.inventory.key_evidence.uses = {use("54.0.0.1"), other};
  const Finding f = finding_on(e.judge(), "key-in-use-from-instance", "i-public");
  EXPECT_EQ(f.status, Status::kFail);
  EXPECT_EQ(f.evidence.key_id_redacted, "AKIA…TRAE, AKIA…DFGH");
  EXPECT_NE(f.evidence.key_intel.find("AKIA…TRAE: account 111111111111 (in scope), user ci-runner, not found at rest"),
            std::string::npos)
      << f.evidence.key_intel;
}

TEST(KeyInUseFromInstance, AFailedLookupIsNeverAPass) {
  Estate e;
  e.inventory.key_evidence.uses = {use("54.0.0.1")};
  e.inventory.key_evidence.failed_lookups = 2;
  const auto findings = e.judge();
  EXPECT_EQ(finding_on(findings, "key-in-use-from-instance", "i-public").status, Status::kFail);
  const Finding unknown = finding_on(findings, "key-in-use-from-instance", "i-direct");
  EXPECT_EQ(unknown.status, Status::kError);
  EXPECT_NE(unknown.message.find("2 CloudTrail lookup(s) failed"), std::string::npos);
}

// Trail log files prove absence only where the trail delivered logs within the window: a region
// they do not cover (archived logs read with the default window) is ERROR, never PASS.
TEST(KeyInUseFromInstance, TrailFilesPassOnlyWhereTheyCoverTheAccountAndRegion) {
  Estate e;
  KeyEvidence& evidence = e.inventory.key_evidence;
  evidence.source = EvidenceSource::kTrailFiles;
  evidence.trail_dir = "/logs";
  evidence.trail_files = 4;
  evidence.skipped_files = 9;
  evidence.window_start = "2026-09-02T00:00:00Z";
  evidence.window_end = "2026-12-01T00:00:00Z";
  evidence.uses = {use("54.0.0.1")};
  evidence.coverage = {{kAccount, "eu-west-1", 4, "2026-11-01T00:05:00Z", "2026-11-30T00:05:00Z"}};
  auto findings = e.judge();
  EXPECT_EQ(finding_on(findings, "key-in-use-from-instance", "i-public").status, Status::kFail)
      << "a use found is evidence whatever the coverage";
  const Finding uncovered = finding_on(findings, "key-in-use-from-instance", "i-direct");
  EXPECT_EQ(uncovered.status, Status::kError);
  EXPECT_NE(uncovered.message.find("no trail log file under /logs for account 111111111111 in us-east-1 was delivered "
                                   "between 2026-09-02T00:00:00Z and 2026-12-01T00:00:00Z (4 file(s) read, 9 skipped"),
            std::string::npos)
      << uncovered.message;

  evidence.coverage.push_back({kAccount, "us-east-1", 2, "2026-11-02T10:05:00Z", "2026-11-03T10:05:00Z"});
  findings = e.judge();
  const Finding covered = finding_on(findings, "key-in-use-from-instance", "i-direct");
  EXPECT_EQ(covered.status, Status::kPass);
  EXPECT_NE(covered.message.find("between 2026-09-02T00:00:00Z and 2026-12-01T00:00:00Z"), std::string::npos)
      << covered.message;
  EXPECT_NE(covered.message.find("2 file(s) of this account and region delivered from 2026-11-02T10:05:00Z to "
                                 "2026-11-03T10:05:00Z"),
            std::string::npos)
      << covered.message;
  EXPECT_NE(covered.message.find("4 trail log file(s) under /logs"), std::string::npos) << covered.message;
}

TEST(KeyInUseFromInstance, UnreadableEgressIsAnErrorForInstancesWithoutAPublicIp) {
  Estate e;
  e.inventory.regions[0].egress = {};
  e.inventory.regions[0].egress_collected = false;
  e.inventory.regions[0].egress_error = Error::access_denied("DescribeRouteTables in us-east-1: denied");
  const auto findings = e.judge();
  EXPECT_EQ(finding_on(findings, "key-in-use-from-instance", "i-public").status, Status::kPass);
  EXPECT_EQ(finding_on(findings, "key-in-use-from-instance", "i-nat-a").status, Status::kError);
}

TEST(KeyInUseFromInstance, WithoutEvidenceEveryInstanceIsAnError) {
  Estate e;
  e.inventory.key_evidence = {};
  for (const auto& f : e.judge()) EXPECT_EQ(f.status, Status::kError) << f.resource_id;
}

TEST(KeyInUseFromInstance, IsOffByDefaultAndAsksForTheEvidence) {
  const auto* check = checks::find_check("key-in-use-from-instance");
  ASSERT_NE(check, nullptr);
  EXPECT_FALSE(check->info().default_enabled);
  auto defaults = checks::select_checks({}, {});
  ASSERT_TRUE(defaults);
  EXPECT_FALSE(checks::needs_of(*defaults).key_evidence);
  EXPECT_TRUE(checks::needs_of({check}).key_evidence);
  EXPECT_TRUE(checks::needs_of({check}).user_data);
}

}  // namespace
}  // namespace rolecall::testing

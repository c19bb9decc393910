// watch --security-hub against the emulator, driven as the CLI drives it: the scans exported whole
// (export_to_security_hub), each incremental audit through export_audit_to_security_hub. A change
// to one instance imports only its findings with no GetFindings; a fix archives its finding as
// PASSED; a terminated instance's findings are archived; what was not judged is untouched; and a
// reconciliation archives what the incremental exports never saw.
#include <thread>

#include "aws/ops/securityhub_findings.h"
#include "report/report.h"
#include "rolecall/security_hub.h"
#include "watch_incremental_fixture.h"

namespace rolecall::testing {
namespace {

// Security Hub's Id of a regional resource's verdict (report::asff_findings').
std::string hub_id(const std::string& check, const std::string& account, const std::string& region,
                   const std::string& resource) {
  return fmt::format("rolecall/{}/{}/{}/{}", check, account, region, resource);
}
std::string hub_id_of(const Finding& f) { return hub_id(f.check_id, f.account_id, f.region, f.resource_id); }

class WatchSecurityHub : public WatchIncremental {
 public:
  // Large enough that a whole export is hundreds of findings in several batches.
  emulator::GeneratorSpec spec() const override {
    return emulator::GeneratorSpec{.accounts = 1, .regions = 2, .instances = 300, .seed = 5};
  }

  // One watch run: what each export did and the emulator's requests of each poll.
  struct HubRun {
    Inventory first;
    std::vector<Finding> first_findings;
    std::vector<SecurityHubOutcome> scans;   // the whole exports: the first scan, each reconciliation
    std::vector<SecurityHubOutcome> audits;  // the incremental exports
    std::vector<IncrementalVerdicts> verdicts;
    std::vector<std::map<std::string, int>> calls;  // per poll, from after its change
  };

  // Watches for one poll per change (each run in that poll's wait, after the first scan's export).
  HubRun watch_with_hub(const std::vector<std::function<void(const HubRun&)>>& changes,
                        std::chrono::seconds reconcile = std::chrono::seconds(0)) {
    HubRun run;
    WatchOptions options;
    options.interval = std::chrono::seconds(1);
    options.max_polls = changes.size();
    options.reconcile = reconcile;
    SecurityHubOptions hub;
    hub.region = home();
    report::RenderOptions render;
    SecurityHubReach reach;  // as rolecall watch keeps it
    WatchHooks hooks;
    hooks.incremental_scans = false;
    hooks.on_scan = [&](const ScanResult& result, const Inventory& inventory) {
      if (run.scans.empty()) {
        run.first = inventory;
        run.first_findings = result.findings;
      }
      SecurityHubInput input{report::asff_findings(result, render), result.checks, &inventory};
      auto outcome = export_to_security_hub(*session_, {}, hub, std::move(input));
      ASSERT_TRUE(outcome) << outcome.error().describe();
      run.scans.push_back(*outcome);
    };
    hooks.on_incremental = [&](const IncrementalVerdicts& verdicts) {
      auto asff = [&](const std::vector<Finding>& findings) {
        ScanResult result;
        result.findings = findings;
        result.started_at = verdicts.started_at;
        return report::asff_findings(result, render);
      };
      auto outcome =
          export_audit_to_security_hub(*session_, {}, hub, {asff(verdicts.findings), asff(verdicts.before)}, &reach);
      ASSERT_TRUE(outcome) << outcome.error().describe();
      run.audits.push_back(*outcome);
      run.verdicts.push_back(verdicts);
    };
    std::size_t poll = 0;
    hooks.wait = [&](std::chrono::seconds) {
      if (poll > 0) run.calls.push_back(calls());
      changes[poll++](run);
      reset_calls();
    };
    auto watched = watch(*session_, options, hooks);
    EXPECT_TRUE(watched) << watched.error().describe();
    run.calls.push_back(calls());
    return run;
  }

  std::string home() const { return estate_["accounts"][0]["security_hub_regions"][0]; }

  // Security Hub's findings in the account, by Id.
  std::map<std::string, nlohmann::json> hub_findings() const {
    std::map<std::string, nlohmann::json> out;
    const nlohmann::json state = emu_->dump_state();  // kept alive: the loop reads into it
    for (const auto& f : state["accounts"][0].value("security_hub_findings", nlohmann::json::array())) {
      out[f["Id"].get<std::string>()] = f;
    }
    return out;
  }

  // The first running instance of `first` with a profile: region, id, profile ARN.
  static std::tuple<std::string, std::string, std::string> instance_with_profile(const Inventory& first) {
    for (const auto& r : first.regions) {
      for (const auto& i : r.instances) {
        if (!i.profile_arn.empty() && i.state == "running") return {r.region, i.id, i.profile_arn};
      }
    }
    return {};
  }
};

// The Ids of `findings` that do not pass.
std::set<std::string> failing_hub_ids(const std::vector<Finding>& findings) {
  std::set<std::string> out;
  for (const auto& f : findings) {
    if (f.status != Status::kPass) out.insert(hub_id_of(f));
  }
  return out;
}

TEST_F(WatchSecurityHub, OneChangedInstanceImportsOnlyItsFindingsAndReadsNothing) {
  std::string instance;
  std::map<std::string, nlohmann::json> before;
  HubRun run = watch_with_hub({[&](const HubRun& r) {
    before = hub_findings();
    auto [region, id, profile] = instance_with_profile(r.first);
    ASSERT_FALSE(id.empty()) << "the estate has a running instance with a profile";
    instance = id;
    disassociate_profile(region, id);
  }});
  ASSERT_EQ(run.scans.size(), 1u);
  ASSERT_GT(run.scans[0].imported, 100u) << "the first export is several batches";
  ASSERT_EQ(run.audits.size(), 1u);
  ASSERT_EQ(run.verdicts.size(), 1u);
  const IncrementalVerdicts& verdicts = run.verdicts[0];
  for (const auto& f : verdicts.findings) EXPECT_EQ(f.resource_id, instance);
  for (const auto& f : verdicts.before) EXPECT_EQ(f.resource_id, instance);
  EXPECT_FALSE(verdicts.before.empty()) << "what watch held for the instance before";

  const auto failing_now = failing_hub_ids(verdicts.findings);
  std::set<std::string> stopped_failing;
  for (const auto& id : failing_hub_ids(verdicts.before)) {
    if (!failing_now.contains(id)) stopped_failing.insert(id);
  }
  const SecurityHubOutcome& sent = run.audits[0];
  EXPECT_TRUE(sent.ok()) << sent.failures.front().message;
  EXPECT_EQ(sent.imported, failing_now.size()) << "the instance's failing findings, no other";
  EXPECT_EQ(sent.archived, stopped_failing.size());
  EXPECT_EQ(run.calls[0]["GetFindings"], 0) << "nothing is read from Security Hub";
  EXPECT_EQ(run.calls[0]["BatchImportFindings"], stopped_failing.empty() ? 1 : 2) << "one batch, and one to archive";

  const auto after = hub_findings();
  const std::string failed =
      hub_id("instance-has-role", account_, std::get<0>(instance_with_profile(run.first)), instance);
  ASSERT_TRUE(after.contains(failed));
  EXPECT_EQ(after.at(failed)["RecordState"], "ACTIVE");
  EXPECT_EQ(after.at(failed)["Compliance"]["Status"], "FAILED");
  for (const auto& [id, f] : after) {
    if (id.ends_with("/" + instance)) continue;
    ASSERT_TRUE(before.contains(id)) << id;
    EXPECT_EQ(f, before.at(id)) << "a finding of a resource not judged is untouched: " << id;
  }
}

TEST_F(WatchSecurityHub, AFixedInstancesFindingIsArchivedAsPassed) {
  std::string region, instance, profile;
  HubRun run = watch_with_hub({[&](const HubRun& r) {
                                 std::tie(region, instance, profile) = instance_with_profile(r.first);
                                 ASSERT_FALSE(instance.empty());
                                 disassociate_profile(region, instance);
                               },
                               [&](const HubRun&) {
                                 call_query("ec2", region, "AssociateIamInstanceProfile",
                                            {{"InstanceId", instance}, {"IamInstanceProfile.Arn", profile}});
                               }});
  ASSERT_EQ(run.audits.size(), 2u);
  const std::string id = hub_id("instance-has-role", account_, region, instance);
  EXPECT_TRUE(failing_hub_ids(run.verdicts[1].before).contains(id)) << "FAIL before the fix";
  EXPECT_FALSE(failing_hub_ids(run.verdicts[1].findings).contains(id)) << "PASS after it";
  EXPECT_GE(run.audits[1].archived, 1u);
  EXPECT_EQ(run.calls[1]["GetFindings"], 0);
  EXPECT_GE(run.calls[0]["GetCallerIdentity"], 1) << "the first audit's export resolves its account";
  EXPECT_EQ(run.calls[1]["GetCallerIdentity"], 0) << "the second reuses it (SecurityHubReach)";
  const auto after = hub_findings();
  ASSERT_TRUE(after.contains(id));
  EXPECT_EQ(after.at(id)["RecordState"], "ARCHIVED");
  EXPECT_EQ(after.at(id)["Compliance"]["Status"], "PASSED") << "archived with the verdict that passes";
}

TEST_F(WatchSecurityHub, ATerminatedInstancesActiveFindingsAreArchived) {
  std::string instance;
  std::set<std::string> failing;
  HubRun run = watch_with_hub({[&](const HubRun& r) {
    // A running instance with a failing verdict.
    std::set<std::string> running;
    for (const auto& region : r.first.regions) {
      for (const auto& i : region.instances) {
        if (i.state == "running") running.insert(i.id);
      }
    }
    for (const auto& f : r.first_findings) {
      if (!instance.empty() || f.status != Status::kFail || !running.contains(f.resource_id)) continue;
      instance = f.resource_id;
      call_query("ec2", f.region, "TerminateInstances", {{"InstanceId.1", instance}});
    }
    ASSERT_FALSE(instance.empty());
    for (const auto& f : r.first_findings) {
      if (f.resource_id == instance && f.status != Status::kPass) failing.insert(hub_id_of(f));
    }
  }});
  ASSERT_EQ(run.audits.size(), 1u);
  EXPECT_TRUE(run.verdicts[0].findings.empty()) << "the instance is gone";
  EXPECT_EQ(failing_hub_ids(run.verdicts[0].before), failing);
  EXPECT_EQ(run.audits[0].imported, 0u);
  EXPECT_EQ(run.audits[0].archived, failing.size());
  EXPECT_EQ(run.calls[0]["GetFindings"], 0);
  const auto after = hub_findings();
  for (const auto& id : failing) {
    ASSERT_TRUE(after.contains(id)) << id;
    EXPECT_EQ(after.at(id)["RecordState"], "ARCHIVED") << id;
  }
}

TEST_F(WatchSecurityHub, AReconciliationArchivesWhatTheIncrementalExportsNeverSaw) {
  // A rolecall finding active in Security Hub that no audit reports (an instance gone while watch
  // was not running): only a whole export, reading what is active there, can archive it.
  std::string stale;
  std::string stale_state_after_incremental;
  HubRun run = watch_with_hub(
      {[&](const HubRun& r) {
         nlohmann::json f;
         for (const auto& [id, found] : hub_findings()) {
           if (found["GeneratorId"] == "rolecall-instance-has-role") f = found;
         }
         ASSERT_FALSE(f.is_null()) << "the first export imported an instance-has-role failure";
         stale = f["Id"].get<std::string>() + "-stale";
         f["Id"] = stale;
         const nlohmann::json batch = nlohmann::json::array({f});
         auto imported = base::run_sync<aws::securityhub::BatchImportFindingsResponse>(
             session_->loop(),
             [&](auto done) { aws::securityhub::batch_import_findings(*client_, home(), batch, std::move(done)); });
         ASSERT_TRUE(imported && imported->success_count == 1);
         auto [region, id, profile] = instance_with_profile(r.first);
         disassociate_profile(region, id);
       },
       [&](const HubRun&) {
         stale_state_after_incremental = hub_findings().at(stale)["RecordState"];
         std::this_thread::sleep_for(std::chrono::milliseconds(2200));  // past --reconcile
       }},
      std::chrono::seconds(2));
  ASSERT_EQ(run.audits.size(), 1u) << "poll 1 is incremental";
  ASSERT_EQ(run.scans.size(), 2u) << "poll 2 is the reconciliation";
  EXPECT_EQ(stale_state_after_incremental, "ACTIVE") << "the incremental export does not touch it";
  EXPECT_EQ(run.calls[0]["GetFindings"], 0);
  EXPECT_GE(run.calls[1]["GetFindings"], 1) << "the reconciliation reads what is active";
  EXPECT_GE(run.scans[1].archived, 1u);
  EXPECT_EQ(hub_findings().at(stale)["RecordState"], "ARCHIVED");
}

TEST_F(WatchSecurityHub, NothingToSendIsNoCallAndAnUnreachableAccountIsAFailure) {
  Inventory inventory;
  auto scanned = rolecall::scan(*session_, {}, &inventory);
  ASSERT_TRUE(scanned) << scanned.error().describe();
  report::RenderOptions render;
  SecurityHubOptions hub;
  hub.region = home();
  reset_calls();
  auto nothing = export_audit_to_security_hub(*session_, {}, hub, {});
  ASSERT_TRUE(nothing) << nothing.error().describe();
  EXPECT_TRUE(nothing->ok());
  EXPECT_TRUE(calls().empty()) << "not even the scope is resolved";

  hub.account_id = "999999999999";  // not among the scanned accounts
  auto missing = export_audit_to_security_hub(*session_, {}, hub, {report::asff_findings(*scanned, render), {}});
  ASSERT_TRUE(missing) << missing.error().describe();
  ASSERT_EQ(missing->failures.size(), 1u);
  EXPECT_EQ(missing->failures[0].account_id, "999999999999");
  EXPECT_EQ(missing->imported, 0u);
  EXPECT_EQ(calls()["BatchImportFindings"], 0);
  EXPECT_TRUE(hub_findings().empty());
}

}  // namespace
}  // namespace rolecall::testing

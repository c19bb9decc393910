// rolecall::watch's incremental re-audit against the emulator (record_calls: every mutating call is
// a CloudTrail event with its requestParameters and responseElements): a change to one instance
// collects that instance only, a policy attached to a role judges again the instances using it and
// no other, a launch without a profile is one new FAIL, and an event whose resources cannot be read
// is audited by account and region as before.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "aws/ops/ec2_profile_associations.h"
#include "aws/session.h"
#include "base/json_text.h"
#include "base/redact.h"
#include "base/sync.h"
#include "emulator/emulator.h"
#include "emulator/generator/generator.h"
#include "rolecall/watch.h"
#include "support/emulator_fixture.h"

namespace rolecall {
namespace {

class WatchIncremental : public testing::EmulatorFixture {
 public:
  void SetUp() override {
    estate_ =
        emulator::generate_estate(emulator::GeneratorSpec{.accounts = 1, .regions = 2, .instances = 12, .seed = 5})
            .estate;
    // The test changes IAM and sends messages as the auditor, which rolecall itself never needs to.
    estate_["accounts"][0]["users"][0]["inline_policies"].push_back(
        {{"name", "test-changes"},
         {"document",
          {{"Version", "2012-10-17"},
           {"Statement",
            {{{"Effect", "Allow"},
              {"Action",
               {"sqs:SendMessage", "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:CreatePolicy",
                "iam:CreatePolicyVersion", "iam:UpdateAccessKey"}},
              {"Resource", "*"}}}}}}});
    adjust(estate_);
    emulator::EmulatorOptions options;
    options.estate = estate_;
    options.record_calls = true;
    options.event_queue = "0:rolecall-events";
    options.log = [this](const std::string& line) {
      // "POST / [ec2 DescribeInstances 123456789012] ...": the service and action served.
      auto open = line.find('[');
      if (open == std::string::npos) return;
      auto service_end = line.find(' ', open + 1);
      auto action_end = line.find_first_of(" ]", service_end + 1);
      if (service_end == std::string::npos || action_end == std::string::npos) return;
      std::lock_guard<std::mutex> lock(calls_mutex_);
      ++calls_[line.substr(service_end + 1, action_end - service_end - 1)];
    };
    start_emulator(options);
    session_ = session();
    ASSERT_TRUE(session_);
    account_ = estate_["accounts"][0]["id"];
    client_ = session_->client(session_->credentials(), "test");
  }

  // Changes the generated estate before the emulator serves it.
  virtual void adjust(nlohmann::json& /*estate*/) {}

  // The emulator's requests per action since the last reset_calls().
  std::map<std::string, int> calls() {
    std::lock_guard<std::mutex> lock(calls_mutex_);
    return calls_;
  }
  void reset_calls() {
    std::lock_guard<std::mutex> lock(calls_mutex_);
    calls_.clear();
  }

  // Calls query action `action` of `service` ("ec2" in `region`, "iam") with `params`; the body.
  std::string call_query(const std::string& service, const std::string& region, const std::string& action,
                         aws::QueryParams params) {
    aws::ServiceCall call;
    call.service = service;
    call.region = region;
    call.protocol = aws::Protocol::kQuery;
    call.action = action;
    call.api_version = service == "ec2" ? "2016-11-15" : "2010-05-08";
    call.params = std::move(params);
    call.api_class = aws::ApiClass::kMutate;
    auto answer = base::run_sync<aws::ServiceResponse>(session_->loop(),
                                                       [&](std::function<void(Result<aws::ServiceResponse>)> done) {
                                                         client_->call(std::move(call), std::move(done));
                                                       });
    EXPECT_TRUE(answer) << action << ": " << answer.error().describe();
    return answer ? answer->body : std::string();
  }

  // Runs watch for one poll; `change` runs after the first scan, before the poll reads the events.
  struct Run {
    Inventory first;                      // the first scan's inventory
    std::vector<Finding> first_findings;  // and its verdicts
    std::vector<VerdictChange> changes;   // reported
    std::vector<ScanResult> audits;       // after the first scan
    std::vector<std::string> notes;
    std::map<std::string, int> calls;  // requests the poll made, per action
  };
  // The note of the incremental re-audit ("" when there was none).
  static std::string incremental_note(const Run& run) {
    for (const auto& n : run.notes) {
      if (n.starts_with("re-audited incrementally")) return n;
    }
    return {};
  }
  Run watch_once(const std::function<void(const Inventory&)>& change) {
    Run run;
    WatchOptions options;
    options.interval = std::chrono::seconds(1);
    options.max_polls = 1;
    WatchHooks hooks;
    bool first = true;
    hooks.on_scan = [&](const ScanResult& result, const Inventory& inventory) {
      if (first) {
        run.first = inventory;
        run.first_findings = result.findings;
        first = false;
        return;
      }
      run.audits.push_back(result);
    };
    hooks.on_change = [&](const VerdictChange& c) { run.changes.push_back(c); };
    hooks.on_note = [&](const std::string& line) { run.notes.push_back(line); };
    hooks.wait = [&](std::chrono::seconds) {
      change(run.first);
      reset_calls();
    };
    auto watched = watch(*session_, options, hooks);
    EXPECT_TRUE(watched) << watched.error().describe();
    run.calls = calls();
    return run;
  }

  nlohmann::json estate_;
  std::unique_ptr<aws::Session> session_;
  std::unique_ptr<aws::AwsClient> client_;
  std::string account_;
  std::mutex calls_mutex_;
  std::map<std::string, int> calls_;
};

// The ids of the instances of `inventory` whose profile holds a role named `role`.
std::set<std::string> watch_instances_using(const Inventory& inventory, const std::string& role_arn) {
  std::set<std::string> out;
  for (const auto& r : inventory.regions) {
    const AccountInventory* account = inventory.account(r.account_id);
    for (const auto& i : r.instances) {
      const InstanceProfile* p = account != nullptr ? account->profile(i.profile_arn) : nullptr;
      if (p != nullptr && std::find(p->role_arns.begin(), p->role_arns.end(), role_arn) != p->role_arns.end())
        out.insert(i.id);
    }
  }
  return out;
}

TEST_F(WatchIncremental, ADisassociationCollectsThatInstanceOnlyAndReportsItsChangedVerdicts) {
  std::string instance;
  Run run = watch_once([&](const Inventory& first) {
    for (const auto& r : first.regions) {
      for (const auto& i : r.instances) {
        if (!i.profile_arn.empty() && instance.empty() && i.state == "running") {
          instance = i.id;
          auto listed = call_query("ec2", r.region, "DescribeIamInstanceProfileAssociations",
                                   {{"Filter.1.Name", "instance-id"}, {"Filter.1.Value.1", i.id}});
          auto start = listed.find("<associationId>");
          ASSERT_NE(start, std::string::npos) << listed;
          start += std::string("<associationId>").size();
          std::string association = listed.substr(start, listed.find('<', start) - start);
          call_query("ec2", r.region, "DisassociateIamInstanceProfile", {{"AssociationId", association}});
        }
      }
    }
  });
  ASSERT_FALSE(instance.empty()) << "the estate has an instance with a profile";
  ASSERT_EQ(run.audits.size(), 1u);
  EXPECT_EQ(incremental_note(run), "re-audited incrementally: 1 instance(s) collected, 1 resource(s) judged again");
  EXPECT_EQ(run.calls["DescribeInstances"], 1) << "the one instance, by id";
  EXPECT_LE(run.calls["DescribeInstanceAttribute"], 1) << "its user data only";
  EXPECT_EQ(run.calls["GetAccountAuthorizationDetails"], 0) << "IAM is not read again";
  EXPECT_EQ(run.calls["DescribeLaunchTemplates"], 0);
  bool fails = false;
  for (const auto& c : run.changes) {
    EXPECT_EQ(c.finding.resource_id, instance);
    if (c.finding.check_id == "instance-has-role") {
      EXPECT_EQ(c.kind, VerdictChange::Kind::kChanged);
      EXPECT_EQ(c.finding.status, Status::kFail);
      EXPECT_EQ(c.triggers, std::vector<std::string>{"DisassociateIamInstanceProfile"});
      fails = true;
    }
  }
  EXPECT_TRUE(fails) << "instance-has-role turned FAIL";
}

TEST_F(WatchIncremental, APolicyAttachedToARoleJudgesAgainTheInstancesUsingItAndNoOther) {
  std::set<std::string> using_role;
  Run run = watch_once([&](const Inventory& first) {
    // The role of the first instance with one, among several instances with other roles.
    for (const auto& r : first.regions) {
      const AccountInventory* account = first.account(r.account_id);
      for (const auto& i : r.instances) {
        const InstanceProfile* p = account->profile(i.profile_arn);
        if (!using_role.empty() || p == nullptr || p->role_arns.empty()) continue;
        const Role* role = account->role(p->role_arns.front());
        if (role == nullptr ||
            std::any_of(role->attached_policy_arns.begin(), role->attached_policy_arns.end(),
                        [](const std::string& arn) { return arn.ends_with("/AdministratorAccess"); }))
          continue;
        using_role = watch_instances_using(first, role->arn);
        call_query("iam", "us-east-1", "AttachRolePolicy",
                   {{"RoleName", role->name}, {"PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess"}});
      }
    }
  });
  ASSERT_FALSE(using_role.empty());
  ASSERT_EQ(run.audits.size(), 1u);
  EXPECT_EQ(incremental_note(run), fmt::format("re-audited incrementally: 0 instance(s) collected, {} resource(s) "
                                               "judged again",
                                               using_role.size()))
      << "every instance using the role, and no other";
  EXPECT_EQ(run.calls["DescribeInstances"], 0) << "no instance is collected again";
  EXPECT_EQ(run.calls["DescribeInstanceAttribute"], 0);
  // The role alone is read again: AdministratorAccess's document is known from the first scan.
  EXPECT_EQ(run.calls["GetAccountAuthorizationDetails"], 0) << "not the account's whole IAM";
  EXPECT_EQ(run.calls["GetRole"], 1);
  EXPECT_EQ(run.calls["ListAttachedRolePolicies"], 1);
  std::set<std::string> admin;
  for (const auto& c : run.changes) {
    EXPECT_TRUE(using_role.contains(c.finding.resource_id)) << c.finding.resource_id;
    if (c.finding.check_id == "role-not-admin" && c.finding.status == Status::kFail)
      admin.insert(c.finding.resource_id);
  }
  EXPECT_FALSE(admin.empty()) << "role-not-admin turned FAIL where it passed";
}

// The role of the first instance of `first` whose role is not admin-level already, and the
// instances using it.
std::pair<const Role*, std::set<std::string>> watch_plain_role(const Inventory& first) {
  for (const auto& r : first.regions) {
    const AccountInventory* account = first.account(r.account_id);
    for (const auto& i : r.instances) {
      const InstanceProfile* p = account->profile(i.profile_arn);
      if (p == nullptr || p->role_arns.empty()) continue;
      const Role* role = account->role(p->role_arns.front());
      // Not admin-level already: no AdministratorAccess, no wildcard or iam: action inline.
      if (role == nullptr || role->trust_policy.find("ec2.amazonaws.com") == std::string::npos ||
          std::any_of(role->attached_policy_arns.begin(), role->attached_policy_arns.end(),
                      [](const std::string& arn) { return arn.ends_with("/AdministratorAccess"); }) ||
          std::any_of(role->inline_policies.begin(), role->inline_policies.end(),
                      [](const InlinePolicy& inline_policy) {
                        return inline_policy.document.find("\"*\"") != std::string::npos ||
                               inline_policy.document.find("iam:") != std::string::npos;
                      }))
        continue;
      return {role, watch_instances_using(first, role->arn)};
    }
  }
  return {nullptr, {}};
}

// The instances `run` reported role-not-admin turning FAIL for.
std::set<std::string> watch_new_admin_fails(const std::vector<VerdictChange>& changes) {
  std::set<std::string> out;
  for (const auto& c : changes) {
    if (c.finding.check_id == "role-not-admin" && c.finding.status == Status::kFail) out.insert(c.finding.resource_id);
  }
  return out;
}

TEST_F(WatchIncremental, AnInlinePolicyPutOnARoleRereadsThatRoleAlone) {
  std::set<std::string> using_role;
  std::size_t inline_policies = 0;
  Run run = watch_once([&](const Inventory& first) {
    auto [role, users] = watch_plain_role(first);
    ASSERT_NE(role, nullptr);
    using_role = users;
    inline_policies = role->inline_policies.size() + 1;
    call_query("iam", "us-east-1", "PutRolePolicy",
               {{"RoleName", role->name},
                {"PolicyName", "everything"},
                {"PolicyDocument", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*",)"
                                   R"("Resource":"*"}]})"}});
  });
  ASSERT_FALSE(using_role.empty());
  EXPECT_EQ(run.calls["GetAccountAuthorizationDetails"], 0) << "not the account's whole IAM";
  EXPECT_EQ(run.calls["GetRole"], 1);
  EXPECT_EQ(run.calls["GetRolePolicy"], static_cast<int>(inline_policies)) << "each inline policy's document";
  EXPECT_EQ(watch_new_admin_fails(run.changes), using_role) << "every instance using the role turns FAIL";
}

TEST_F(WatchIncremental, APolicyNeverReadAttachedToARoleAndItsNewVersionAreReadAlone) {
  std::set<std::string> using_role;
  Run run = watch_once([&](const Inventory& first) {
    auto [role, users] = watch_plain_role(first);
    ASSERT_NE(role, nullptr);
    using_role = users;
    const std::string arn = "arn:aws:iam::" + account_ + ":policy/grows";
    call_query("iam", "us-east-1", "CreatePolicy",
               {{"PolicyName", "grows"},
                {"PolicyDocument", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",)"
                                   R"("Resource":"*"}]})"}});
    call_query("iam", "us-east-1", "AttachRolePolicy", {{"RoleName", role->name}, {"PolicyArn", arn}});
    call_query("iam", "us-east-1", "CreatePolicyVersion",
               {{"PolicyArn", arn},
                {"SetAsDefault", "true"},
                {"PolicyDocument", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*",)"
                                   R"("Resource":"*"}]})"}});
  });
  ASSERT_FALSE(using_role.empty());
  EXPECT_EQ(run.calls["GetAccountAuthorizationDetails"], 0) << "not the account's whole IAM";
  EXPECT_EQ(run.calls["GetRole"], 1);
  EXPECT_EQ(run.calls["GetPolicy"], 1) << "the policy the role now attaches, once";
  EXPECT_EQ(run.calls["GetPolicyVersion"], 1) << "its default version: the new one";
  EXPECT_EQ(watch_new_admin_fails(run.changes), using_role) << "the new version grants everything";
}

// The auditor may read IAM only as a whole (GetAccountAuthorizationDetails: scan.json).
class WatchIncrementalWholeIamOnly : public WatchIncremental {
 protected:
  void adjust(nlohmann::json& estate) override {
    estate["accounts"][0]["users"][0]["inline_policies"].push_back(
        {{"name", "no-single-reads"},
         {"document",
          {{"Version", "2012-10-17"},
           {"Statement", {{{"Effect", "Deny"}, {"Action", {"iam:GetRole", "iam:GetPolicy"}}, {"Resource", "*"}}}}}}});
  }
};

TEST_F(WatchIncrementalWholeIamOnly, ADeniedSingleReadFallsBackToTheAccountsIam) {
  std::set<std::string> using_role;
  Run run = watch_once([&](const Inventory& first) {
    auto [role, users] = watch_plain_role(first);
    ASSERT_NE(role, nullptr);
    using_role = users;
    call_query("iam", "us-east-1", "PutRolePolicy",
               {{"RoleName", role->name},
                {"PolicyName", "everything"},
                {"PolicyDocument", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*",)"
                                   R"("Resource":"*"}]})"}});
  });
  ASSERT_FALSE(using_role.empty());
  EXPECT_EQ(run.calls["GetRole"], 1) << "tried, denied";
  EXPECT_GE(run.calls["GetAccountAuthorizationDetails"], 1) << "then the whole read";
  EXPECT_NE(incremental_note(run), "") << "still an incremental audit, not a scan";
  EXPECT_EQ(watch_new_admin_fails(run.changes), using_role);
}

// A deploy user's key written into one instance's user data (a leak rolecall finds at rest).
class WatchIncrementalPlantedKey : public WatchIncremental {
 protected:
  void adjust(nlohmann::json& estate) override {
    auto& account = estate["accounts"][0];
    account["users"].push_back({{"name", "deploy"},
                                {"access_keys",
                                 {{{"id", "AKIAZ7Q3RSTUVWXY2345"},
                                   {"secret", "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"},
                                   {"status", "Active"}}}},
                                {"attached_policy_arns", nlohmann::json::array()},
                                {"inline_policies", nlohmann::json::array()}});
    account["instances"][0]["user_data"] =
        "IyEvYmluL2Jhc2gKZXhwb3J0IEFXU19BQ0NFU1NfS0VZX0lEPUFLSUFaN1EzUlNUVVZXWFkyMzQ1CmV4cG9ydCBBV1NfU0VDUkVUX0FDQ0VTU1"
        "9LRVk9cThKdDN2MExtNVh3WnAyUms3WW40QmM5SGQ2RmcxU2EwVWUzV2k1Twphd3MgczMgc3luYyBzMzovL2J1aWxkcyAvb3B0L2FwcAo=";
  }
};

TEST_F(WatchIncrementalPlantedKey, AKeyFoundAtRestMadeInactiveJudgesAgainWhereItSitsOnly) {
  std::string key_id;
  Run run = watch_once([&](const Inventory& first) {
    for (const auto& [id, intel] : first.key_intel) {
      if (intel.state != KeyState::kActive || !intel.in_scope || intel.owner_account != account_) continue;
      key_id = id;
      call_query("iam", "us-east-1", "UpdateAccessKey",
                 {{"UserName", intel.user}, {"AccessKeyId", id}, {"Status", "Inactive"}});
      break;
    }
  });
  ASSERT_FALSE(key_id.empty()) << "the estate holds an active in-scope key at rest";
  ASSERT_EQ(run.audits.size(), 1u);
  // Where the first scan found the key: instances, and launch templates whose versions carry it.
  const std::string redacted = base::redact_key_id(key_id);
  std::set<std::string> holders;
  std::size_t instances = 0;
  for (const auto& f : run.first_findings) {
    if (f.evidence.key_id_redacted != redacted && f.evidence.key_intel.find(redacted) == std::string::npos) continue;
    holders.insert(f.resource_id);
    if (f.resource_type == "instance") ++instances;
  }
  ASSERT_FALSE(holders.empty());
  EXPECT_EQ(incremental_note(run), fmt::format("re-audited incrementally: {} instance(s) collected, {} resource(s) "
                                               "judged again",
                                               instances, holders.size()))
      << "where the key sits, not the account as a scan";
  EXPECT_EQ(run.calls["GetAccountAuthorizationDetails"], 0);
  EXPECT_GE(run.calls["GetAccessKeyLastUsed"], 1) << "the key's intel is looked up again";
  // Every changed verdict is a key finding holding that key, still FAIL, now medium (Inactive).
  ASSERT_FALSE(run.changes.empty());
  for (const auto& c : run.changes) {
    EXPECT_TRUE(holders.contains(c.finding.resource_id)) << c.finding.resource_id;
    EXPECT_NE(c.finding.evidence.key_intel.find("Inactive"), std::string::npos) << c.finding.evidence.key_intel;
    EXPECT_EQ(c.kind, VerdictChange::Kind::kChanged);
    EXPECT_EQ(c.before, Status::kFail);
    EXPECT_EQ(c.finding.severity, Severity::kMedium) << "an Inactive key's finding";
    EXPECT_TRUE(c.severity_before && *c.severity_before != Severity::kMedium);
  }
}

TEST_F(WatchIncremental, ALaunchWithoutAProfileIsOneNewFail) {
  std::string region;
  Run run = watch_once([&](const Inventory& first) {
    region = first.regions.front().region;
    call_query(
        "ec2", region, "RunInstances",
        {{"ImageId", "ami-0abcdef1234567890"}, {"InstanceType", "t3.micro"}, {"MinCount", "1"}, {"MaxCount", "1"}});
  });
  ASSERT_EQ(run.audits.size(), 1u);
  EXPECT_EQ(incremental_note(run), "re-audited incrementally: 1 instance(s) collected, 1 resource(s) judged again");
  EXPECT_EQ(run.calls["DescribeInstances"], 1);
  ASSERT_FALSE(run.changes.empty());
  const std::string launched = run.changes.front().finding.resource_id;
  EXPECT_TRUE(launched.starts_with("i-"));
  int fails = 0;
  for (const auto& c : run.changes) {
    EXPECT_EQ(c.finding.resource_id, launched) << "the new instance only";
    EXPECT_EQ(c.kind, VerdictChange::Kind::kNew);
    EXPECT_EQ(c.finding.region, region);
    if (c.finding.check_id == "instance-has-role") {
      EXPECT_EQ(c.finding.status, Status::kFail);
      ++fails;
    }
  }
  EXPECT_EQ(fails, 1);
}

TEST_F(WatchIncremental, ALaunchTemplateVersionJudgesThatTemplateAgainAndNoInstance) {
  std::string template_id;
  Run run = watch_once([&](const Inventory& first) {
    for (const auto& r : first.regions) {
      if (r.launch_templates.empty() || !template_id.empty()) continue;
      template_id = r.launch_templates.front().id;
      call_query("ec2", r.region, "CreateLaunchTemplateVersion",
                 {{"LaunchTemplateId", template_id}, {"LaunchTemplateData.InstanceType", "t3.small"}});
    }
  });
  ASSERT_FALSE(template_id.empty()) << "the estate has a launch template";
  EXPECT_EQ(incremental_note(run), "re-audited incrementally: 0 instance(s) collected, 1 resource(s) judged again");
  EXPECT_EQ(run.calls["DescribeInstances"], 0);
  EXPECT_EQ(run.calls["DescribeLaunchTemplates"], 1) << "that template, by id";
  for (const auto& c : run.changes) EXPECT_EQ(c.finding.resource_id, template_id);
}

TEST_F(WatchIncremental, ATerminatedInstancesVerdictsAreGone) {
  std::string instance;
  Run run = watch_once([&](const Inventory& first) {
    for (const auto& r : first.regions) {
      for (const auto& i : r.instances) {
        if (!instance.empty() || i.state != "running") continue;
        instance = i.id;
        call_query("ec2", r.region, "TerminateInstances", {{"InstanceId.1", i.id}});
      }
    }
  });
  ASSERT_FALSE(instance.empty());
  EXPECT_EQ(incremental_note(run), "re-audited incrementally: 0 instance(s) collected, 1 resource(s) judged again")
      << "DescribeInstances by id no longer returns it";
  ASSERT_FALSE(run.changes.empty());
  for (const auto& c : run.changes) {
    EXPECT_EQ(c.finding.resource_id, instance);
    EXPECT_EQ(c.kind, VerdictChange::Kind::kGone);
    EXPECT_EQ(c.triggers, std::vector<std::string>{"TerminateInstances"});
  }
}

TEST_F(WatchIncremental, AnEventWhoseResourcesCannotBeReadIsAuditedByAccountAndRegion) {
  // An EventBridge event whose requestParameters are not what AWS records: the account and region
  // are audited as a scan.
  const std::string region = estate_["accounts"][0]["enabled_regions"][0];
  const std::string url = emu_->endpoint_url() + "/" + account_ + "/rolecall-events";
  nlohmann::json event = {{"version", "0"},
                          {"id", "0f6a1e2b-1428-4cd3-a780-95db273d1602"},
                          {"detail-type", "AWS API Call via CloudTrail"},
                          {"source", "aws.ec2"},
                          {"account", account_},
                          {"region", region},
                          {"detail",
                           {{"eventID", "e2f1a0b9-0000-4000-8000-00000000000a"},
                            {"eventName", "DisassociateIamInstanceProfile"},
                            {"eventSource", "ec2.amazonaws.com"},
                            {"awsRegion", region},
                            {"eventTime", "2026-12-06T14:00:00Z"},
                            {"readOnly", false},
                            {"requestParameters", "not an object"},
                            {"responseElements", {{"instanceId", 42}}},
                            {"recipientAccountId", account_}}}};
  aws::ServiceCall send;
  send.service = "sqs";
  send.region = "us-east-1";
  send.protocol = aws::Protocol::kJson10;
  send.action = "SendMessage";
  send.json_target = "AmazonSQS.SendMessage";
  send.json_body = base::json_text(nlohmann::json{{"QueueUrl", url}, {"MessageBody", base::json_text(event)}});
  WatchOptions options;
  options.interval = std::chrono::seconds(1);
  options.max_polls = 1;
  options.queue_url = url;
  options.queue_region = "us-east-1";
  std::vector<std::size_t> audit_regions;
  std::vector<std::string> scopes;
  WatchHooks hooks;
  bool first = true;
  hooks.on_scan = [&](const ScanResult&, const Inventory& inventory) {
    if (first) {
      first = false;
      // Sent after the first scan: the queue is read by the poll.
      auto sent = base::run_sync<aws::ServiceResponse>(session_->loop(),
                                                       [&](std::function<void(Result<aws::ServiceResponse>)> done) {
                                                         client_->call(aws::ServiceCall(send), std::move(done));
                                                       });
      EXPECT_TRUE(sent) << sent.error().describe();
      return;
    }
    audit_regions.push_back(inventory.regions.size());
    for (const auto& r : inventory.regions) scopes.push_back(r.account_id + " " + r.region);
  };
  auto watched = watch(*session_, options, hooks);
  ASSERT_TRUE(watched) << watched.error().describe();
  ASSERT_EQ(audit_regions.size(), 1u) << "one re-audit";
  EXPECT_EQ(scopes, std::vector<std::string>{account_ + " " + region}) << "a scan of the event's account and region";
}

}  // namespace
}  // namespace rolecall

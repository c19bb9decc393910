#pragma once
// The fixture of rolecall::watch's incremental re-audit tests: an emulator that records every
// mutating call as a CloudTrail event, one watch poll around a change, and the emulator's requests
// per action during that poll.
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

namespace rolecall::testing {

// A policy document granting every action on every resource.
inline constexpr const char* kEverythingDocument =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";

class WatchIncremental : public EmulatorFixture {
 public:
  void SetUp() override {
    estate_ = emulator::generate_estate(spec()).estate;
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

  // Puts an inline policy granting everything (kEverythingDocument) on role `role_name`.
  void put_everything_policy(const std::string& role_name) {
    call_query("iam", "us-east-1", "PutRolePolicy",
               {{"RoleName", role_name}, {"PolicyName", "everything"}, {"PolicyDocument", kEverythingDocument}});
  }

  // The estate to generate.
  virtual emulator::GeneratorSpec spec() const {
    return emulator::GeneratorSpec{.accounts = 1, .regions = 2, .instances = 12, .seed = 5};
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

  // Disassociates instance `instance`'s profile in `region` (DescribeIamInstanceProfileAssociations
  // for its association, then DisassociateIamInstanceProfile).
  void disassociate_profile(const std::string& region, const std::string& instance) {
    auto listed = call_query("ec2", region, "DescribeIamInstanceProfileAssociations",
                             {{"Filter.1.Name", "instance-id"}, {"Filter.1.Value.1", instance}});
    auto start = listed.find("<associationId>");
    ASSERT_NE(start, std::string::npos) << listed;
    start += std::string("<associationId>").size();
    call_query("ec2", region, "DisassociateIamInstanceProfile",
               {{"AssociationId", listed.substr(start, listed.find('<', start) - start)}});
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
inline std::set<std::string> watch_instances_using(const Inventory& inventory, const std::string& role_arn) {
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

// The role of the first instance of `first` whose role is not admin-level already, and the
// instances using it.
inline std::pair<const Role*, std::set<std::string>> watch_plain_role(const Inventory& first) {
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
inline std::set<std::string> watch_new_admin_fails(const std::vector<VerdictChange>& changes) {
  std::set<std::string> out;
  for (const auto& c : changes) {
    if (c.finding.check_id == "role-not-admin" && c.finding.status == Status::kFail) out.insert(c.finding.resource_id);
  }
  return out;
}

}  // namespace rolecall::testing

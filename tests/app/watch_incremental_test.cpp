// rolecall::watch's incremental re-audit against the emulator (record_calls: every mutating call is
// a CloudTrail event with its requestParameters and responseElements): a change to one instance
// collects that instance only, a policy attached to a role judges again the instances using it and
// no other, a launch without a profile is one new FAIL, and an event whose resources cannot be read
// is audited by account and region as before. IAM and key changes: watch_incremental_iam_test.cpp.
#include <gtest/gtest.h>

#include <set>

#include "watch_incremental_fixture.h"

namespace rolecall::testing {
namespace {

TEST_F(WatchIncremental, ADisassociationCollectsThatInstanceOnlyAndReportsItsChangedVerdicts) {
  std::string instance;
  Run run = watch_once([&](const Inventory& first) {
    for (const auto& r : first.regions) {
      for (const auto& i : r.instances) {
        if (!i.profile_arn.empty() && instance.empty() && i.state == "running") {
          instance = i.id;
          disassociate_profile(r.region, i.id);
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

// Changes in several regions are collected in one collection, the regions side by side.
TEST_F(WatchIncremental, ChangesInTwoRegionsAreCollectedTogetherEachRegionByItsIds) {
  std::set<std::string> changed;
  Run run = watch_once([&](const Inventory& first) {
    ASSERT_EQ(first.regions.size(), 2u);
    for (const auto& r : first.regions) {
      for (const auto& i : r.instances) {
        if (i.state != "running" || i.metadata.http_tokens != "required") continue;
        call_query("ec2", r.region, "ModifyInstanceMetadataOptions",
                   {{"InstanceId", i.id}, {"HttpTokens", "optional"}, {"HttpEndpoint", "enabled"}});
        changed.insert(i.id);
        break;  // one per region
      }
    }
  });
  ASSERT_EQ(changed.size(), 2u) << "each region has a running instance requiring IMDSv2";
  ASSERT_EQ(run.audits.size(), 1u);
  EXPECT_EQ(incremental_note(run), "re-audited incrementally: 2 instance(s) collected, 2 resource(s) judged again");
  EXPECT_EQ(run.calls["DescribeInstances"], 2) << "one per region, by id";
  std::set<std::string> failing;
  for (const auto& c : run.changes) {
    EXPECT_TRUE(changed.contains(c.finding.resource_id)) << c.finding.resource_id;
    if (c.finding.check_id == "imdsv2-required" && c.finding.status == Status::kFail)
      failing.insert(c.finding.resource_id);
  }
  EXPECT_EQ(failing, changed) << "imdsv2-required turned FAIL in both regions";
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
}  // namespace rolecall::testing

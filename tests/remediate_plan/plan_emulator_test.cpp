// Planning against the in-process emulator: a generated estate with ground truth, and a small
// hand-written estate with a user that lacks iam:PassRole.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "emulator/emulator.h"
#include "remediate/plan_build.h"
#include "remediate/plan_render.h"
#include "remediate/plan_target.h"
#include "remediate/preflight.h"
#include "report/report.h"
#include "rolecall/scan.h"
#include "support/emulator_fixture.h"

namespace rolecall::remediate {
namespace {

using Key = std::tuple<std::string, std::string, std::string>;  // account, region, instance

// The emulator serving an estate, with sessions at it (profile "" = the default).
using PlanEmulator = rolecall::testing::EmulatorFixture;

emulator::EmulatorOptions generated(int accounts, int regions, int instances, std::uint64_t seed) {
  emulator::GeneratorSpec spec;
  spec.accounts = accounts;
  spec.regions = regions;
  spec.instances = instances;
  spec.seed = seed;
  emulator::EmulatorOptions eo;
  eo.generate = spec;
  return eo;
}

// What the ground truth says each instance needs: "associate", "replace" or "skip".
std::map<Key, std::string> expected_kinds(const nlohmann::json& truth) {
  std::map<Key, std::string> out;
  for (const auto& f : truth.at("findings")) {
    const std::string id = f.at("resource_id");
    if (!id.starts_with("i-")) continue;
    Key key{f.at("account_id"), f.at("region"), id};
    const std::string check = f.at("check_id");
    const std::string status = f.at("status");
    std::string& kind = out.try_emplace(key, "skip").first->second;
    if (status != "FAIL") continue;
    if (check == "instance-has-role") kind = "associate";
    if ((check == "profile-has-role" || check == "role-trusts-ec2" || check == "role-not-admin") &&
        kind != "associate") {
      kind = "replace";
    }
  }
  return out;
}

void expect_plan_matches_truth(const Plan& plan, const nlohmann::json& truth, const std::string& target_profile) {
  auto want = expected_kinds(truth);
  ASSERT_FALSE(want.empty());
  std::map<Key, const PlannedAction*> got;
  for (const auto& a : plan.actions) got[{a.before.account_id, a.before.region, a.before.instance_id}] = &a;
  std::size_t mismatches = 0;
  std::set<std::string> kinds;
  for (const auto& [key, kind] : want) {
    auto it = got.find(key);
    if (it == got.end()) {
      if (++mismatches <= 10) ADD_FAILURE() << std::get<2>(key) << ": not planned, want " << kind;
      continue;
    }
    const PlannedAction& a = *it->second;
    kinds.insert(to_string(a.kind));
    if (kind != to_string(a.kind) && ++mismatches <= 10) {
      ADD_FAILURE() << std::get<2>(key) << ": want " << kind << ", got " << to_string(a.kind) << " (" << a.reason
                    << ")";
    }
    if (a.kind == ActionKind::kAssociate || a.kind == ActionKind::kReplace) {
      if (!target_profile.empty()) {
        EXPECT_EQ(a.target.arn, "arn:aws:iam::" + std::get<0>(key) + ":instance-profile/" + target_profile);
      }
      EXPECT_FALSE(a.before.state.empty());
      EXPECT_FALSE(a.before.root_device_type.empty());
    }
    if (a.kind == ActionKind::kReplace) {
      EXPECT_TRUE(a.before.association_id.starts_with("iip-assoc-")) << a.before.instance_id;
      EXPECT_FALSE(a.before.profile_arn.empty());
    }
  }
  // Terminated and shutting-down instances are not judged and not planned.
  EXPECT_EQ(got.size(), want.size());
  EXPECT_EQ(mismatches, 0u);
  EXPECT_TRUE(kinds.contains("associate"));
  EXPECT_TRUE(kinds.contains("replace"));
  EXPECT_TRUE(kinds.contains("skip"));
}

TEST_F(PlanEmulator, FreshPlanTargetsExactlyTheFailingInstances) {
  start_emulator(generated(2, 2, 120, 7));
  auto s = session();
  ASSERT_TRUE(s);
  PlanBuildOptions options;
  options.scope.org = true;
  options.target.kind = TargetSpec::Kind::kInstanceProfile;
  options.target.name = "app-web";
  auto built = build_plan(*s, options);
  ASSERT_TRUE(built) << built.error().describe();
  EXPECT_EQ(built->plan.count(ActionKind::kBlocked), 0u);
  expect_plan_matches_truth(built->plan, emu_->truth(), "app-web");
  EXPECT_FALSE(built->plan.created_by.empty());
  EXPECT_EQ(built->plan.target_description, "--instance-profile app-web");

  // The plan file round-trips and the diff's summary agrees with the counts.
  auto reparsed = plan_from_json(plan_to_json(built->plan), "plan.json");
  ASSERT_TRUE(reparsed) << reparsed.error().message;
  EXPECT_EQ(reparsed->actions.size(), built->plan.actions.size());
  std::ostringstream diff;
  render_plan(built->plan, diff, {});
  EXPECT_NE(diff.str().find(plan_summary(built->plan)), std::string::npos);
  EXPECT_NE(diff.str().find("+ associate i-"), std::string::npos);
  EXPECT_NE(diff.str().find("~ replace   i-"), std::string::npos);
  EXPECT_EQ(diff.str().find("\x1b["), std::string::npos);  // no colour unless asked
}

TEST_F(PlanEmulator, PlanFromScanReportEqualsFreshPlan) {
  start_emulator(generated(1, 2, 60, 3));
  auto s = session();
  ASSERT_TRUE(s);
  ScanOptions scan;
  scan.judge.checks = {"instance-has-role", "profile-has-role", "role-not-admin", "role-trusts-ec2"};
  auto result = rolecall::scan(*s, scan);
  ASSERT_TRUE(result) << result.error().describe();
  const auto report_path = dir_ / "scan.json";
  {
    std::ofstream out(report_path);
    ASSERT_TRUE(report::write_format("json", *result, {}, out));
  }
  PlanBuildOptions options;
  options.target.kind = TargetSpec::Kind::kRole;
  options.target.name = "app-search";
  options.from_scan_file = report_path.string();
  auto from_report = build_plan(*s, options);
  ASSERT_TRUE(from_report) << from_report.error().describe();
  options.from_scan_file.clear();
  auto fresh = build_plan(*s, options);
  ASSERT_TRUE(fresh) << fresh.error().describe();
  ASSERT_EQ(from_report->plan.actions.size(), fresh->plan.actions.size());
  for (std::size_t i = 0; i < fresh->plan.actions.size(); ++i) {
    EXPECT_EQ(from_report->plan.actions[i].before.instance_id, fresh->plan.actions[i].before.instance_id);
    EXPECT_EQ(from_report->plan.actions[i].kind, fresh->plan.actions[i].kind)
        << fresh->plan.actions[i].before.instance_id << ": " << from_report->plan.actions[i].reason;
  }
  expect_plan_matches_truth(fresh->plan, emu_->truth(), "app-search");
}

TEST_F(PlanEmulator, MappingPicksTheProfileByTag) {
  start_emulator(generated(2, 1, 80, 9));
  auto s = session();
  ASSERT_TRUE(s);
  auto rules = parse_mapping(
      "rules:\n"
      "  - tags: {team: payments}\n    profile: app-payments\n"
      "  - tags: {team: sea*}\n    profile: app-search\n"
      "  - profile: app-web\n",
      "map.yaml");
  ASSERT_TRUE(rules) << rules.error().message;
  PlanBuildOptions options;
  options.scope.org = true;
  options.target.kind = TargetSpec::Kind::kMapping;
  options.target.rules = *rules;
  options.target.mapping_source = "map.yaml";
  auto built = build_plan(*s, options);
  ASSERT_TRUE(built) << built.error().describe();
  expect_plan_matches_truth(built->plan, emu_->truth(), "");  // kinds only; targets checked below
  std::map<std::string, std::string> team_of;
  const nlohmann::json state = emu_->dump_state();  // kept alive: range-for would not extend it
  for (const auto& account : state.at("accounts")) {
    for (const auto& inst : account.at("instances")) {
      if (inst.contains("tags") && inst.at("tags").contains("team"))
        team_of[inst.at("id")] = inst.at("tags").at("team");
    }
  }
  std::set<std::string> used;
  for (const auto& a : built->plan.actions) {
    if (a.kind != ActionKind::kAssociate && a.kind != ActionKind::kReplace) continue;
    const std::string team = team_of[a.before.instance_id];
    const std::string want = team == "payments" ? "app-payments" : team == "search" ? "app-search" : "app-web";
    EXPECT_EQ(a.target.name, want) << a.before.instance_id << " team " << team;
    used.insert(a.target.name);
  }
  EXPECT_GE(used.size(), 2u);
}

TEST_F(PlanEmulator, UnreadableRegionMakesThePlanPartial) {
  start_emulator(generated(1, 1, 20, 5));
  auto s = session();
  ASSERT_TRUE(s);
  PlanBuildOptions options;
  options.regions = {"us-east-1", "af-south-1"};  // not opted in: DescribeInstances fails there
  options.target.name = "app-web";
  auto built = build_plan(*s, options);
  ASSERT_TRUE(built) << built.error().describe();
  EXPECT_TRUE(built->partial);
  bool warned = false;
  for (const auto& w : built->warnings) warned = warned || w.find("af-south-1") != std::string::npos;
  EXPECT_TRUE(warned);
  for (const auto& a : built->plan.actions) EXPECT_EQ(a.before.region, "us-east-1");
  EXPECT_GT(built->plan.count(ActionKind::kAssociate) + built->plan.count(ActionKind::kReplace), 0u);

  // A report whose region could not be scanned: the instances there are blocked, never skipped.
  nlohmann::json report = {{"schema", "rolecall.scan/v1"},
                           {"findings",
                            {{{"check_id", "scan"},
                              {"status", "ERROR"},
                              {"account_id", built->plan.actions[0].before.account_id},
                              {"region", "us-east-1"},
                              {"resource_type", "scope"},
                              {"resource_id", "x"},
                              {"message", "RequestLimitExceeded"}}}}};
  std::ofstream(dir_ / "partial.json") << report.dump();
  options.regions = {"us-east-1"};
  options.from_scan_file = (dir_ / "partial.json").string();
  auto from_report = build_plan(*s, options);
  ASSERT_TRUE(from_report) << from_report.error().describe();
  EXPECT_TRUE(from_report->partial);
  ASSERT_FALSE(from_report->plan.actions.empty());
  for (const auto& a : from_report->plan.actions) {
    EXPECT_EQ(a.kind, ActionKind::kBlocked) << a.before.instance_id;
    EXPECT_NE(a.reason.find("could not be scanned"), std::string::npos) << a.reason;
  }
}

TEST_F(PlanEmulator, BadTargetBlocksEveryChange) {
  start_emulator(generated(1, 1, 40, 5));
  auto s = session();
  ASSERT_TRUE(s);
  PlanBuildOptions options;
  options.target.kind = TargetSpec::Kind::kInstanceProfile;
  options.target.name = "admin-ec2";
  auto built = build_plan(*s, options);
  ASSERT_TRUE(built) << built.error().describe();
  EXPECT_EQ(built->plan.count(ActionKind::kAssociate), 0u);
  EXPECT_EQ(built->plan.count(ActionKind::kReplace), 0u);
  ASSERT_GT(built->plan.count(ActionKind::kBlocked), 0u);
  for (const auto& a : built->plan.actions) {
    if (a.kind == ActionKind::kBlocked) {
      EXPECT_NE(a.reason.find("admin-level"), std::string::npos) << a.reason;
    }
  }
}

TEST_F(PlanEmulator, TargetThatExistsNowhereIsAUsageError) {
  start_emulator(generated(1, 1, 10, 5));
  auto s = session();
  ASSERT_TRUE(s);
  PlanBuildOptions options;
  options.target.kind = TargetSpec::Kind::kInstanceProfile;
  options.target.name = "no-such";
  auto built = build_plan(*s, options);
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(built.error().message.find("instance profile no-such does not exist"), std::string::npos);
  options.target.kind = TargetSpec::Kind::kRole;
  built = build_plan(*s, options);
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(built.error().message.find("role no-such does not exist"), std::string::npos);
}

TEST_F(PlanEmulator, MissingScanReportIsAUsageError) {
  start_emulator(generated(1, 1, 4, 1));
  auto s = session();
  ASSERT_TRUE(s);
  PlanBuildOptions options;
  options.target.name = "app-web";
  options.from_scan_file = (dir_ / "missing.json").string();
  auto built = build_plan(*s, options);
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(built.error().message.find("missing.json"), std::string::npos);
}

// A one-account estate: an admin, a user with everything but iam:PassRole, and instances.
nlohmann::json small_estate() {
  return nlohmann::json::parse(R"({
    "schema_version": 1,
    "regions": ["us-east-1"],
    "accounts": [{
      "id": "111111111111", "name": "prod",
      "users": [
        {"name": "admin",
         "access_keys": [{"id": "AKIAADMINADMINADMIN1", "secret": "adminsecretadminsecretadminsecret0000000"}],
         "attached_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"]},
        {"name": "ec2only",
         "access_keys": [{"id": "AKIAEC2ONLYEC2ONLY22", "secret": "ec2onlysecretec2onlysecretec2onlysecret0"}],
         "inline_policies": [{"name": "no-passrole", "document": {"Version": "2012-10-17", "Statement": [
           {"Effect": "Allow", "Resource": "*",
            "Action": ["ec2:*", "iam:Get*", "iam:List*", "iam:SimulatePrincipalPolicy", "sts:GetCallerIdentity"]}]}}]},
        {"name": "nosim",
         "access_keys": [{"id": "AKIANOSIMNOSIMNOSIM3", "secret": "nosimsecretnosimsecretnosimsecretnosim00"}],
         "inline_policies": [{"name": "ec2-only", "document": {"Version": "2012-10-17", "Statement": [
           {"Effect": "Allow", "Resource": "*", "Action": ["ec2:*", "sts:GetCallerIdentity"]}]}}]}
      ],
      "roles": [{"name": "app", "trust_policy": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}],
      "instance_profiles": [{"name": "app", "roles": ["app"]}],
      "instances": [
        {"id": "i-00000001", "region": "us-east-1"},
        {"id": "i-00000002", "region": "us-east-1", "instance_profile": "app"}
      ]
    }]
  })");
}

const std::string kEc2OnlyProfile =
    "\n[ec2only]\naws_access_key_id = AKIAEC2ONLYEC2ONLY22\naws_secret_access_key = "
    "ec2onlysecretec2onlysecretec2onlysecret0\n"
    "\n[nosim]\naws_access_key_id = AKIANOSIMNOSIMNOSIM3\naws_secret_access_key = "
    "nosimsecretnosimsecretnosimsecretnosim00\n";

TEST_F(PlanEmulator, PreflightGrantedForAdminAndPassRoleDeniedWithoutIt) {
  emulator::EmulatorOptions eo;
  eo.estate = small_estate();
  start_emulator(eo, kEc2OnlyProfile);
  const std::string role = "arn:aws:iam::111111111111:role/app";
  for (const auto& [profile, want_pass] : std::vector<std::pair<std::string, PermissionStatus>>{
           {"", PermissionStatus::kGranted}, {"ec2only", PermissionStatus::kDenied}}) {
    auto s = session(profile);
    ASSERT_TRUE(s);
    auto provider = s->credentials();
    auto client = s->client(provider, "test");
    PreflightTarget target;
    target.account_id = "111111111111";
    target.caller = client.get();
    target.pass_role_arns = {role};
    target.create_profile = true;
    target.dry_run_instance_id = "i-00000001";
    auto report = run_preflight(s->loop(), {target});
    ASSERT_TRUE(report) << report.error().describe();
    ASSERT_EQ(report->accounts.size(), 1u);
    const auto& account = report->accounts[0];
    EXPECT_FALSE(account.error) << account.error->describe();
    std::map<std::string, PermissionCheck> by_action;
    for (const auto& c : account.checks) by_action[c.action] = c;
    ASSERT_TRUE(by_action.contains("iam:PassRole"));
    EXPECT_EQ(by_action["iam:PassRole"].status, want_pass) << profile << ": " << by_action["iam:PassRole"].detail;
    EXPECT_EQ(by_action["iam:PassRole"].resource, role);
    EXPECT_EQ(by_action["ec2:AssociateIamInstanceProfile"].status, PermissionStatus::kGranted) << profile;
    EXPECT_EQ(by_action["ec2:StopInstances"].status, PermissionStatus::kGranted)
        << by_action["ec2:StopInstances"].detail;
    EXPECT_EQ(by_action["ec2:StopInstances"].method, "dry-run");
    EXPECT_TRUE(by_action.contains("iam:CreateInstanceProfile"));
    if (profile.empty()) {
      EXPECT_TRUE(report->all_granted());
      EXPECT_EQ(report->exit_code(), ExitCode::kOk);
      EXPECT_NE(by_action["ec2:AssociateIamInstanceProfile"].detail.find("AdministratorAccess"), std::string::npos)
          << by_action["ec2:AssociateIamInstanceProfile"].detail;
    } else {
      EXPECT_FALSE(report->all_granted());
      EXPECT_EQ(report->exit_code(), ExitCode::kCredentials);
      EXPECT_EQ(by_action["iam:CreateInstanceProfile"].status, PermissionStatus::kDenied);
    }
    std::ostringstream text;
    render_preflight(*report, text, false);
    EXPECT_NE(text.str().find("iam:PassRole on " + role), std::string::npos) << text.str();
  }
}

TEST_F(PlanEmulator, PreflightChecksEveryAccountAtOnceAndReportsInTargetOrder) {
  emulator::EmulatorOptions eo;
  eo.estate = small_estate();
  start_emulator(eo, kEc2OnlyProfile);
  auto s = session("");
  ASSERT_TRUE(s);
  auto admin = s->client(s->credentials(), "admin");
  auto other = session("ec2only");
  ASSERT_TRUE(other);
  // Same event loop for every target, as apply has it: the ec2only caller on the admin session's loop.
  auto ec2only = s->client(other->credentials(), "ec2only");
  const std::string role = "arn:aws:iam::111111111111:role/app";
  std::vector<PreflightTarget> targets(3);
  targets[0].account_id = "111111111111";
  targets[0].caller = admin.get();
  targets[0].pass_role_arns = {role, "arn:aws:iam::111111111111:role/other"};
  targets[0].dry_run_instance_id = "i-00000001";
  targets[1].account_id = "222222222222";
  targets[1].error = Error::access_denied("sts:AssumeRole refused").with_http_status(403);
  targets[2].account_id = "111111111111";
  targets[2].caller = ec2only.get();
  targets[2].pass_role_arns = {role};
  auto report = run_preflight(s->loop(), targets);
  ASSERT_TRUE(report) << report.error().describe();
  ASSERT_EQ(report->accounts.size(), 3u);
  // Admin: every action in preflight_actions order, then one PassRole per role in order, then the DryRuns.
  const auto& a = report->accounts[0];
  EXPECT_FALSE(a.error);
  auto actions = preflight_actions(targets[0]);
  ASSERT_EQ(a.checks.size(), actions.size() + 2 + 2);
  for (std::size_t i = 0; i < actions.size(); ++i) {
    EXPECT_EQ(a.checks[i].action, actions[i]);
    EXPECT_EQ(a.checks[i].status, PermissionStatus::kGranted) << actions[i] << ": " << a.checks[i].detail;
  }
  EXPECT_EQ(a.checks[actions.size()].resource, role);
  EXPECT_EQ(a.checks[actions.size() + 1].resource, "arn:aws:iam::111111111111:role/other");
  EXPECT_EQ(a.checks[actions.size() + 2].action, "ec2:StopInstances");
  EXPECT_EQ(a.checks[actions.size() + 3].action, "ec2:StartInstances");
  // The unreachable account: its error, every permission unknown.
  const auto& b = report->accounts[1];
  ASSERT_TRUE(b.error);
  EXPECT_EQ(b.account_id, "222222222222");
  for (const auto& c : b.checks) EXPECT_EQ(c.status, PermissionStatus::kUnknown) << c.action;
  // ec2only: PassRole denied, nothing from the admin's answers leaked into it.
  const auto& c = report->accounts[2];
  EXPECT_FALSE(c.error);
  EXPECT_NE(c.caller_arn, a.caller_arn);
  ASSERT_FALSE(c.checks.empty());
  EXPECT_EQ(c.checks.back().action, "iam:PassRole");
  EXPECT_EQ(c.checks.back().status, PermissionStatus::kDenied) << c.checks.back().detail;
  EXPECT_EQ(report->exit_code(), ExitCode::kCredentials);
}

TEST_F(PlanEmulator, PreflightCannotCheckWhenSimulationIsDenied) {
  emulator::EmulatorOptions eo;
  eo.estate = small_estate();
  start_emulator(eo, kEc2OnlyProfile);
  auto s = session("nosim");
  ASSERT_TRUE(s);
  auto client = s->client(s->credentials(), "test");
  PreflightTarget target;
  target.account_id = "111111111111";
  target.caller = client.get();
  target.pass_role_arns = {"arn:aws:iam::111111111111:role/app"};
  target.dry_run_instance_id = "i-00000001";
  auto report = run_preflight(s->loop(), {target});
  ASSERT_TRUE(report) << report.error().describe();
  EXPECT_EQ(report->exit_code(), ExitCode::kPartial);
  std::size_t unknown = 0;
  for (const auto& c : report->accounts[0].checks) {
    if (c.method == "dry-run") {
      EXPECT_EQ(c.status, PermissionStatus::kGranted) << c.action << ": " << c.detail;  // EC2 answers for itself
      continue;
    }
    EXPECT_EQ(c.status, PermissionStatus::kUnknown) << c.action;
    EXPECT_NE(c.detail.find("SimulatePrincipalPolicy"), std::string::npos) << c.detail;
    ++unknown;
  }
  EXPECT_EQ(unknown, preflight_actions(target).size() + 1);
}

TEST_F(PlanEmulator, PassRoleDeniedBlocksThePlannedChanges) {
  emulator::EmulatorOptions eo;
  eo.estate = small_estate();
  start_emulator(eo, kEc2OnlyProfile);
  PlanBuildOptions options;
  options.scope.profiles = {"ec2only"};
  options.regions = {"us-east-1"};
  options.target.name = "app";
  auto s = session("ec2only");
  ASSERT_TRUE(s);
  auto denied = build_plan(*s, options);
  ASSERT_TRUE(denied) << denied.error().describe();
  ASSERT_EQ(denied->plan.actions.size(), 2u);
  EXPECT_EQ(denied->plan.actions[0].kind, ActionKind::kBlocked);
  EXPECT_NE(denied->plan.actions[0].reason.find("iam:PassRole"), std::string::npos) << denied->plan.actions[0].reason;
  EXPECT_EQ(denied->plan.actions[1].kind, ActionKind::kSkip);  // already right: PassRole is not needed

  options.scope.profiles.clear();
  auto admin_session = session();
  ASSERT_TRUE(admin_session);
  auto granted = build_plan(*admin_session, options);
  ASSERT_TRUE(granted) << granted.error().describe();
  EXPECT_EQ(granted->plan.actions[0].kind, ActionKind::kAssociate) << granted->plan.actions[0].reason;
  EXPECT_EQ(granted->plan.actions[0].target.arn, "arn:aws:iam::111111111111:instance-profile/app");
}

TEST(SimulationPrincipal, MapsCallerArns) {
  EXPECT_EQ(simulation_principal("arn:aws:iam::111111111111:user/ops/alice"),
            "arn:aws:iam::111111111111:user/ops/alice");
  EXPECT_EQ(simulation_principal("arn:aws:sts::111111111111:assumed-role/Admin/session-1"),
            "arn:aws:iam::111111111111:role/Admin");
  EXPECT_EQ(simulation_principal("arn:aws-cn:sts::111111111111:assumed-role/R/s"),
            "arn:aws-cn:iam::111111111111:role/R");
  EXPECT_EQ(simulation_principal("arn:aws:iam::111111111111:root"), "root");
  EXPECT_EQ(simulation_principal("arn:aws:sts::111111111111:federated-user/bob"), "");
  EXPECT_EQ(simulation_principal("not an arn"), "");
  EXPECT_EQ(simulation_principal(""), "");
}

TEST(PreflightReport, ExitCodes) {
  PreflightReport r;
  EXPECT_FALSE(r.all_granted());
  r.accounts.push_back({"1", "arn", "arn", {{"a", "*", PermissionStatus::kGranted, "simulate", ""}}, std::nullopt});
  EXPECT_EQ(r.exit_code(), ExitCode::kOk);
  r.accounts[0].checks.push_back({"b", "*", PermissionStatus::kUnknown, "simulate", "denied to simulate"});
  EXPECT_EQ(r.exit_code(), ExitCode::kPartial);
  r.accounts[0].checks.push_back({"c", "*", PermissionStatus::kDenied, "simulate", ""});
  EXPECT_EQ(r.exit_code(), ExitCode::kCredentials);
}

}  // namespace
}  // namespace rolecall::remediate

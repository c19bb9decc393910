#include "fixture.h"

#include "remediate/live_state.h"

namespace rolecall::testing {

remediate::ExecutorOptions fast_executor() {
  remediate::ExecutorOptions o;
  o.verify_interval = std::chrono::milliseconds(0);
  o.new_profile_interval = std::chrono::milliseconds(0);
  o.throttle_backoff = std::chrono::milliseconds(100);  // a loop timer, not a sleep
  return o;
}

void RemediateFixture::start(const emulator::EmulatorOptions& options) {
  start_emulator(options);
  if (::testing::Test::HasFatalFailure()) return;
  auto j = remediate::Journal::open((dir_ / "journal.db").string(), env_->clock());
  ASSERT_TRUE(j) << j.error().describe();
  journal_ = std::move(*j);
}

void RemediateFixture::TearDown() {
  journal_.reset();
  callers_.clear();
  scope_ = {};
  EmulatorFixture::TearDown();
}

void RemediateFixture::resolve(aws::Session& s) {
  inventory::ScopeOptions options;
  options.org = true;
  auto scope = inventory::resolve_scope(s, options);
  ASSERT_TRUE(scope) << scope.error().describe();
  scope_ = std::move(*scope);
  for (const auto& t : scope_.targets) {
    ASSERT_NE(t.caller, nullptr) << t.account_id << ": " << (t.error ? t.error->describe() : "");
    callers_[t.account_id] = t.caller;
  }
}

std::map<std::string, std::string> RemediateFixture::profiles_now() const {
  std::map<std::string, std::string> out;
  auto dump = emu_->dump_state();  // keep the document alive while iterating it
  for (const auto& a : dump.at("accounts")) {
    for (const auto& in : a.at("instances")) {
      std::string id = in.at("id").get<std::string>();
      out[id] = in.at("instance_profile").is_null() ? std::string() : in.at("instance_profile").get<std::string>();
    }
  }
  return out;
}

Plan RemediateFixture::plan_for(aws::Session& /*s*/, const std::set<std::string>& from,
                                const std::string& profile_name) {
  Plan plan;
  plan.created_at = "2026-11-24T00:00:00Z";
  plan.target_description = "--instance-profile " + profile_name;
  static const std::set<std::string> kStates = {"running", "stopped"};
  auto dump = emu_->dump_state();
  for (const auto& a : dump.at("accounts")) {
    std::string account = a.at("id");
    std::string path = "/";
    for (const auto& p : a.at("instance_profiles")) {
      if (p.at("name") == profile_name) path = p.at("path");
    }
    for (const auto& in : a.at("instances")) {
      std::string profile = in.at("instance_profile").is_null() ? "" : in.at("instance_profile").get<std::string>();
      if (!kStates.contains(in.at("state").get<std::string>()) || !from.contains(profile)) continue;
      PlannedAction action;
      action.kind = profile.empty() ? ActionKind::kAssociate : ActionKind::kReplace;
      action.before.instance_id = in.at("id");
      action.before.account_id = account;
      action.before.region = in.at("region");
      action.before.state = in.at("state");
      action.before.root_device_type = in.at("root_device_type");
      // The association's ARN as EC2 reports it (read from the dump: no AWS call, so fault
      // injection cannot break planning). Association ids stay empty: the stale check skips them.
      if (!profile.empty()) {
        std::string ppath = "/";
        for (const auto& p : a.at("instance_profiles")) {
          if (p.at("name") == profile) ppath = p.at("path");
        }
        action.before.profile_arn = "arn:aws:iam::" + account + ":instance-profile" + ppath + profile;
      }
      action.target.name = profile_name;
      action.target.arn = "arn:aws:iam::" + account + ":instance-profile" + path + profile_name;
      action.fixes = {profile.empty() ? "instance-has-role" : "profile-has-role"};
      plan.actions.push_back(std::move(action));
    }
  }
  return plan;
}

}  // namespace rolecall::testing

// A launch template version without a migrated key (issue 12 §3.5), cut off mid-way: apply --resume
// adopts the version the cut-off call made (no second one) and leaves the default until approved;
// --make-template-default approves it; rollback restores the template exactly.
#include <gtest/gtest.h>

#include "aws/ops/ec2_launch_template_writes.h"
#include "base/sha256.h"
#include "checks/key_scrub.h"
#include "fixture.h"
#include "remediate/rollback.h"
#include "remediate/template_apply.h"
#include "remediate/template_live.h"
#include "rolecall/remediate.h"
#include "secrets/encode.h"

namespace rolecall::remediate {
namespace {

using namespace rolecall::testing;

constexpr const char* kKeyedTemplate = "lt-0a1b2c3d4e5f60718";

nlohmann::json keyed_template(const nlohmann::json& state) {
  for (const auto& t : state["accounts"][0]["launch_templates"]) {
    if (t["id"] == kKeyedTemplate) return t;
  }
  return {};
}

// The emulator with an instance and a template whose user data exports a live key of an IAM
// user of the account (legacy-deploy's first Active key).
class TemplateScrubResumeTest : public RemediateFixture {
 protected:
  void start_keyed() {
    emulator::EmulatorOptions eo;
    emulator::GeneratorSpec spec;
    spec.accounts = 1;
    spec.regions = 1;
    spec.instances = 1;
    spec.seed = 3;
    eo.generate = spec;
    start(eo);
    auto state = emu_->dump_state();
    auto& account = state["accounts"][0];
    std::string secret;
    for (const auto& u : account["users"]) {
      for (const auto& k : u["access_keys"]) {
        if (key_id.empty() && u["name"] == "legacy-deploy" && k["status"] == "Active") {
          key_id = k["id"];
          secret = k["secret"];
        }
      }
    }
    ASSERT_FALSE(key_id.empty());
    const std::string script = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=" + key_id +
                               "\nexport AWS_SECRET_ACCESS_KEY=" + secret + "\n/opt/app/start\n";
    user_data = secrets::encode_base64(script);
    account["instances"][0]["user_data"] = user_data;
    const std::string region = account["instances"][0]["region"];
    account["launch_templates"].push_back(
        {{"id", kKeyedTemplate},
         {"name", "keyed"},
         {"region", region},
         {"default_version", 1},
         {"versions",
          nlohmann::json::array({{{"number", 1}, {"user_data", user_data}, {"instance_profile", "app-web"}}})}});
    ASSERT_TRUE(emu_->load_estate(state));
    before = keyed_template(emu_->dump_state());
  }

  Plan plan_keyed(aws::Session& s) {
    PlanOptions options;
    options.target.kind = TargetSpec::Kind::kInstanceProfile;
    options.target.name = "app-web";
    options.check_pass_role = false;
    options.migrate_keys = true;
    auto planned = rolecall::plan(s, options);
    EXPECT_TRUE(planned) << planned.error().describe();
    return planned ? planned->plan : Plan{};
  }

  std::string key_id;
  std::string user_data;
  nlohmann::json before;
};

TEST_F(TemplateScrubResumeTest, ResumeAdoptsTheScrubbedVersionAndTheDefaultWaitsForApproval) {
  start_keyed();
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);

  const Plan plan = plan_keyed(*s);
  const TemplateAction* keyed = nullptr;
  for (const auto* u : template_updates(plan)) keyed = u->template_id == kKeyedTemplate ? u : keyed;
  ASSERT_NE(keyed, nullptr);
  EXPECT_EQ(keyed->scrub.version, 1);
  ASSERT_EQ(keyed->scrub.lines.size(), 2u);

  // The run as a crash leaves it: CreateLaunchTemplateVersion journaled and sent, its answer lost.
  RunRecord run;
  run.kind = "apply";
  run.plan_json = plan_to_json(plan);
  auto run_id = journal_->begin_run(run);
  ASSERT_TRUE(run_id);
  StepRecord intent;
  intent.run_id = *run_id;
  intent.instance_id = kKeyedTemplate;
  intent.account_id = keyed->account_id;
  intent.region = keyed->region;
  intent.operation = kTemplateVersionOp;
  intent.before_association_id = "1";
  ASSERT_TRUE(journal_->record_intent(intent));
  auto scrubbed = checks::scrub_keys(user_data, {base::sha256_hex(key_id)});
  ASSERT_TRUE(scrubbed);
  ASSERT_EQ(base::sha256_hex(scrubbed->user_data), keyed->scrub.scrubbed_sha256);
  aws::ec2::CreateLaunchTemplateVersionRequest request;
  request.template_id = kKeyedTemplate;
  request.source_version = "1";
  request.user_data = scrubbed->user_data;
  auto made = call_and_wait<aws::ec2::CreateLaunchTemplateVersionResponse>(s->loop(), [&](auto done) {
    aws::ec2::create_launch_template_version(*callers_.at(keyed->account_id), keyed->region, request, std::move(done));
  });
  ASSERT_TRUE(made) << made.error().describe();

  ApplyOptions apply_options;
  apply_options.executor = fast_executor();
  auto resumed = resume_run(s->loop(), *journal_, callers_, *run_id, apply_options);
  ASSERT_TRUE(resumed) << resumed.error().describe();
  EXPECT_EQ(resumed->run.status, RunStatus::kCompleted);
  auto live = read_template(s->loop(), callers_, {keyed->account_id, keyed->region, kKeyedTemplate}, 0);
  ASSERT_TRUE(live) << live.error().describe();
  EXPECT_EQ(live->latest_version, made->version_number) << "no second version";
  EXPECT_EQ(live->default_version, 1) << "not the default without approval";
  EXPECT_EQ(live->user_data[made->version_number], scrubbed->user_data);
  auto steps = journal_->steps(*run_id);
  ASSERT_TRUE(steps);
  EXPECT_TRUE(awaits_template_default(template_updates(plan), *steps));

  // The approval, later: the finished run makes the default.
  apply_options.make_template_default = true;
  auto approved = resume_run(s->loop(), *journal_, callers_, *run_id, apply_options);
  ASSERT_TRUE(approved) << approved.error().describe();
  EXPECT_EQ(approved->run.status, RunStatus::kCompleted);
  live = read_template(s->loop(), callers_, {keyed->account_id, keyed->region, kKeyedTemplate}, 0);
  ASSERT_TRUE(live);
  EXPECT_EQ(live->default_version, made->version_number);
  EXPECT_EQ(live->latest_version, made->version_number);

  auto rollback = plan_rollback(s->loop(), *journal_, callers_, *run_id, {});
  ASSERT_TRUE(rollback) << rollback.error().describe();
  auto undone = execute_rollback(s->loop(), *journal_, callers_, std::move(*rollback), "", fast_executor());
  ASSERT_TRUE(undone) << undone.error().describe();
  EXPECT_EQ(keyed_template(emu_->dump_state()), before);
}

TEST_F(TemplateScrubResumeTest, ApprovalOfARolledBackRunIsRefusedBeforeAnyChange) {
  start_keyed();
  auto s = session();
  ASSERT_TRUE(s);
  resolve(*s);
  const Plan plan = plan_keyed(*s);
  ApplyOptions apply_options;
  apply_options.executor = fast_executor();
  auto applied = apply_plan(s->loop(), *journal_, callers_, plan, apply_options);
  ASSERT_TRUE(applied) << applied.error().describe();
  const std::string run_id = applied->run.run_id;
  auto steps = journal_->steps(run_id);
  ASSERT_TRUE(steps);
  EXPECT_TRUE(awaits_template_default(template_updates(plan), *steps));
  EXPECT_NE(keyed_template(emu_->dump_state()), before) << "the version is made";

  auto rollback = plan_rollback(s->loop(), *journal_, callers_, run_id, {});
  ASSERT_TRUE(rollback) << rollback.error().describe();
  ASSERT_TRUE(execute_rollback(s->loop(), *journal_, callers_, std::move(*rollback), "", fast_executor()));
  EXPECT_EQ(keyed_template(emu_->dump_state()), before) << "rollback deleted the version";

  apply_options.make_template_default = true;
  auto approved = resume_run(s->loop(), *journal_, callers_, run_id, apply_options);
  ASSERT_FALSE(approved);
  EXPECT_EQ(approved.error().code, kStalePlanCode);
  EXPECT_NE(approved.error().message.find("no longer exists"), std::string::npos) << approved.error().message;
  EXPECT_EQ(keyed_template(emu_->dump_state()), before);
}

}  // namespace
}  // namespace rolecall::remediate

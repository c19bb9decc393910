// Every request rolecall sends is valid against the service's model: the built `rolecall` binary
// runs whoami, scan (with CloudTrail key evidence), collect, preflight, plan, apply and rollback against the emulator, whose
// model check (emulator/services/model/) refuses EC2 parameters the API does not define and a
// missing Version, and records IAM/STS ones; nothing may be refused or recorded.
#include <nlohmann/json.hpp>

#include "support/emulator_fixture.h"
#include "support/run_rolecall.h"

namespace rolecall::testing {
namespace {

class RequestModel : public EmulatorFixture {
 protected:
  CliOutcome run(const std::string& args) {
    return run_rolecall(dir_.path(), "--endpoint-url " + emu_->endpoint_url() + " --region us-east-1 --quiet " + args);
  }
};

TEST_F(RequestModel, EveryCommandSendsOnlyWhatTheModelsDefine) {
  emulator::GeneratorSpec spec;
  spec.accounts = 2;
  spec.regions = 2;
  spec.instances = 40;
  spec.seed = 16;
  start_emulator(spec);
  for (const auto& [k, v] : aws_env()) ::setenv(k.c_str(), v.c_str(), 1);
  const std::string journal = " --journal " + (dir_ / "journal.db").string();
  const std::string plan = (dir_ / "plan.json").string();

  CliOutcome whoami = run("whoami");
  EXPECT_EQ(whoami.status, 0) << whoami.err;
  CliOutcome scan = run("--output json scan --org --key-evidence");
  EXPECT_EQ(scan.status, 1) << scan.err;  // the generated estate has failures, and nothing else
  CliOutcome collect = run("collect --org --out " + (dir_ / "inventory").string());
  EXPECT_EQ(collect.status, 0) << collect.err;
  CliOutcome preflight = run("preflight --instance-profile app-payments --org");
  EXPECT_EQ(preflight.status, 0) << preflight.out << preflight.err;
  CliOutcome planned = run("plan --instance-profile app-payments --org --out " + plan);
  EXPECT_EQ(planned.status, 0) << planned.err;
  CliOutcome apply = run("apply " + plan + " --yes --org" + journal);
  EXPECT_EQ(apply.status, 0) << apply.out << apply.err;
  CliOutcome runs = run("--output json runs" + journal);
  ASSERT_EQ(runs.status, 0) << runs.err;
  auto listed = nlohmann::json::parse(runs.out, nullptr, false);
  ASSERT_FALSE(listed.is_discarded()) << runs.out;
  std::string run_id;
  for (const auto& r : listed.is_array() ? listed : listed.value("runs", nlohmann::json::array())) {
    run_id = r.value("run_id", r.value("id", ""));
  }
  ASSERT_FALSE(run_id.empty()) << runs.out;
  // The plan replaced admin-level and role-less profiles: putting them back needs the flag.
  CliOutcome rollback = run("rollback " + run_id + " --allow-failing-targets --yes --org" + journal);
  // 4: the generated estate holds an instance whose earlier profile was deleted, which rollback
  // leaves alone and reports; every other instance is restored.
  EXPECT_EQ(rollback.status, 4) << rollback.out << rollback.err;
  EXPECT_NE(rollback.out.find("no longer exists"), std::string::npos) << rollback.out;

  std::vector<std::string> none;
  EXPECT_EQ(emu_->model_mismatches(), none);
}

}  // namespace
}  // namespace rolecall::testing

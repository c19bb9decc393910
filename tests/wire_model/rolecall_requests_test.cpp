// Every request rolecall sends is valid against the service's model: the built `rolecall` binary
// runs whoami, scan, collect, preflight, plan, apply and rollback against the emulator, whose
// model check (emulator/services/model/) refuses EC2 parameters the API does not define and a
// missing Version, and records IAM/STS ones; nothing may be refused or recorded.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "support/emulator_fixture.h"
#include "support/paths.h"

namespace rolecall::testing {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

class RequestModel : public EmulatorFixture {
 protected:
  Outcome run(const std::string& args) {
    fs::path bin = fs::path(binary_dir()) / "rolecall";
    EXPECT_TRUE(fs::exists(bin)) << bin << " is not built";
    std::string cmd = bin.string() + " --endpoint-url " + emu_->endpoint_url() + " --region us-east-1 --quiet " + args +
                      " >" + (dir_ / "stdout").string() + " 2>" + (dir_ / "stderr").string();
    int raw = std::system(cmd.c_str());
    Outcome r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = read_file(dir_ / "stdout");
    r.err = read_file(dir_ / "stderr");
    return r;
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

  Outcome whoami = run("whoami");
  EXPECT_EQ(whoami.status, 0) << whoami.err;
  Outcome scan = run("--output json scan --org");
  EXPECT_EQ(scan.status, 1) << scan.err;  // the generated estate has failures, and nothing else
  Outcome collect = run("collect --org --out " + (dir_ / "inventory").string());
  EXPECT_EQ(collect.status, 0) << collect.err;
  Outcome preflight = run("preflight --instance-profile app-payments --org");
  EXPECT_EQ(preflight.status, 0) << preflight.out << preflight.err;
  Outcome planned = run("plan --instance-profile app-payments --org --out " + plan);
  EXPECT_EQ(planned.status, 0) << planned.err;
  Outcome apply = run("apply " + plan + " --yes --org" + journal);
  EXPECT_EQ(apply.status, 0) << apply.out << apply.err;
  Outcome runs = run("--output json runs" + journal);
  ASSERT_EQ(runs.status, 0) << runs.err;
  auto listed = nlohmann::json::parse(runs.out, nullptr, false);
  ASSERT_FALSE(listed.is_discarded()) << runs.out;
  std::string run_id;
  for (const auto& r : listed.is_array() ? listed : listed.value("runs", nlohmann::json::array())) {
    run_id = r.value("run_id", r.value("id", ""));
  }
  ASSERT_FALSE(run_id.empty()) << runs.out;
  Outcome rollback = run("rollback " + run_id + " --yes --org" + journal);
  EXPECT_EQ(rollback.status, 0) << rollback.out << rollback.err;

  std::vector<std::string> none;
  EXPECT_EQ(emu_->model_mismatches(), none);
}

}  // namespace
}  // namespace rolecall::testing

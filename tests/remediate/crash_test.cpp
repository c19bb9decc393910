// The hardest crash: the built `rolecall apply` dies (_exit 137) right after a mutating call
// returned and before its outcome is journaled, against a separate rolecall-emulator process;
// `apply --resume` then finishes with no change made twice and none lost.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "aws/ops/ec2_instances.h"
#include "aws/session.h"
#include "base/sync.h"
#include "inventory/scope.h"
#include "remediate/journal.h"
#include "remediate/live_state.h"
#include "remediate/run_summary.h"
#include "rolecall/plan.h"
#include "support/paths.h"

namespace rolecall::remediate {
namespace {

namespace fs = std::filesystem;

struct Child {
  pid_t pid = -1;
  FILE* out = nullptr;
};

// Starts the emulator and returns once it printed its "listening on" line.
Child start_emulator(const fs::path& creds, std::string& url) {
  std::string exe = rolecall::testing::binary_dir() + "/rolecall-emulator";
  int fds[2];
  if (::pipe(fds) != 0) return {};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    std::string c = creds.string();
    ::execl(exe.c_str(), exe.c_str(), "--port", "0", "--generate",
            "accounts=1,regions=1,instances=60,seed=4,compliant=10", "--credentials-out", c.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  Child child{pid, ::fdopen(fds[0], "r")};
  std::array<char, 512> line{};
  while (std::fgets(line.data(), line.size(), child.out) != nullptr) {
    std::string l(line.data());
    if (auto at = l.find("listening on "); at != std::string::npos) {
      url = l.substr(at + 13);
      while (!url.empty() && (url.back() == '\n' || url.back() == '\r')) url.pop_back();
      break;
    }
  }
  return child;
}

struct Ran {
  int status = -1;  // exit status, or 128+signal
  std::string out;
};

Ran run_rolecall(const std::string& args, const std::map<std::string, std::string>& env) {
  std::string cmd;
  for (const auto& [k, v] : env) cmd += k + "='" + v + "' ";
  cmd += rolecall::testing::binary_dir() + "/rolecall " + args + " 2>&1 </dev/null";
  Ran r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return r;
}

TEST(CrashResume, KilledBetweenCallAndOutcomeResumesWithoutRepeatingOrLosingChanges) {
  if (!fs::exists(rolecall::testing::binary_dir() + "/rolecall") ||
      !fs::exists(rolecall::testing::binary_dir() + "/rolecall-emulator")) {
    GTEST_SKIP() << "build the rolecall and rolecall-emulator targets first";
  }
  fs::path dir = fs::temp_directory_path() / ("rolecall-crash-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string url;
  Child emu = start_emulator(dir / "credentials", url);
  ASSERT_GT(emu.pid, 0);
  ASSERT_FALSE(url.empty());
  std::map<std::string, std::string> env = {{"AWS_SHARED_CREDENTIALS_FILE", (dir / "credentials").string()},
                                            {"AWS_CONFIG_FILE", (dir / "config").string()},
                                            {"AWS_EC2_METADATA_DISABLED", "true"},
                                            {"HOME", dir.string()}};
  base::SystemEnv session_env(env);

  // The plan: every instance without a profile gets app-payments (before read live).
  aws::SessionOptions so;
  so.region = "us-east-1";
  so.endpoint_url = url;
  so.env = &session_env;
  auto session = aws::Session::create(so);
  ASSERT_TRUE(session);
  auto scope = inventory::resolve_scope(**session, {});
  ASSERT_TRUE(scope) << scope.error().describe();
  ASSERT_EQ(scope->targets.size(), 1u);
  auto& target = scope->targets[0];
  ASSERT_NE(target.caller, nullptr);
  std::map<std::string, LiveInstance> live;
  LiveReader reader((*session)->loop(), [&](const std::string&) { return target.caller; });
  Plan plan;
  {
    // Instances come from a DescribeInstances of the whole region.
    std::vector<Instance> all;
    auto r = base::run_sync<int>((*session)->loop(), [&](auto done) {
      aws::ec2::describe_all_instances(
          *target.caller, "us-east-1", {},
          [&all](aws::ec2::DescribeInstancesResponse&& page) {
            for (auto& in : page.instances) all.push_back(std::move(in));
          },
          [done](Result<void> res) { done(res ? Result<int>(0) : fail(res.error())); });
    });
    ASSERT_TRUE(r) << r.error().describe();
    for (const auto& in : all) {
      if (!in.profile_arn.empty() || (in.state != "running" && in.state != "stopped")) continue;
      PlannedAction a;
      a.kind = ActionKind::kAssociate;
      a.before.instance_id = in.id;
      a.before.account_id = target.account_id;
      a.before.region = "us-east-1";
      a.before.state = in.state;
      a.target.name = "app-payments";
      a.target.arn = "arn:aws:iam::" + target.account_id + ":instance-profile/app-payments";
      plan.actions.push_back(a);
    }
  }
  ASSERT_GE(plan.actions.size(), 4u);
  std::ofstream(dir / "plan.json") << plan_to_json(plan);

  std::string common = "--endpoint-url " + url + " --region us-east-1 ";
  std::string journal = (dir / "journal.db").string();
  auto crash_env = env;
  crash_env["ROLECALL_TEST_ABORT_AFTER_CALLS"] = "3";
  Ran crashed = run_rolecall(
      common + "apply " + (dir / "plan.json").string() + " --yes --no-preflight --journal " + journal, crash_env);
  EXPECT_EQ(crashed.status, 137) << crashed.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(crashed.out, m, std::regex("run id: (r-[0-9TZ]+-[0-9a-f]+)"))) << crashed.out;
  std::string run_id = m[1];
  {
    auto j = Journal::open(journal, session_env.clock());
    ASSERT_TRUE(j);
    auto steps = (*j)->steps(run_id);
    ASSERT_TRUE(steps);
    std::size_t unknown = 0;
    for (const auto& s : *steps) unknown += s.status == StepStatus::kIntent ? 1 : 0;
    EXPECT_GE(unknown, 1u) << "the crash must leave an intent without outcome";
  }

  Ran resumed = run_rolecall(common + "apply --resume " + run_id + " --yes --no-preflight --journal " + journal, env);
  EXPECT_EQ(resumed.status, 0) << resumed.out;

  auto j = Journal::open(journal, session_env.clock());
  ASSERT_TRUE(j);
  auto summary = load_run_summary(**j, run_id);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->run.status, RunStatus::kCompleted);
  auto steps = (*j)->steps(run_id);
  ASSERT_TRUE(steps);
  EXPECT_EQ(steps->size(), plan.actions.size()) << "one step per instance: nothing done twice";
  ASSERT_EQ(summary->instances.size(), plan.actions.size());
  for (const auto& i : summary->instances) {
    EXPECT_EQ(i.status, StepStatus::kVerified) << i.instance_id << ": " << i.error;
    reader.read(i.account_id, i.region, i.instance_id, [&live, id = i.instance_id](Result<LiveInstance> r) {
      ASSERT_TRUE(r);
      live[id] = *r;
    });
  }
  (*session)->loop().run();
  for (const auto& i : summary->instances) {
    EXPECT_EQ(live[i.instance_id].association_profile_arn, i.target_profile_arn) << i.instance_id;
    EXPECT_EQ(live[i.instance_id].association_id, i.association_id) << i.instance_id;
  }
  // Close this process's connections first: the endpoint's workers wait out an open connection's
  // keep-alive (5 s) before a clean stop.
  session->reset();
  ::kill(emu.pid, SIGTERM);
  ::waitpid(emu.pid, nullptr, 0);
  std::fclose(emu.out);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rolecall::remediate

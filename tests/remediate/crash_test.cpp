// The hardest crash: `apply`, run in a forked child whose AWS callers are wrapped in the test-only
// KillAfterMutatingCalls decorator, dies (_exit 137) right after a mutating call returned and
// before its outcome is journaled, against a separate rolecall-emulator process; `apply --resume`
// then finishes with no change made twice and none lost.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <regex>

#include "aws/ops/ec2_instances.h"
#include "aws/session.h"
#include "base/sync.h"
#include "inventory/scope.h"
#include "remediate/account_callers.h"
#include "remediate/apply.h"
#include "remediate/journal.h"
#include "remediate/live_state.h"
#include "remediate/run_summary.h"
#include "rolecall/plan.h"
#include "support/kill_after_calls.h"
#include "support/paths.h"
#include "support/temp_dir.h"

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

// apply_plan as `rolecall apply PLAN --yes --no-preflight` runs it, in a child process that is
// killed after `calls` mutating calls returned. The child writes the run id to `run_id_fd`;
// the parent gets the child's exit status (137 when killed).
int apply_in_killed_child(base::Env& env, const std::string& url, const std::string& plan_file,
                          const std::string& journal_file, long calls, std::string& run_id) {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    aws::SessionOptions so;
    so.region = "us-east-1";
    so.endpoint_url = url;
    so.env = &env;
    auto session = aws::Session::create(so);
    if (!session) ::_exit(2);
    auto callers = resolve_callers(**session, {});
    if (!callers) ::_exit(3);
    rolecall::testing::CallBudget budget(calls);
    std::vector<std::unique_ptr<rolecall::testing::KillAfterMutatingCalls>> killers;
    Callers killing;
    for (const auto& [account, caller] : callers->callers) {
      if (caller != nullptr)
        killers.push_back(std::make_unique<rolecall::testing::KillAfterMutatingCalls>(*caller, budget));
      killing[account] = caller != nullptr ? killers.back().get() : nullptr;
    }
    auto journal = Journal::open(journal_file, env.clock());
    auto text = env.read_file(plan_file);
    if (!journal || !text) ::_exit(4);
    auto plan = plan_from_json(*text, plan_file);
    if (!plan) ::_exit(5);
    ApplyOptions options;
    options.plan_source = plan_file;
    options.caller = callers->caller_label;
    options.on_run_started = [fd = fds[1]](const std::string& id) {
      const std::string line = id + "\n";
      if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) ::_exit(6);
    };
    auto summary = apply_plan((*session)->loop(), **journal, killing, *plan, options);
    if (!summary) std::fprintf(stderr, "apply: %s\n", summary.error().describe().c_str());
    ::_exit(summary ? 0 : 7);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    return -1;
  }
  std::array<char, 256> buf{};
  ssize_t n;
  while ((n = ::read(fds[0], buf.data(), buf.size())) > 0) run_id.append(buf.data(), static_cast<std::size_t>(n));
  ::close(fds[0]);
  while (!run_id.empty() && run_id.back() == '\n') run_id.pop_back();
  int st = 0;
  if (::waitpid(pid, &st, 0) != pid) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

TEST(CrashResume, KilledBetweenCallAndOutcomeResumesWithoutRepeatingOrLosingChanges) {
  if (!fs::exists(rolecall::testing::binary_dir() + "/rolecall-emulator")) {
    GTEST_SKIP() << "build the rolecall-emulator target first";
  }
  const rolecall::testing::TempDir tmp("rolecall-crash");  // removed after the endpoint stopped
  const fs::path dir = tmp.path();
  std::string url;
  Child emu = start_emulator(dir / "credentials", url);
  // Stops the endpoint however the test ends (after the sessions below are gone: the endpoint's
  // workers wait out an open connection's keep-alive before a clean stop).
  struct Cleanup {
    Child& emu;
    ~Cleanup() {
      if (emu.pid > 0) {
        ::kill(emu.pid, SIGTERM);
        ::waitpid(emu.pid, nullptr, 0);
      }
      if (emu.out != nullptr) std::fclose(emu.out);
    }
  } cleanup{emu};
  ASSERT_GT(emu.pid, 0);
  ASSERT_FALSE(url.empty());
  base::SystemEnv env({{"AWS_SHARED_CREDENTIALS_FILE", (dir / "credentials").string()},
                       {"AWS_CONFIG_FILE", (dir / "config").string()},
                       {"AWS_EC2_METADATA_DISABLED", "true"},
                       {"HOME", dir.string()}});
  aws::SessionOptions so;
  so.region = "us-east-1";
  so.endpoint_url = url;
  so.env = &env;

  // The plan: every instance without a profile gets app-payments (before read live).
  Plan plan;
  {
    auto session = aws::Session::create(so);
    ASSERT_TRUE(session);
    auto scope = inventory::resolve_scope(**session, {});
    ASSERT_TRUE(scope) << scope.error().describe();
    ASSERT_EQ(scope->targets.size(), 1u);
    auto& target = scope->targets[0];
    ASSERT_NE(target.caller, nullptr);
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
  }  // no session (nor its threads) across the fork
  ASSERT_GE(plan.actions.size(), 4u);
  const std::string plan_file = (dir / "plan.json").string();
  ASSERT_TRUE(env.write_file(plan_file, plan_to_json(plan)));

  const std::string journal = (dir / "journal.db").string();
  std::string run_id;
  EXPECT_EQ(apply_in_killed_child(env, url, plan_file, journal, 3, run_id), 137);
  ASSERT_TRUE(std::regex_match(run_id, std::regex("r-[0-9TZ]+-[0-9a-f]+"))) << run_id;
  {
    auto j = Journal::open(journal, env.clock());
    ASSERT_TRUE(j);
    auto steps = (*j)->steps(run_id);
    ASSERT_TRUE(steps);
    std::size_t unknown = 0;
    for (const auto& s : *steps) unknown += s.status == StepStatus::kIntent ? 1 : 0;
    EXPECT_GE(unknown, 1u) << "the crash must leave an intent without outcome";
  }

  // `apply --resume RUN_ID --yes --no-preflight`, in this process.
  auto session = aws::Session::create(so);
  ASSERT_TRUE(session);
  {
    auto callers = resolve_callers(**session, {});
    ASSERT_TRUE(callers) << callers.error().describe();
    auto j = Journal::open(journal, env.clock());
    ASSERT_TRUE(j);
    ApplyOptions options;
    options.caller = callers->caller_label;
    auto resumed = resume_run((*session)->loop(), **j, callers->callers, run_id, options);
    ASSERT_TRUE(resumed) << resumed.error().describe();
    EXPECT_EQ(run_exit_code(*resumed), ExitCode::kOk);
  }

  auto j = Journal::open(journal, env.clock());
  ASSERT_TRUE(j);
  auto summary = load_run_summary(**j, run_id);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->run.status, RunStatus::kCompleted);
  auto steps = (*j)->steps(run_id);
  ASSERT_TRUE(steps);
  EXPECT_EQ(steps->size(), plan.actions.size()) << "one step per instance: nothing done twice";
  ASSERT_EQ(summary->instances.size(), plan.actions.size());
  auto scope = inventory::resolve_scope(**session, {});
  ASSERT_TRUE(scope) << scope.error().describe();
  aws::AwsCaller* caller = scope->targets.at(0).caller;
  ASSERT_NE(caller, nullptr);
  std::map<std::string, LiveInstance> live;
  LiveReader reader((*session)->loop(), [&](const std::string&) { return caller; });
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
}

}  // namespace
}  // namespace rolecall::remediate

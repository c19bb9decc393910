// What both journal backends share: the status names, run ids and time stamps, the single-step
// forms of the batched calls, and the choice of backend by the journal's location.
#include "remediate/journal.h"

#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "base/iso8601.h"
#include "db/pg_db.h"
#include "remediate/pg_journal.h"
#include "remediate/sqlite_journal.h"

namespace rolecall::remediate {

const char* to_string(RunStatus status) {
  switch (status) {
    case RunStatus::kRunning: return "running";
    case RunStatus::kCompleted: return "completed";
    case RunStatus::kFailed: return "failed";
  }
  return "unknown";
}

const char* to_string(StepStatus status) {
  switch (status) {
    case StepStatus::kIntent: return "intent";
    case StepStatus::kDone: return "done";
    case StepStatus::kVerified: return "verified";
    case StepStatus::kFailed: return "failed";
    case StepStatus::kSkipped: return "skipped";
  }
  return "unknown";
}

bool parse_step_status(const std::string& text, StepStatus& out) {
  for (StepStatus s :
       {StepStatus::kIntent, StepStatus::kDone, StepStatus::kVerified, StepStatus::kFailed, StepStatus::kSkipped}) {
    if (text == to_string(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

bool parse_run_status(const std::string& text, RunStatus& out) {
  for (RunStatus s : {RunStatus::kRunning, RunStatus::kCompleted, RunStatus::kFailed}) {
    if (text == to_string(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

std::string Journal::now_iso() const { return base::format_iso8601(clock_.now()); }

std::string Journal::new_run_id() const {
  auto now = std::chrono::time_point_cast<std::chrono::seconds>(clock_.now());
  std::random_device rd;
  std::uniform_int_distribution<unsigned> dist(0, 0xffffff);
  return fmt::format("r-{:%Y%m%dT%H%M%S}Z-{:06x}", now, dist(rd));
}

RunClaim Journal::new_claim(const std::string& run_id, const std::string& purpose) const {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return RunClaim{run_id, purpose, host[0] ? host : "unknown host", static_cast<std::int64_t>(::getpid()), now_iso()};
}

Result<bool> Journal::try_for_a_while(const std::function<Result<bool>()>& try_lock) {
  // 20 tries 50 ms apart: a killed holder's lock is gone by then (the kernel closes its file at
  // once; PostgreSQL ends its session when the socket closes).
  for (int attempt = 0;; ++attempt) {
    auto got = try_lock();
    if (!got || *got || attempt == 20) return got;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string claim_purpose(const std::string& what, const std::string& caller) {
  return caller.empty() ? what : what + " by " + caller;
}

std::string describe_claim(const RunClaim& claim) {
  if (claim.host.empty()) return "another rolecall process";
  return fmt::format("{} (pid {} on {}, since {})", claim.purpose.empty() ? "rolecall" : claim.purpose, claim.pid,
                     claim.host, claim.claimed_at);
}

Error run_claimed_error(const std::string& location, const std::string& run_id, const std::optional<RunClaim>& holder) {
  const std::string who = holder ? describe_claim(*holder) : "another rolecall process";
  return Error::invalid_argument(fmt::format("run {} is in use by {} in journal {}: it is not interrupted; wait for it "
                                             "to finish (a process that ends or is killed releases the run at once)",
                                             run_id, who, location))
      .with_code(kRunClaimedCode);
}

Result<std::int64_t> Journal::record_intent(const StepRecord& step) {
  auto seqs = record_intents({step});
  if (!seqs) return fail(seqs.error());
  return seqs->front();
}

Result<void> Journal::record_outcome(const std::string& run_id, std::int64_t seq, StepStatus status,
                                     const std::string& result_association_id, const std::string& error,
                                     const std::string& request_id, StepReason reason) {
  return record_outcomes({StepOutcome{run_id, seq, status, result_association_id, error, request_id, reason}});
}

std::string Journal::default_path(const base::Env& env) {
  if (auto p = env.get("ROLECALL_JOURNAL")) return *p;
  if (auto p = env.get("XDG_STATE_HOME")) return *p + "/rolecall/journal.db";
  return env.get("HOME").value_or("") + "/.local/state/rolecall/journal.db";
}

Result<std::unique_ptr<Journal>> Journal::open(const std::string& location, const base::Clock& clock, Access access) {
  if (db::is_pg_url(location)) return open_pg_journal(location, clock, access);
  return open_sqlite_journal(location, clock, access);
}

}  // namespace rolecall::remediate

#pragma once
// The remediation journal: a database recording every run and, for every AWS change, the intent
// before the call and the outcome after, with the state it replaced. A process killed at any point
// leaves enough behind to resume without doing a change twice and to roll back exactly. Two
// backends: an SQLite file (sqlite_journal.h: WAL, synchronous=FULL) and a PostgreSQL database a
// team shares (pg_journal.h).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/env.h"
#include "remediate/step_reason.h"
#include "rolecall/error.h"

namespace rolecall::remediate {

// A run's lifecycle.
enum class RunStatus {
  kRunning,    // started; if the process is gone, it was interrupted (apply --resume finishes it)
  kCompleted,  // every step reached a final status
  kFailed,     // finished, some steps failed
};

// "running", "completed", "failed".
const char* to_string(RunStatus status);

// One step's lifecycle. kIntent with no outcome after a crash means "unknown: look at AWS".
enum class StepStatus {
  kIntent,    // about to call AWS
  kDone,      // AWS accepted the call
  kVerified,  // the change was observed (association associated / instance state reached)
  kFailed,    // AWS refused it or verification failed; `error` says why
  kSkipped,   // deliberately not done (stale, changed by someone else, blocked); `error` says why
};

// "intent", "done", "verified", "failed", "skipped".
const char* to_string(StepStatus status);

// One journaled run (apply or rollback).
struct RunRecord {
  std::string run_id;         // assigned by begin_run: "r-YYYYMMDDThhmmssZ-xxxxxx"
  std::string kind;           // "apply" or "rollback"
  std::string parent_run_id;  // for a rollback: the run it undoes
  std::string plan_json;      // the plan being applied (apply) — resume needs nothing else
  std::string plan_source;    // the plan file's path, for messages
  std::string plan_digest;    // apply: plan_digest of the plan applied ("" in journals before schema 3)
  std::string caller;         // identity ARN that ran it (sts:GetCallerIdentity), else the credentials' label
  std::string ticket;         // apply: the change ticket (--ticket or the plan's; "" before schema 4)
  std::string approved_by;    // apply: who approved it (--approved-by or the plan's; "" before schema 4)
  bool dry_run = false;
  std::string started_at;   // ISO 8601 UTC
  std::string finished_at;  // empty while running
  RunStatus status = RunStatus::kRunning;
};

// One journaled change to one resource.
struct StepRecord {
  std::string run_id;
  std::int64_t seq = 0;     // assigned by record_intent, 1-based within the run
  std::string instance_id;  // or the instance profile name for "create-profile", "role/NAME" for a role's steps
  std::string account_id;
  std::string region;
  std::string operation;           // "associate", "replace", "disassociate", "create-profile",
                                   // "add-role", "stop", "start"; a created role's (create_roles.h,
                                   // rollback_roles.h)
  std::string before_profile_arn;  // association before the call ("" = none)
  std::string before_association_id;
  std::string target_profile_arn;  // what the call attaches ("" for disassociate)
  StepStatus status = StepStatus::kIntent;
  StepReason reason = StepReason::kNone;  // why it ended so, typed (branch on this, not on `error`)
  std::string result_association_id;      // association created by the call, when any
  std::string error;                      // failure / skip reason for people, one line, never a secret
  std::string request_id;                 // AWS request id of the call, when known
  std::string intent_at;
  std::string outcome_at;
};

// A step's outcome, for batched recording.
struct StepOutcome {
  std::string run_id;
  std::int64_t seq = 0;
  StepStatus status = StepStatus::kDone;
  std::string result_association_id;
  std::string error;
  std::string request_id;
  StepReason reason = StepReason::kNone;
};

// Who holds a claimed run, as the claim recorded it (Journal::claim_run).
struct RunClaim {
  std::string run_id;
  std::string purpose;     // what the holder does with the run: "apply", "apply --resume", "rollback", ...
  std::string host;        // the holder's host name
  std::int64_t pid = 0;    // the holder's process id on that host
  std::string claimed_at;  // ISO 8601 UTC
};

// Error::code of a claim refused because another live process holds the run (kInvalidArgument).
inline constexpr const char* kRunClaimedCode = "RunClaimed";

// A claim's purpose: `what` ("apply", "rollback") and, when known, " by " the caller.
std::string claim_purpose(const std::string& what, const std::string& caller);

// "apply by arn:... (pid 4242 on host-a, since 2024-01-01T00:00:00Z)"; "another rolecall process"
// for a claim whose holder has not recorded itself yet.
std::string describe_claim(const RunClaim& claim);

// The refusal of a claim on `run_id` in the journal at `location`, naming `holder` when known.
Error run_claimed_error(const std::string& location, const std::string& run_id, const std::optional<RunClaim>& holder);

// Parses the names of to_string(StepStatus); false when unknown.
bool parse_step_status(const std::string& text, StepStatus& out);

// Parses the names of to_string(RunStatus); false when unknown.
bool parse_run_status(const std::string& text, RunStatus& out);

// The journal: an SQLite file or a PostgreSQL database (one a team shares), the same records and
// guarantees on both. Not thread-safe: use from one thread (the event loop's); other threads and
// processes open their own.
class Journal {
 public:
  // What the opener means to do with the journal.
  enum class Access {
    kWrite,  // apply, rollback: create the file and schema as needed; a read-only journal is an error
    kRead,   // runs: read only, also a read-only file; a missing journal reads as empty, creating nothing
  };

  // Opens the journal at `location`: a PostgreSQL database when it is a postgresql:// or
  // postgres:// URL (libpq's connection URI), else an SQLite file path. kWrite creates the file (its
  // parent directories) or the database's schema as needed and brings an older schema up to date;
  // a journal file this user cannot write is a kInvalidArgument error "journal <path> is
  // read-only". kRead changes nothing. Something that is not a rolecall journal, or a newer schema,
  // is a kInvalidArgument error naming the location (a URL always without its password). Any
  // number of processes and threads (each with its own Journal), on any number of machines for a
  // database, may use one journal at once. `clock` stamps runs and steps and must outlive the journal.
  static Result<std::unique_ptr<Journal>> open(const std::string& location, const base::Clock& clock,
                                               Access access = Access::kWrite);

  // The default location: $ROLECALL_JOURNAL, else $XDG_STATE_HOME/rolecall/journal.db, else
  // $HOME/.local/state/rolecall/journal.db, from `env`'s variables.
  static std::string default_path(const base::Env& env);

  virtual ~Journal() = default;
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Records a new run (status running) and returns its id; run.run_id is ignored.
  virtual Result<std::string> begin_run(const RunRecord& run) = 0;
  // Marks the run finished with `status`.
  virtual Result<void> finish_run(const std::string& run_id, RunStatus status) = 0;
  // Marks a finished run running again (apply --resume).
  virtual Result<void> reopen_run(const std::string& run_id) = 0;

  // Durably records that `step` is about to be attempted; returns its seq. Call before the AWS call.
  Result<std::int64_t> record_intent(const StepRecord& step);
  // Durably records several intents in one transaction; returns their seqs in order.
  virtual Result<std::vector<std::int64_t>> record_intents(const std::vector<StepRecord>& steps) = 0;
  // Durably records a step's outcome (status, result association, error, request id, reason).
  Result<void> record_outcome(const std::string& run_id, std::int64_t seq, StepStatus status,
                              const std::string& result_association_id, const std::string& error,
                              const std::string& request_id, StepReason reason = StepReason::kNone);
  // Durably records several outcomes in one transaction.
  virtual Result<void> record_outcomes(const std::vector<StepOutcome>& outcomes) = 0;

  // Claims `run_id` for this journal object until it is closed, so that no other process (another
  // operator, on any machine sharing a database) resumes, rolls back or deactivates the run
  // meanwhile; `purpose` ("apply --resume", "rollback", ...) is shown to whoever is refused.
  // Claiming a run this object holds already succeeds. The claim is a lock the operating system
  // (SQLite: a byte of the file <journal>-claims) or the database session (PostgreSQL: an advisory
  // lock) holds for the process, so a process that dies, even by kill -9, releases it at once.
  // A claim held elsewhere is waited for for about a second (a holder that is just exiting), then refused:
  // kInvalidArgument with code kRunClaimedCode naming the holder; no such run is kNotFound.
  virtual Result<void> claim_run(const std::string& run_id, const std::string& purpose) = 0;
  // The live claim on `run_id` (a process holds it now), or nullopt; for `runs`.
  virtual Result<std::optional<RunClaim>> claim_of(const std::string& run_id) = 0;

  // Every run, newest first.
  virtual Result<std::vector<RunRecord>> runs() = 0;
  // One run; kNotFound when there is none with that id.
  virtual Result<RunRecord> run(const std::string& run_id) = 0;
  // A run's steps in seq order.
  virtual Result<std::vector<StepRecord>> steps(const std::string& run_id) = 0;

  // Where the journal is, for messages: the file path, or the database URL without its password.
  const std::string& path() const { return path_; }

 protected:
  Journal(std::string path, const base::Clock& clock) : path_(std::move(path)), clock_(clock) {}
  // The clock's time as "2024-01-01T00:00:00Z".
  std::string now_iso() const;
  // A fresh run id, "r-YYYYMMDDThhmmssZ-xxxxxx" (the suffix random: draw again on a collision).
  std::string new_run_id() const;
  // This process's claim on `run_id` for `purpose`: host name, process id, now.
  RunClaim new_claim(const std::string& run_id, const std::string& purpose) const;
  // Calls `try_lock` until it answers true or about a second passes (a holder that was just killed
  // releases its lock within moments); its error ends the wait.
  static Result<bool> try_for_a_while(const std::function<Result<bool>()>& try_lock);

 private:
  std::string path_;
  const base::Clock& clock_;
};

}  // namespace rolecall::remediate

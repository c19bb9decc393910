// Folding a run's journal steps into one outcome per instance.
#include "remediate/run_summary.h"

#include <map>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "remediate/create_roles.h"
#include "remediate/rollback_roles.h"
#include "remediate/template_apply.h"

namespace rolecall::remediate {

std::string RestartOutcome::describe() const {
  return operation + ": " + to_string(status) + (error.empty() ? "" : " (" + error + ")");
}

std::size_t RunSummary::count(StepStatus status) const {
  std::size_t n = 0;
  for (const auto& i : instances) n += i.status == status ? 1 : 0;
  return n;
}

std::size_t RunSummary::unfinished() const {
  std::size_t n = 0;
  for (const auto& i : instances) {
    const bool profile_step = i.operation == "create-profile" || i.operation == "add-role" || is_role_op(i.operation) ||
                              is_role_undo_op(i.operation);
    n += i.status == StepStatus::kIntent || (i.status == StepStatus::kDone && !profile_step) ? 1 : 0;
  }
  return n;
}

Result<RunSummary> load_run_summary(Journal& journal, const std::string& run_id) {
  auto run = journal.run(run_id);
  if (!run) return fail(run.error());
  auto steps = journal.steps(run_id);
  if (!steps) return fail(steps.error());
  RunSummary summary;
  summary.run = std::move(*run);
  std::map<std::string, std::size_t> index;  // account/region/instance -> position
  for (const auto& s : *steps) {
    std::string key = s.account_id + "/" + s.region + "/" + s.instance_id;
    auto [it, inserted] = index.emplace(key, summary.instances.size());
    if (inserted) {
      InstanceOutcome o;
      o.instance_id = s.instance_id;
      o.account_id = s.account_id;
      o.region = s.region;
      o.before_profile_arn = s.before_profile_arn;
      o.before_association_id = s.before_association_id;
      summary.instances.push_back(std::move(o));
    }
    auto& o = summary.instances[it->second];
    if (s.operation == "stop" || s.operation == "start") {
      o.restart.push_back({s.operation, s.status, s.reason, s.error});
      continue;
    }
    o.operation = s.operation;
    o.status = s.status;
    o.reason = s.reason;
    o.target_profile_arn = s.target_profile_arn;
    o.association_id = s.result_association_id;
    o.error = s.error;
  }
  return summary;
}

namespace {

// "ticket CHG-1, approved by alice, caller arn:...": who and why, for a change board; "" when nothing is known.
std::string review_line(const RunRecord& r) {
  std::string out;
  auto add = [&out](const char* label, const std::string& value) {
    if (!value.empty()) out += (out.empty() ? "" : ", ") + std::string(label) + " " + value;
  };
  add("ticket", r.ticket);
  add("approved by", r.approved_by);
  add("caller", r.caller);
  return out;
}

}  // namespace

void render_run_summary(const RunSummary& summary, std::ostream& out) {
  const auto& r = summary.run;
  fmt::print(out, "run {} ({}{}{}): {}\n", r.run_id, r.kind, r.dry_run ? ", dry run" : "",
             r.parent_run_id.empty() ? "" : (r.kind == "rollback" ? ", undoes " : ", after ") + r.parent_run_id,
             to_string(r.status));
  if (auto who = review_line(r); !who.empty()) fmt::print(out, "  {}\n", who);
  for (const auto& i : summary.instances) {
    std::string change = i.operation == "none"
                             ? std::string("-")
                             : fmt::format("{} -> {}", i.before_profile_arn.empty() ? "(none)" : i.before_profile_arn,
                                           i.target_profile_arn.empty() ? "(none)" : i.target_profile_arn);
    // A launch template or group: which version it launched before and after (with the profile).
    if (i.operation == kTemplateVersionDeleteOp) {
      change = "version " + i.before_association_id + " (made by the run) deleted";
    } else if (is_template_op(i.operation)) {
      change = fmt::format("version {} -> {} ({})", i.before_association_id.empty() ? "?" : i.before_association_id,
                           i.association_id.empty() ? "?" : i.association_id, i.target_profile_arn);
    }
    fmt::print(out, "  {:<21} {:<12} {:<13} {:<9} {}{}\n", i.instance_id, i.account_id, i.operation,
               to_string(i.status), change, i.error.empty() ? "" : "  [" + i.error + "]");
    for (const auto& s : i.restart) fmt::print(out, "  {:<21} {}\n", "", s.describe());
  }
  fmt::print(out, "{} verified, {} failed, {} skipped, {} unfinished\n", summary.count(StepStatus::kVerified),
             summary.count(StepStatus::kFailed), summary.count(StepStatus::kSkipped), summary.unfinished());
}

void render_runs(const std::vector<RunRecord>& runs, std::ostream& out, const LiveClaims* live) {
  if (runs.empty()) {
    out << "no runs in the journal\n";
    return;
  }
  fmt::print(out, "{:<27} {:<10} {:<10} {:<21} {}\n", "RUN", "KIND", "STATUS", "STARTED", "DETAIL");
  for (const auto& r : runs) {
    std::string detail = r.kind == "rollback" ? "undoes " + r.parent_run_id : r.plan_source;
    if (r.dry_run) detail += " (dry run)";
    const bool running = r.status == RunStatus::kRunning;
    const auto held = live ? live->find(r.run_id) : LiveClaims::const_iterator{};
    const bool interrupted = live && running && held == live->end();
    fmt::print(out, "{:<27} {:<10} {:<10} {:<21} {}\n", r.run_id, r.kind,
               interrupted ? "interrupted" : to_string(r.status), r.started_at, detail);
    if (auto who = review_line(r); !who.empty()) fmt::print(out, "{:<27} {}\n", "", who);
    if (live && running && !interrupted) fmt::print(out, "{:<27} in use by {}\n", "", describe_claim(held->second));
  }
}

nlohmann::json run_record_json(const RunRecord& run, const LiveClaims* live) {
  nlohmann::json out = {{"run_id", run.run_id},
                        {"kind", run.kind},
                        {"parent_run_id", run.parent_run_id},
                        {"plan_source", run.plan_source},
                        {"plan_digest", run.plan_digest},
                        {"caller", run.caller},
                        {"ticket", run.ticket},
                        {"approved_by", run.approved_by},
                        {"dry_run", run.dry_run},
                        {"started_at", run.started_at},
                        {"finished_at", run.finished_at},
                        {"status", to_string(run.status)}};
  if (live && run.status == RunStatus::kRunning) {
    auto held = live->find(run.run_id);
    out["interrupted"] = held == live->end();
    out["in_use_by"] = nullptr;
    if (held != live->end()) {
      const RunClaim& c = held->second;
      out["in_use_by"] = {{"purpose", c.purpose}, {"host", c.host}, {"pid", c.pid}, {"claimed_at", c.claimed_at}};
    }
  }
  return out;
}

nlohmann::json run_summary_json(const RunSummary& summary) {
  nlohmann::json instances = nlohmann::json::array();
  for (const auto& i : summary.instances) {
    std::vector<std::string> restart;
    for (const auto& r : i.restart) restart.push_back(r.describe());
    instances.push_back({{"instance_id", i.instance_id},
                         {"account_id", i.account_id},
                         {"region", i.region},
                         {"operation", i.operation},
                         {"status", to_string(i.status)},
                         {"before_profile_arn", i.before_profile_arn},
                         {"before_association_id", i.before_association_id},
                         {"target_profile_arn", i.target_profile_arn},
                         {"association_id", i.association_id},
                         {"error", i.error},
                         {"restart", restart}});
  }
  return {{"run", run_record_json(summary.run)}, {"instances", instances}};
}

ExitCode run_exit_code(const RunSummary& summary) {
  bool failed = false, partial = false;
  for (const auto& i : summary.instances) {
    if (i.status == StepStatus::kFailed || i.status == StepStatus::kIntent) failed = true;
    // Left alone with the estate not as before the run: the rollback is partial.
    if (i.status == StepStatus::kSkipped && leaves_instance_unrestored(i.reason)) partial = true;
    for (const auto& r : i.restart) {
      if (r.status == StepStatus::kFailed) failed = true;
    }
  }
  if (failed) return ExitCode::kFindings;
  return partial ? ExitCode::kPartial : ExitCode::kOk;
}

}  // namespace rolecall::remediate

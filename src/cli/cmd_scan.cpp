// rolecall scan: the spec's test plan at estate scale — collect, judge the whole chain, report.
#include <algorithm>
#include <string>
#include <vector>

#include "base/env.h"
#include "checks/registry.h"
#include "cli/command_options.h"
#include "cli/commands.h"
#include "cli/output_file.h"
#include "cli/scan_runner.h"
#include "cli/security_hub_options.h"
#include "cli/store_options.h"
#include "config/config.h"
#include "inventory/trail_window.h"
#include "report/view.h"

namespace rolecall::cli {
namespace {

// --key-evidence: the checks a scan runs anyway (the default set when none was named) plus
// key-in-use-from-instance, which is off by default because CloudTrail's rate limit makes it slow.
void add_key_evidence_check(std::vector<std::string>& only) {
  const std::string id = "key-in-use-from-instance";
  if (only.empty()) {
    for (const auto* c : checks::all_checks()) {
      if (c->info().default_enabled) only.emplace_back(c->info().id);
    }
  }
  if (std::find(only.begin(), only.end(), id) == only.end()) only.push_back(id);
}

}  // namespace

Action register_scan(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "scan",
      "Audit every EC2 instance in scope: is an instance profile associated, does it hold a role that exists, "
      "does the role trust EC2, is it approved and not administrator-equivalent, are there access keys in user "
      "data or launch templates, is IMDSv2 required. Exit status: 0 compliant, 1 findings at or above --fail-on, "
      "2 usage, 3 credentials or permissions, 4 partial scan.");
  auto cmd = std::make_shared<ScanCommand>();
  auto regions = std::make_shared<std::vector<std::string>>();
  auto only = std::make_shared<std::vector<std::string>>();
  auto skip = std::make_shared<std::vector<std::string>>();
  auto approved = std::make_shared<std::vector<std::string>>();
  auto fail_on = std::make_shared<std::string>("low");
  auto config_path = std::make_shared<std::string>();
  auto statuses = std::make_shared<std::vector<std::string>>();
  auto severities = std::make_shared<std::vector<std::string>>();
  auto accounts = std::make_shared<std::vector<std::string>>();
  auto tags = std::make_shared<std::vector<std::string>>();
  add_list_option(*sub, "--regions", *regions,
                  "Comma-separated regions to scan (default: --region alone if given, else every enabled region)");
  add_list_option(*sub, "--checks", *only, "Comma-separated check ids to run (default: all; see `rolecall checks`)");
  add_list_option(*sub, "--skip-checks", *skip, "Comma-separated check ids not to run");
  add_list_option(*sub, "--approved-profiles", *approved,
                  "Comma-separated approved instance profile (or role) ARNs for the role-is-approved check");
  sub->add_option("--fail-on", *fail_on,
                  "Lowest severity that makes the exit status 1; none: findings never do (report-only CI jobs; "
                  "errors still exit 3 or 4)")
      ->check(CLI::IsMember({"none", "info", "low", "medium", "high", "critical"}))
      ->capture_default_str();
  add_list_option(*sub, "--status", *statuses,
                  "Report only findings with these statuses: comma-separated PASS, FAIL, ERROR, MUTED (PASS also "
                  "lists passing resources in the table)");
  add_list_option(*sub, "--severity", *severities,
                  "Report only findings of these severities: comma-separated info, low, medium, high, critical, or "
                  ">=SEVERITY for that and above (e.g. '>=high'); the exit status follows the filtered view");
  add_list_option(*sub, "--account", *accounts, "Report only findings in these account ids (comma-separated)");
  sub->add_option("--tag", *tags,
                  "Report only findings on instances tagged KEY=VALUE (repeatable: every one must match; findings "
                  "on launch templates and scopes are hidden)")
      ->type_name("KEY=VALUE");
  add_list_option(*sub, "--tags", cmd->context_tags,
                  "Instance tag keys whose values every format adds to each finding (comma-separated, e.g. team,env)");
  sub->add_option("--report-dir", cmd->report_dir, "Also write the report in every format into this directory");
  sub->add_option("--config", *config_path,
                  "Policy file (YAML): approved profiles, checks on/off, severity overrides, mutelist "
                  "(docs/config.md; check one with `rolecall config validate FILE`)");
  sub->add_option("--from", cmd->from,
                  "Audit offline input instead of calling AWS: a `rolecall collect` directory, or JSON files (or a "
                  "directory of them) printed by `aws ec2 describe-instances` and `aws iam "
                  "get-account-authorization-details` (repeatable)");
  auto store_url = std::make_shared<std::string>();
  auto* store_option = add_store_option(*sub, *store_url, true);
  store_option->description(
      "Record the scan, after reporting it, in a store of scans (docs/store.md): a file path, "
      "sqlite:///path, a PostgreSQL database a team shares (postgresql://user@host/db, libpq's "
      "connection URI; passwords from ~/.pgpass or PGPASSWORD), or no value for "
      "$XDG_STATE_HOME/rolecall/store.db (else ~/.local/state/rolecall/store.db); see `rolecall "
      "history`, `diff`, `findings`");
  const SecurityHubFlags hub = add_security_hub_options(*sub, "After the scan");
  auto no_key_intel = std::make_shared<bool>(false);
  sub->add_flag("--no-key-intel", *no_key_intel,
                "Do not look up the access key ids found in user data and launch templates (owner account, user, "
                "status, last use; sts:GetAccessKeyInfo, iam:GetAccessKeyLastUsed, iam:ListAccessKeys): their "
                "findings keep the default severity. Offline scans (--from) never look keys up");
  auto key_evidence = std::make_shared<bool>(false);
  sub->add_flag("--key-evidence", *key_evidence,
                "Also run key-in-use-from-instance: read CloudTrail (cloudtrail:LookupEvents, 2 requests/s per "
                "account and region) for every long-term key found at rest and trace its calls to the instances "
                "they came from (`rolecall checks key-in-use-from-instance`); implies the key lookups");
  add_trail_logs_options(*sub, cmd->scan.trail_logs,
                         "Read key-in-use-from-instance's evidence from a trail's log files in this directory (as "
                         "`aws s3 sync s3://BUCKET/PREFIX DIR` leaves them), or straight from its bucket "
                         "(s3://BUCKET/PREFIX: s3:ListBucket and s3:GetObject with the scan's own credentials), "
                         "instead of cloudtrail:LookupEvents: no CloudTrail call, every core; implies --key-evidence, "
                         "and lets an offline scan (--from) run the check");
  add_scope_options(*sub, cmd->scan.scope,
                    "File of account ids (one per line) to scan by assuming --assume-role in each",
                    "Scan every active account of the organization (organizations:ListAccounts + sts:AssumeRole)");
  add_shard_option(*sub, cmd->scan.scope);
  return [&global, cmd, regions, only, skip, approved, fail_on, config_path, statuses, severities, accounts, tags,
          store_url, store_option, hub, no_key_intel, key_evidence]() -> ExitCode {
    cmd->scan.regions = global.regions_or_region(*regions);
    cmd->scan.key_intel = !*no_key_intel;
    cmd->scan.judge.checks = *only;
    cmd->scan.judge.skip_checks = *skip;
    cmd->scan.judge.approved = *approved;
    cmd->scan.scope.profiles = global.profiles;
    cmd->security_hub = hub.chosen(cmd->scan.regions);
    if (*fail_on == "none") {
      cmd->fail_on.reset();
    } else {
      Severity severity = Severity::kLow;
      parse_severity(*fail_on, severity);
      cmd->fail_on = severity;
    }
    auto filters = report::parse_filters(*statuses, *severities, *accounts, *tags);
    if (!filters) return fail_scan(filters.error(), ScanSource::kLive, *cmd, global);
    cmd->filters = std::move(*filters);
    if (auto writable = global.check_output_file(); !writable) {
      return fail_scan(writable.error(), ScanSource::kLive, *cmd, global);
    }
    if (store_option->count() > 0) {
      // Opened (created or migrated) before the scan: a store that cannot be used fails at once.
      auto stored = open_cli_store(*store_url, global);
      if (!stored) return store_error(stored.error());
      cmd->store = *store_url;
    }
    if (!config_path->empty()) {
      auto loaded = config::load_config(*global.env, *config_path);
      if (!loaded) {
        Error e = loaded.error();
        if (e.kind == ErrorKind::kIo) e.kind = ErrorKind::kInvalidArgument;  // a missing --config file is a usage error
        return fail_scan(e, ScanSource::kLive, *cmd, global);
      }
      auto selection = config::select_with_config(*loaded, cmd->scan.judge.checks, cmd->scan.judge.skip_checks);
      cmd->scan.judge.checks = std::move(selection.only);
      cmd->scan.judge.skip_checks = std::move(selection.skip);
      cmd->scan.judge.approved = config::merge_approved(*loaded, cmd->scan.judge.approved);
      cmd->config = std::move(*loaded);
    }
    const TrailLogsOptions& trail = cmd->scan.trail_logs;
    const ScanSource source = cmd->from.empty() ? ScanSource::kLive : ScanSource::kOffline;
    if (*key_evidence || !trail.location.empty()) add_key_evidence_check(cmd->scan.judge.checks);
    if (auto checked = check_trail_logs_options(*global.env, trail); !checked) {
      return fail_scan(checked.error(), source, *cmd, global);
    }
    if (auto window = inventory::make_trail_window(trail.since, trail.until, global.env->clock().now()); !window) {
      return fail_scan(window.error(), source, *cmd, global);
    }
    if (auto selected = checks::select_checks(cmd->scan.judge.checks, cmd->scan.judge.skip_checks); !selected) {
      return fail_scan(selected.error(), ScanSource::kLive, *cmd, global);
    }
    if (!cmd->from.empty()) {
      if (cmd->security_hub) {
        return fail_scan(Error::invalid_argument("--from audits offline input: --security-hub needs a live scan"),
                         ScanSource::kOffline, *cmd, global);
      }
      if (cmd->scan.scope.org || !cmd->scan.scope.accounts_file.empty() || cmd->scan.scope.shard.count > 1) {
        return fail_scan(Error::invalid_argument(
                             "--from audits offline input: it cannot be combined with --org, --accounts or --shard "
                             "(collect a share with collect --shard)"),
                         ScanSource::kOffline, *cmd, global);
      }
      return run_offline_scan_command(*cmd, global);
    }
    auto session = aws::Session::create(global.session_options());
    if (!session) return fail_scan(session.error(), ScanSource::kLive, *cmd, global);
    // A report bucket that does not exist fails before the scan, not after it.
    if (auto bucket = check_s3_output(**session, global); !bucket) return report_error(bucket.error());
    return run_scan_command(**session, *cmd, global);
  };
}

}  // namespace rolecall::cli

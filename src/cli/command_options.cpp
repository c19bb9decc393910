#include "cli/command_options.h"

#include <algorithm>
#include <iostream>

#include "aws/s3_location.h"
#include "cli/terminal.h"
#include "inventory/shard.h"
#include "remediate/journal.h"

namespace rolecall::cli {

void add_scope_options(CLI::App& sub, inventory::ScopeOptions& scope, const std::string& accounts_help,
                       const std::string& org_help) {
  sub.add_option("--accounts", scope.accounts_file,
                 accounts_help + "; only the listed accounts: your own only when listed");
  sub.add_flag("--org", scope.org, org_help);
  sub.add_option("--assume-role", scope.assume_role, "Role name to assume in each account")->capture_default_str();
  sub.add_option("--external-id", scope.external_id, "External id for AssumeRole");
}

void add_shard_option(CLI::App& sub, inventory::ScopeOptions& scope) {
  sub.add_option_function<std::string>(
         "--shard",
         [&scope](const std::string& text) {
           auto shard = inventory::parse_shard(text);
           if (!shard) throw CLI::ValidationError(shard.error().message);
           scope.shard = *shard;
         },
         "Only share I of N of the accounts (I/N, e.g. 0/4): a stable hash of each account id picks its share, so N "
         "workers cover every account once (docs/deploy.md)")
      ->type_name("I/N");
}

void add_journal_option(CLI::App& sub, std::string& path) {
  sub.add_option("--journal", path,
                 "Journal: a file, or a PostgreSQL database a team shares (postgresql://...) (default: "
                 "$ROLECALL_JOURNAL, $XDG_STATE_HOME/rolecall/journal.db)");
}

std::string journal_path(const std::string& flag, const base::Env& env) {
  if (!flag.empty()) return flag;
  return remediate::Journal::default_path(env);
}

void set_change_request(ChangeRequest& request, const std::string& journal_flag, const inventory::ScopeOptions& scope,
                        bool yes, const GlobalOptions& global) {
  request.session = global.session_options();
  request.journal_path = journal_path(journal_flag, *global.env);
  request.scope = scope;
  request.scope.profiles = global.profiles;
  request.yes = yes;
  request.confirm = confirm;
  request.show = [](const std::string& text) { std::cerr << text; };
}

CLI::Option* add_list_option(CLI::App& sub, const std::string& name, std::vector<std::string>& list,
                             const std::string& help) {
  return sub
      .add_option_function<std::vector<std::string>>(
          name,
          [&list](const std::vector<std::string>& items) {
            list = items;
            std::erase(list, std::string());  // CLI11 keeps a value that is empty as a whole
          },
          help)
      ->delimiter(',');
}

}  // namespace rolecall::cli

namespace rolecall::cli {

void add_trail_logs_options(CLI::App& sub, TrailLogsOptions& trail, const std::string& trail_logs_help) {
  sub.add_option("--trail-logs", trail.location, trail_logs_help)->type_name("DIR|S3URL");
  sub.add_option("--trail-logs-region", trail.region,
                 "The region of the --trail-logs s3:// bucket (default: s3:GetBucketLocation, else --region)")
      ->type_name("REGION");
  sub.add_option("--trail-since", trail.since,
                 "With --trail-logs: the events that count start here: a date (2025-01-01), an ISO 8601 time or a "
                 "duration back from now (30d, 12h); default 90 days before --trail-until. Files whose path date "
                 "is outside the window are not read, and an account and region without a log file delivered "
                 "within it is ERROR, never PASS")
      ->type_name("WHEN");
  sub.add_option("--trail-until", trail.until,
                 "With --trail-logs: the events that count end here (a date counts as a whole day); default now")
      ->type_name("WHEN");
}

Result<void> check_trail_logs_options(const base::Env& env, const TrailLogsOptions& trail) {
  if (trail.location.empty() && (!trail.since.empty() || !trail.until.empty())) {
    return fail(Error::invalid_argument(
        "--trail-since and --trail-until bound the events of --trail-logs: give --trail-logs DIR too"));
  }
  if (aws::is_s3_url(trail.location)) {
    if (auto url = aws::parse_s3_url(trail.location, "--trail-logs"); !url) return fail(url.error());
  } else if (!trail.location.empty() && env.file_type(trail.location) != base::FileType::kDirectory) {
    return fail(Error::invalid_argument("--trail-logs " + trail.location + ": not a directory"));
  }
  if (!trail.region.empty() && !aws::is_s3_url(trail.location)) {
    return fail(Error::invalid_argument("--trail-logs-region is the region of an s3:// --trail-logs bucket"));
  }
  return {};
}

}  // namespace rolecall::cli

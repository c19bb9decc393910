// rolecall watch: audit once, then again wherever CloudTrail shows a change that can turn a verdict;
// each changed verdict is a JSON line on stdout (docs/watch.md).
#include <atomic>
#include <csignal>
#include <iostream>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "app/webhook.h"
#include "aws/http/curl_blocking_client.h"
#include "aws/ops/sqs_messages.h"
#include "base/iso8601.h"
#include "base/time_ago.h"
#include "checks/registry.h"
#include "cli/command_options.h"
#include "cli/commands.h"
#include "cli/security_hub_options.h"
#include "cli/store_options.h"
#include "report/watch_line.h"
#include "report/watch_webhook.h"
#include "rolecall/watch.h"
#include "store/scan_record.h"

namespace rolecall::cli {
namespace {

std::atomic<bool> g_watch_stop{false};

extern "C" void on_watch_signal(int) { g_watch_stop = true; }

struct WatchCommand {
  WatchOptions options;
  std::vector<std::string> regions;
  std::string interval = "60s", lag = "15m", reconcile = "24h";
  std::string store_url;
  std::string webhook, webhook_format = "json";
};

// The variable holding the HMAC key `--webhook` signs its posts with (never an option: argv is public).
constexpr const char* kWebhookSecretVariable = "ROLECALL_WEBHOOK_SECRET";

// A duration option's value: `text` as base::parse_duration reads it, at most a week.
Result<std::chrono::seconds> watch_duration(const std::string& option, const std::string& text, bool zero_ok) {
  // A bare 0 turns an option off (--reconcile 0), as the help says; other values need their unit.
  auto d = zero_ok && text == "0" ? std::optional<std::chrono::seconds>(0)
                                  : base::parse_duration(text, std::chrono::hours(24 * 7));
  if (!d || (!zero_ok && d->count() == 0)) {
    return fail(Error::invalid_argument(fmt::format("{} {}: expected a duration such as 30s, 5m, 1h, 1d (at most 7d{})",
                                                    option, text, zero_ok ? "; 0 turns it off" : "")));
  }
  return *d;
}

}  // namespace

Action register_watch(CLI::App& app, GlobalOptions& global) {
  auto* sub = app.add_subcommand(
      "watch",
      "Audit the estate, then poll CloudTrail (cloudtrail:LookupEvents) for calls that can change a verdict "
      "(RunInstances, AssociateIamInstanceProfile, PutRolePolicy, ...), audit again the accounts and regions they "
      "touched, and print each changed verdict as a JSON line on stdout; a full scan every --reconcile catches what "
      "the events missed. Runs until interrupted (SIGINT, SIGTERM) or --max-polls. Exit status: 0 stopped, 2 usage, "
      "3 credentials.");
  auto cmd = std::make_shared<WatchCommand>();
  auto store_option = add_store_option(*sub, cmd->store_url, true);
  add_list_option(*sub, "--regions", cmd->regions,
                  "Comma-separated regions to watch (default: --region alone if given, else every enabled region)");
  add_list_option(*sub, "--checks", cmd->options.scan.judge.checks,
                  "Comma-separated check ids to run (default: all; see `rolecall checks`)");
  add_list_option(*sub, "--skip-checks", cmd->options.scan.judge.skip_checks, "Comma-separated check ids not to run");
  sub->add_option("--interval", cmd->interval, "Time between CloudTrail polls (e.g. 30s, 5m)")->capture_default_str();
  sub->add_option("--lag", cmd->lag,
                  "How far back each poll reads: CloudTrail delivers an event up to ~15 minutes after the call")
      ->capture_default_str();
  sub->add_option("--reconcile", cmd->reconcile, "Full scan this often, for changes no event showed; 0: never")
      ->capture_default_str();
  sub->add_option("--queue", cmd->options.queue_url,
                  "Read CloudTrail's events from this SQS queue URL, fed by an EventBridge rule (docs/watch.md), "
                  "instead of polling LookupEvents; messages are deleted once their audit is reported "
                  "(sqs:ReceiveMessage, sqs:DeleteMessage)");
  sub->add_option("--webhook", cmd->webhook,
                  "After each audit that changed a verdict, POST the changes to this http(s) URL (one JSON "
                  "document; signed with HMAC-SHA256 of $ROLECALL_WEBHOOK_SECRET when set; retried on 429 and 5xx)");
  sub->add_option("--webhook-format", cmd->webhook_format,
                  "Body --webhook posts: json (the lines' objects under \"changes\") or slack (a message for a Slack "
                  "incoming webhook)")
      ->check(CLI::IsMember({"json", "slack"}))
      ->capture_default_str();
  sub->add_option("--max-polls", cmd->options.max_polls, "Stop after this many polls (default: until interrupted)");
  sub->add_flag_function(
      "--no-key-intel", [cmd](std::int64_t) { cmd->options.scan.key_intel = false; },
      "Do not look up the owner, status and last use of keys found at rest");
  add_scope_options(*sub, cmd->options.scan.scope,
                    "File of account ids (one per line) to watch by assuming --assume-role in each",
                    "Watch every active account of the organization");
  add_shard_option(*sub, cmd->options.scan.scope);
  const SecurityHubFlags hub = add_security_hub_options(*sub, "After each audit");
  return [&global, cmd, store_option, hub]() -> ExitCode {
    WatchOptions options = cmd->options;
    options.scan.scope.profiles = global.profiles;
    options.scan.regions = global.regions_or_region(cmd->regions);
    auto interval = watch_duration("--interval", cmd->interval, false);
    auto lag = watch_duration("--lag", cmd->lag, true);
    auto reconcile = watch_duration("--reconcile", cmd->reconcile, true);
    for (const auto* d : {&interval, &lag, &reconcile}) {
      if (!*d) return report_error(d->error());
    }
    options.interval = *interval;
    options.lag = *lag;
    options.reconcile = *reconcile;
    if (auto selected = checks::select_checks(options.scan.judge.checks, options.scan.judge.skip_checks); !selected) {
      return report_error(selected.error());
    }
    std::optional<app::WebhookOptions> webhook;
    if (!cmd->webhook.empty()) {
      if (auto origin = app::webhook_origin("--webhook", cmd->webhook); !origin) return report_error(origin.error());
      webhook.emplace();
      webhook->url = cmd->webhook;
      webhook->secret = global.env->get(kWebhookSecretVariable).value_or("");
    }
    const report::WebhookFormat webhook_format =
        report::parse_webhook_format(cmd->webhook_format).value_or(report::WebhookFormat::kJson);
    std::unique_ptr<store::FindingStore> store;
    if (store_option->count() > 0) {
      auto opened = open_cli_store(cmd->store_url, global);
      if (!opened) return store_error(opened.error());
      store = std::move(*opened);
    }
    auto session = aws::Session::create(global.session_options());
    if (!session) return report_error(session.error());
    if (!options.queue_url.empty()) {
      // The queue's region is its URL's (sqs.<region>.amazonaws.com); against an endpoint override, --region's.
      if (!options.queue_url.starts_with("https://") && !options.queue_url.starts_with("http://")) {
        return report_error(Error::invalid_argument(fmt::format(
            "--queue {}: expected a queue URL such as https://sqs.us-east-1.amazonaws.com/123456789012/name",
            options.queue_url)));
      }
      options.queue_region = aws::sqs::queue_url_region(options.queue_url).value_or((*session)->region().region);
    }
    const std::optional<SecurityHubOptions> security_hub = hub.chosen(options.scan.regions);

    g_watch_stop = false;
    std::signal(SIGINT, on_watch_signal);
    std::signal(SIGTERM, on_watch_signal);
    const base::Clock& clock = global.env->clock();
    WatchHooks hooks;
    hooks.stop = [] { return g_watch_stop.load(); };
    // The store and Security Hub take each incremental audit's own verdicts (record_audit,
    // export_audit_to_security_hub: their cost follows the change); the scans (the first, each
    // --reconcile, each account+region re-audit) go whole, and Security Hub's archiving then reads
    // what is active there, repairing anything an incremental export missed.
    hooks.incremental_scans = false;
    SecurityHubReach hub_reach;  // the incremental exports' accounts, resolved once (not on every audit)
    if (store || security_hub) {
      hooks.on_incremental = [&](const IncrementalVerdicts& verdicts) {
        if (store) {
          store::AuditRecord audit{verdicts.started_at, verdicts.checks, verdicts.resources, verdicts.findings};
          if (auto r = store->record_audit(audit); !r)
            std::cerr << "rolecall: warning: " << r.error().describe() << '\n';
        }
        if (security_hub)
          send_audit_to_security_hub(**session, verdicts, options.scan.scope, *security_hub, hub_reach, global);
      };
    }
    hooks.wait = [&clock](std::chrono::seconds how_long) {
      const auto until = clock.monotonic() + how_long;
      while (!g_watch_stop && clock.monotonic() < until) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    };
    hooks.on_note = [&global](const std::string& line) {
      if (!global.quiet) std::cerr << "rolecall: watch: " << line << '\n';
    };
    std::vector<VerdictChange> audit_changes;  // this audit's, for --webhook
    hooks.on_change = [&clock, &webhook, &audit_changes](const VerdictChange& change) {
      std::cout << report::watch_line(change, base::format_iso8601(clock.now())) << std::endl;
      if (webhook) audit_changes.push_back(change);
    };
    aws::HttpOptions webhook_http = aws::HttpOptions::from_environment(*global.env);
    if (!global.ca_bundle.empty()) webhook_http.ca_bundle = global.ca_bundle;
    webhook_http.request_timeout = std::chrono::seconds(15);
    aws::CurlBlockingClient webhook_client(webhook_http);
    hooks.on_audit_end = [&]() {
      if (!webhook || audit_changes.empty()) return;
      const std::string body =
          report::watch_webhook_body(audit_changes, base::format_iso8601(clock.now()), webhook_format);
      auto sent = app::deliver_webhook(webhook_client, *webhook, body, [&hooks](std::chrono::milliseconds ms) {
        hooks.wait(std::chrono::ceil<std::chrono::seconds>(ms));
      });
      // Not delivered is a note: the lines went to stdout (and the store), and watching goes on.
      if (!sent)
        hooks.on_note(fmt::format("{} change(s) not delivered: {}", audit_changes.size(), sent.error().describe()));
      audit_changes.clear();
    };
    hooks.on_scan = [&](const ScanResult& result, const Inventory& inventory) {
      if (!global.quiet) {
        std::cerr << fmt::format("rolecall: watch: audited {} finding(s) at {}\n", result.findings.size(),
                                 result.finished_at);
      }
      // Each audit goes where a scan's would; Security Hub archives only within what the audit read.
      if (security_hub) send_to_security_hub(**session, result, inventory, options.scan.scope, *security_hub, global);
      if (!store) return;
      auto id = store->record_scan(store::scan_record(result, inventory, global.env->get("USER").value_or("")));
      if (!id) std::cerr << "rolecall: warning: " << id.error().describe() << '\n';
    };
    auto watched = watch(**session, options, hooks);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (!watched) return report_error(watched.error());
    return ExitCode::kOk;
  };
}

}  // namespace rolecall::cli

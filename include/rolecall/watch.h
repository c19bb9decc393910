#pragma once
// `rolecall watch` (docs/watch.md): one scan, then CloudTrail polled per account and region for the
// calls that can change a verdict; the accounts and regions they touched are audited again and the
// verdicts that changed are reported. A periodic full scan (reconciliation) catches what the
// events missed.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "rolecall/error.h"
#include "rolecall/findings.h"
#include "rolecall/inventory.h"
#include "rolecall/scan.h"

namespace rolecall {

namespace aws {
class Session;
}

// What to watch and how often.
struct WatchOptions {
  ScanOptions scan;                       // scope, regions and checks of every audit
  std::chrono::seconds interval{60};      // between polls
  std::chrono::seconds lag{15 * 60};      // CloudTrail delivers events within ~15 min: each poll looks back this far
  std::chrono::seconds reconcile{86400};  // a full scan this often; 0: never
  std::size_t max_polls = 0;              // stop after this many polls; 0: until stop() says so
  // Read changes from this SQS queue (fed by an EventBridge rule) instead of polling CloudTrail:
  // each poll long-polls it for up to `interval` (at most 20 s); a message is deleted once the
  // audit it triggered is reported. "": poll LookupEvents.
  std::string queue_url;
  std::string queue_region;                    // the queue's region (its URL's, or --region)
  std::chrono::seconds queue_visibility{300};  // messages stay hidden this long while handled
  // Collect and judge again only the resources the events name (docs/watch.md); false: every
  // change re-audits its account and region (the benchmark's baseline).
  bool incremental = true;
};

// One verdict that changed.
struct VerdictChange {
  enum class Kind { kNew, kChanged, kGone };
  Kind kind = Kind::kChanged;
  Finding finding;                          // the verdict now (kGone: the last one, of a resource no longer there)
  std::optional<Status> before;             // the verdict before (nullopt for kNew)
  std::vector<std::string> triggers;        // the event names that led to the audit, or "reconciliation"
  std::optional<Severity> severity_before;  // kChanged: the severity before, when it differs (a key made Inactive)
};

// "new", "changed", "gone".
const char* to_string(VerdictChange::Kind kind);

// One incremental re-audit's own verdicts: the resources it judged again and their verdicts now
// (every other verdict stands).
struct IncrementalVerdicts {
  std::vector<Finding> findings;  // every verdict of `resources` now, PASS included (sorted)
  // What watch held for `resources` before this audit, PASS included (sorted): with `findings`, what
  // stopped failing or is gone (a terminated instance, a deleted template).
  std::vector<Finding> before;
  std::vector<std::tuple<std::string, std::string, std::string>> resources;  // account, region, resource id
  std::vector<std::string> checks;                                           // ids of the checks that judged them
  std::string started_at;                                                    // ISO 8601 UTC
};

// What watch hands back, and how it waits.
struct WatchHooks {
  std::function<void(const ScanResult&, const Inventory&)> on_scan;  // every audit, the first included
  std::function<void(const VerdictChange&)> on_change;
  // Each incremental re-audit's own verdicts and what they replace (its cost follows the change),
  // before on_scan hears it whole when incremental_scans is set.
  std::function<void(const IncrementalVerdicts&)> on_incremental;
  std::function<void()> on_audit_end;               // after each audit's changes (none, maybe) were reported
  std::function<void(const std::string&)> on_note;  // progress and problems, one line each
  std::function<bool()> stop;                       // asked before and after each wait
  std::function<void(std::chrono::seconds)> wait;   // sleeps (returns early when stopping)
  // Whether on_scan also hears each incremental re-audit, as a scan of the patched inventory would
  // report it (every verdict now: costs as much as the estate is large); false: only the scans.
  bool incremental_scans = true;
};

// Watches until hooks.stop() or options.max_polls. Fails only when the first scan fails as scan()
// does; a later poll or audit that fails is a note, and the next poll tries again.
Result<void> watch(aws::Session& session, const WatchOptions& options, const WatchHooks& hooks);

}  // namespace rolecall

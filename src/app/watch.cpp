#include "rolecall/watch.h"

#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "app/pipeline.h"
#include "app/watch_incremental.h"
#include "app/watch_sources.h"
#include "aws/session.h"
#include "base/iso8601.h"
#include "checks/registry.h"
#include "inventory/change_events.h"
#include "inventory/scope.h"

namespace rolecall {
namespace {

using WatchKey = std::tuple<std::string, std::string, std::string, std::string>;  // account, region, resource, check
using Verdicts = std::map<WatchKey, Finding>;

WatchKey watch_key_of(const Finding& f) { return {f.account_id, f.region, f.resource_id, f.check_id}; }

Verdicts index_verdicts(const std::vector<Finding>& findings) {
  Verdicts out;
  for (const auto& f : findings) out.insert_or_assign(watch_key_of(f), f);
  return out;
}

// Whether `key` is a verdict of `resource`; `state`'s verdicts of one resource are adjacent, from
// first_verdict_of.
bool verdict_of(const WatchKey& key, const app::ResourceKey& resource) {
  return std::get<0>(key) == std::get<0>(resource) && std::get<1>(key) == std::get<1>(resource) &&
         std::get<2>(key) == std::get<2>(resource);
}
auto first_verdict_of(auto& state, const app::ResourceKey& resource) {
  return state.lower_bound(WatchKey{std::get<0>(resource), std::get<1>(resource), std::get<2>(resource), ""});
}

// What an audit covered: accounts and regions (their account-wide findings, region "", too), or the
// resources an incremental re-audit judged again; neither: everything.
struct AuditScope {
  std::map<std::string, std::set<std::string>> regions;  // by account
  std::set<app::ResourceKey> resources;                  // account, region, resource id
  bool covers(const Finding& f) const {
    if (regions.empty() && resources.empty()) return true;
    if (resources.contains(app::ResourceKey{f.account_id, f.region, f.resource_id})) return true;
    auto it = regions.find(f.account_id);
    return it != regions.end() && (f.region.empty() || it->second.contains(f.region));
  }
};

// Replaces what `state` holds inside `scope` by `fresh`, reporting each verdict that changed.
void apply_audit(Verdicts& state, const std::vector<Finding>& fresh, const AuditScope& scope,
                 const std::vector<std::string>& triggers, const WatchHooks& hooks) {
  Verdicts now;
  for (const auto& f : fresh) {
    if (scope.covers(f)) now.insert_or_assign(watch_key_of(f), f);
  }
  auto gone = [&](Verdicts::iterator it) {
    if (hooks.on_change)
      hooks.on_change({VerdictChange::Kind::kGone, it->second, it->second.status, triggers, std::nullopt});
    return state.erase(it);
  };
  if (scope.regions.empty() && !scope.resources.empty()) {
    // Only the resources judged again: their verdicts, not the whole state (it grows with the estate).
    for (const auto& resource : scope.resources) {
      for (auto it = first_verdict_of(state, resource); it != state.end() && verdict_of(it->first, resource);) {
        it = now.contains(it->first) ? std::next(it) : gone(it);
      }
    }
  } else {
    for (auto it = state.begin(); it != state.end();) {
      it = scope.covers(it->second) && !now.contains(it->first) ? gone(it) : std::next(it);
    }
  }
  for (auto& [key, finding] : now) {
    auto old = state.find(key);
    if (old == state.end()) {
      if (hooks.on_change) hooks.on_change({VerdictChange::Kind::kNew, finding, std::nullopt, triggers, std::nullopt});
      state.emplace(key, std::move(finding));
    } else {
      // A FAIL whose severity moved (its key made Inactive or deleted) changed too.
      const bool severity_moved = finding.status == Status::kFail && old->second.status == Status::kFail &&
                                  old->second.severity != finding.severity;
      if ((old->second.status != finding.status || severity_moved) && hooks.on_change) {
        VerdictChange change{VerdictChange::Kind::kChanged, finding, old->second.status, triggers, std::nullopt};
        if (severity_moved) change.severity_before = old->second.severity;
        hooks.on_change(change);
      }
      old->second = std::move(finding);
    }
  }
}

// What `state` holds for `resources` (a range per resource: its cost follows them, not the state).
std::vector<Finding> held_verdicts(const Verdicts& state, const std::set<app::ResourceKey>& resources) {
  std::vector<Finding> out;
  for (const auto& resource : resources) {
    for (auto it = first_verdict_of(state, resource); it != state.end() && verdict_of(it->first, resource); ++it)
      out.push_back(it->second);
  }
  checks::sort_findings(out);
  return out;
}

void watch_note(const WatchHooks& hooks, const std::string& line) {
  if (hooks.on_note) hooks.on_note(line);
}

}  // namespace

const char* to_string(VerdictChange::Kind kind) {
  switch (kind) {
    case VerdictChange::Kind::kNew: return "new";
    case VerdictChange::Kind::kChanged: return "changed";
    case VerdictChange::Kind::kGone: return "gone";
  }
  return "changed";
}

Result<void> watch(aws::Session& session, const WatchOptions& options, const WatchHooks& hooks) {
  const auto& clock = session.clock();
  Inventory inventory;
  auto first = scan(session, options.scan, &inventory);
  if (!first) return fail(first.error());
  if (hooks.on_scan) hooks.on_scan(*first, inventory);
  Verdicts state = index_verdicts(first->findings);
  // The checks the incremental re-audits judge with (the first scan accepted the selection).
  auto selected = checks::select_checks(options.scan.judge.checks, options.scan.judge.skip_checks);
  if (!selected) return fail(selected.error());

  // Where to read CloudTrail: every account and region the scan covered, and us-east-1, where the
  // global services (IAM) record their events.
  std::map<std::string, std::set<std::string>> watched;
  for (const auto& region : inventory.regions) watched[region.account_id].insert(region.region);
  auto scope = inventory::resolve_scope(session, options.scan.scope);
  if (!scope) return fail(scope.error());
  std::vector<inventory::ChangeSource> sources;
  for (const auto& target : scope->targets) {
    auto it = watched.find(target.account_id);
    if (target.caller == nullptr || it == watched.end()) continue;
    std::set<std::string> regions = it->second;
    regions.insert("us-east-1");
    for (const auto& region : regions) sources.push_back({target.account_id, region, target.caller});
  }
  const bool from_queue = !options.queue_url.empty();
  ChangePoller poll_source;
  std::chrono::system_clock::time_point cursor = clock.now();
  if (from_queue) {
    poll_source =
        queue_change_poller(session, options.queue_url, options.queue_region, options.interval,
                            options.queue_visibility, [&hooks](const std::string& line) { watch_note(hooks, line); });
    watch_note(hooks, fmt::format("watching {} account(s) through queue {}", watched.size(), options.queue_url));
  } else {
    // LookupEvents per account and region, from the last poll back --lag.
    poll_source = [&](std::chrono::system_clock::time_point now) {
      auto poll = inventory::poll_changes(session.loop(), sources, cursor - options.lag, now);
      for (const auto& [source, error] : poll.errors) {
        watch_note(hooks, fmt::format("cannot read CloudTrail in {} {}: {}", source.account_id, source.region,
                                      error.describe()));
      }
      cursor = now;
      return PolledChanges{std::move(poll.events), false, {}};
    };
    watch_note(hooks, fmt::format("watching {} account(s) in {} CloudTrail source(s), every {} s", watched.size(),
                                  sources.size(), options.interval.count()));
  }

  auto last_full = cursor;
  std::map<std::string, std::chrono::system_clock::time_point> seen;  // event ids already handled
  for (std::size_t polls = 0; options.max_polls == 0 || polls < options.max_polls; ++polls) {
    if (hooks.stop && hooks.stop()) break;
    // The queue's long poll is its wait.
    if (hooks.wait && !from_queue) hooks.wait(options.interval);
    if (hooks.stop && hooks.stop()) break;
    const auto now = clock.now();
    if (options.reconcile.count() > 0 && now - last_full >= options.reconcile) {
      Inventory full_inventory;
      auto full = scan(session, options.scan, &full_inventory);
      if (!full) {
        watch_note(hooks, "reconciliation failed: " + full.error().describe());
        continue;
      }
      if (hooks.on_scan) hooks.on_scan(*full, full_inventory);
      apply_audit(state, full->findings, {}, {"reconciliation"}, hooks);
      if (hooks.on_audit_end) hooks.on_audit_end();
      inventory = std::move(full_inventory);
      last_full = now;
      cursor = now;
      continue;
    }
    PolledChanges poll = poll_source(now);
    if (poll.failed) {
      if (hooks.wait && from_queue) hooks.wait(options.interval);
      continue;
    }
    for (auto it = seen.begin(); it != seen.end();) it = now - it->second > 2 * options.lag ? seen.erase(it) : ++it;
    std::set<std::string> trigger_names;
    std::vector<std::string> handled;  // event ids first seen in this poll
    std::vector<const inventory::ChangeEvent*> fresh_events;
    for (const auto& event : poll.events) {
      // A queue carries every account's events (an organization-wide rule): only the watched ones
      // count, in the regions watched.
      if (from_queue) {
        auto account = watched.find(event.account_id);
        if (account == watched.end()) continue;
        if (!inventory::global_event_source(event.event_source) && !account->second.contains(event.region)) continue;
      }
      if (!seen.emplace(event.event_id, now).second) continue;
      handled.push_back(event.event_id);
      trigger_names.insert(event.event_name);
      fresh_events.push_back(&event);
    }
    if (fresh_events.empty()) {
      if (poll.acknowledge) poll.acknowledge();
      continue;
    }
    const std::vector<std::string> triggers(trigger_names.begin(), trigger_names.end());
    app::ReauditPlan plan = app::plan_reaudit(fresh_events, inventory, watched, options.incremental);
    if (!plan.keys.empty()) {
      std::vector<const Finding*> with_keys;
      for (const auto& [key, finding] : state) {
        if (!finding.evidence.key_id_redacted.empty() || !finding.evidence.key_intel.empty())
          with_keys.push_back(&finding);
      }
      app::add_key_holders(plan, with_keys);
    }
    if (plan.incremental()) {
      checks::CheckContext context;
      context.approved = options.scan.judge.approved;
      context.now = clock.now();
      const std::string started_at = base::format_iso8601(clock.now());
      auto judged = app::reaudit_incrementally(session, scope->targets, plan, *selected, context,
                                               options.scan.key_intel, inventory);
      if (judged) {
        AuditScope judged_scope;
        judged_scope.resources = std::move(judged->resources);
        watch_note(hooks, fmt::format("re-audited incrementally: {} instance(s) collected, {} resource(s) judged again",
                                      judged->collected_instances, judged_scope.resources.size()));
        IncrementalVerdicts verdicts;
        if (hooks.on_incremental) verdicts.before = held_verdicts(state, judged_scope.resources);
        apply_audit(state, judged->findings, judged_scope, triggers, hooks);
        if (hooks.on_incremental) {
          verdicts.findings = judged->findings;
          verdicts.resources.assign(judged_scope.resources.begin(), judged_scope.resources.end());
          for (const auto* c : *selected) verdicts.checks.emplace_back(c->info().id);
          verdicts.started_at = started_at;
          hooks.on_incremental(verdicts);
        }
        if (hooks.on_scan && hooks.incremental_scans) {
          // The audit as a scan of the patched inventory would report it: every verdict now, for a
          // consumer that needs the whole view (its cost follows the estate).
          ScanResult result;
          result.findings.reserve(state.size());
          for (const auto& [key, finding] : state) result.findings.push_back(finding);
          checks::sort_findings(result.findings);
          for (const auto* c : *selected) result.checks.emplace_back(c->info().id);
          result.stats = app::inventory_stats(inventory);
          result.started_at = started_at;
          result.finished_at = base::format_iso8601(clock.now());
          hooks.on_scan(result, inventory);
        }
      } else {
        // What could not be read incrementally is audited as a scan, by account and region.
        watch_note(hooks, "incremental re-audit failed, auditing the accounts and regions instead: " +
                              judged.error().describe());
        auto all_regions_of = [&](const std::string& account) -> const std::set<std::string>& {
          return watched[account];
        };
        for (const auto& [key, ids] : plan.instances) plan.whole[key.first].insert(key.second);
        for (const auto& [key, ids] : plan.templates) plan.whole[key.first].insert(key.second);
        for (const auto& [account, change] : plan.iam)
          plan.whole[account].insert(all_regions_of(account).begin(), all_regions_of(account).end());
      }
    }
    if (!plan.whole.empty()) {
      AuditScope audit;
      audit.regions = plan.whole;
      ScanOptions again = options.scan;
      again.scope.only_accounts.clear();
      std::set<std::string> all_regions;
      for (const auto& [account, regions] : audit.regions) {
        again.scope.only_accounts.push_back(account);
        all_regions.insert(regions.begin(), regions.end());
      }
      // One audit of the union: an account is judged in every region any change touched.
      again.regions.assign(all_regions.begin(), all_regions.end());
      for (auto& [account, regions] : audit.regions) regions = all_regions;
      Inventory fresh_inventory;
      auto fresh = scan(session, again, &fresh_inventory);
      if (!fresh) {
        watch_note(hooks, "re-audit failed: " + fresh.error().describe());
        // Not handled after all: when the events come again (the next poll's look back, the queue's
        // redelivery) they are audited.
        for (const auto& id : handled) seen.erase(id);
        if (hooks.on_audit_end) hooks.on_audit_end();  // what the incremental part reported still goes out
        continue;
      }
      if (hooks.on_scan) hooks.on_scan(*fresh, fresh_inventory);
      apply_audit(state, fresh->findings, audit, triggers, hooks);
      app::patch_whole(inventory, std::move(fresh_inventory));
    }
    if (hooks.on_audit_end) hooks.on_audit_end();
    // Reported: the queue's messages may go (a failed audit above leaves them to be received again).
    if (poll.acknowledge) poll.acknowledge();
  }
  return {};
}

}  // namespace rolecall

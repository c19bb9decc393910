#include "rolecall/watch.h"

#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "app/watch_sources.h"
#include "aws/session.h"
#include "base/iso8601.h"
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

// The accounts and regions an audit covered: its account-wide findings (region "") too.
struct AuditScope {
  std::map<std::string, std::set<std::string>> regions;  // by account; empty map: everything
  bool covers(const Finding& f) const {
    if (regions.empty()) return true;
    auto it = regions.find(f.account_id);
    return it != regions.end() && (f.region.empty() || it->second.contains(f.region));
  }
};

// Replaces what `state` holds inside `scope` by `fresh`, reporting each verdict that changed.
void apply_audit(Verdicts& state, const std::vector<Finding>& fresh, const AuditScope& scope,
                 const std::vector<std::string>& triggers, const WatchHooks& hooks) {
  Verdicts now = index_verdicts(fresh);
  for (auto it = state.begin(); it != state.end();) {
    if (scope.covers(it->second) && !now.contains(it->first)) {
      if (hooks.on_change) hooks.on_change({VerdictChange::Kind::kGone, it->second, it->second.status, triggers});
      it = state.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [key, finding] : now) {
    auto old = state.find(key);
    if (old == state.end()) {
      if (hooks.on_change) hooks.on_change({VerdictChange::Kind::kNew, finding, std::nullopt, triggers});
      state.emplace(key, std::move(finding));
    } else {
      if (old->second.status != finding.status && hooks.on_change)
        hooks.on_change({VerdictChange::Kind::kChanged, finding, old->second.status, triggers});
      old->second = std::move(finding);
    }
  }
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
    AuditScope audit;
    std::set<std::string> triggers;
    std::vector<std::string> handled;  // event ids first seen in this poll
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
      triggers.insert(event.event_name);
      auto& regions = audit.regions[event.account_id];
      if (inventory::global_event_source(event.event_source)) {
        regions.insert(watched[event.account_id].begin(), watched[event.account_id].end());
      } else {
        regions.insert(event.region);
      }
    }
    if (audit.regions.empty()) {
      if (poll.acknowledge) poll.acknowledge();
      continue;
    }
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
      continue;
    }
    if (hooks.on_scan) hooks.on_scan(*fresh, fresh_inventory);
    apply_audit(state, fresh->findings, audit, {triggers.begin(), triggers.end()}, hooks);
    if (hooks.on_audit_end) hooks.on_audit_end();
    // Reported: the queue's messages may go (a failed audit above leaves them to be received again).
    if (poll.acknowledge) poll.acknowledge();
  }
  return {};
}

}  // namespace rolecall

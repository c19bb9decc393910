// key-in-use-from-instance: CloudTrail shows no long-term key used from the instance's addresses.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "base/redact.h"
#include "checks/chain.h"
#include "checks/key_intel.h"
#include "checks/key_use_match.h"
#include "checks/registry.h"

namespace rolecall::checks {
namespace {

std::string joined(const std::vector<std::string>& items, std::size_t at_most) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < at_most; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > at_most) out += fmt::format(" and {} more", items.size() - at_most);
  return out;
}

// "exact: 12 calls (GetObject, PutObject) in us-east-1 from public IP 54.1.2.3, 2026-10-01T... to
// 2026-12-01T..., user agent aws-cli/2.15.0 ..."; ambiguous ones name the other candidates.
std::string describe_match(const UseMatch& m, const Instance& self) {
  const KeyUse& use = *m.use;
  std::string confidence = m.exact() ? "exact" : fmt::format("ambiguous {}", m.candidates.size());
  std::string line =
      fmt::format("{} {}: {} call(s) ({}) in {} from {}, {} to {}", base::redact_key_id(use.key_id), confidence,
                  use.events, joined(use.event_names, 4), use.region, describe_via(m), use.first_seen, use.last_seen);
  if (!use.user_agents.empty()) line += ", user agent " + joined(use.user_agents, 2);
  if (!m.exact()) {
    std::vector<std::string> others;
    for (const Instance* i : m.candidates) {
      if (i != &self) others.push_back(i->id);
    }
    if (!others.empty()) line += ", also candidates: " + joined(others, 5);
  }
  return line;
}

// The instance's role sessions (the healthy case), per role, and the calls of its sessions from
// addresses that are not the instance's: "role app: 20 call(s) from this instance (public IP
// 54.1.2.3), A to B; 3 call(s) of its sessions from elsewhere: outside the estate (203.0.113.9)".
// "" when CloudTrail shows none. `healthy` says whether any came from the instance.
std::string describe_sessions(const std::vector<SessionMatch>& sessions, bool& healthy) {
  struct Tally {
    std::size_t calls = 0;
    std::string first, last;
    std::set<std::string> via;
  };
  std::map<std::string, Tally> by_role;
  std::map<std::string, std::size_t> elsewhere;  // source -> calls
  std::size_t elsewhere_calls = 0;
  for (const SessionMatch& m : sessions) {
    const RoleSessionUse& use = *m.use;
    if (m.from_instance) {
      Tally& t = by_role[use.role_name];
      t.first = t.calls == 0 ? use.first_seen : std::min(t.first, use.first_seen);
      t.last = std::max(t.last, use.last_seen);
      t.calls += use.events;
      t.via.insert(describe_via(m));
    } else if (m.from_address) {  // a service's name as source: calls AWS made for the session
      elsewhere[describe_via(m)] += use.events;
      elsewhere_calls += use.events;
    }
  }
  healthy = !by_role.empty();
  std::string out;
  for (const auto& [role, t] : by_role) {
    out += fmt::format("{}role {}: {} call(s) from this instance ({}), {} to {}", out.empty() ? "" : "; ", role,
                       t.calls, joined({t.via.begin(), t.via.end()}, 2), t.first, t.last);
  }
  if (elsewhere_calls > 0) {
    std::vector<std::string> sources;
    for (const auto& [via, calls] : elsewhere) sources.push_back(fmt::format("{}: {}", via, calls));
    out += fmt::format("{}{} call(s) of its role sessions from addresses that are not this instance's: {}",
                       out.empty() ? "" : "; ", elsewhere_calls, joined(sources, 3));
  }
  return out;
}

// Where the evidence came from: "LookupEvents" or "12 trail log file(s) under DIR, long-term key
// events from A to B".
std::string evidence_source(const KeyEvidence& evidence) {
  if (evidence.source == EvidenceSource::kLookupEvents) return "cloudtrail:LookupEvents";
  std::string out = fmt::format("{} trail log file(s) under {}", evidence.trail_files, evidence.trail_dir);
  if (!evidence.first_event.empty())
    out += fmt::format(", long-term key events from {} to {}", evidence.first_event, evidence.last_event);
  return out;
}

// The trail log files' coverage of `region`'s account and region; nullptr when none was delivered
// within the window.
const TrailCoverage* trail_coverage_of(const KeyEvidence& evidence, const RegionInventory& region) {
  auto it = std::lower_bound(evidence.coverage.begin(), evidence.coverage.end(), region,
                             [](const TrailCoverage& c, const RegionInventory& r) {
                               return std::tie(c.account, c.region) < std::tie(r.account_id, r.region);
                             });
  if (it == evidence.coverage.end() || it->account != region.account_id || it->region != region.region) return nullptr;
  return &*it;
}

class KeyInUseFromInstance final : public Check {
 public:
  const CheckInfo& info() const override {
    static const CheckInfo kInfo{
        .id = "key-in-use-from-instance",
        .title = "No long-term access key used from the instance (CloudTrail)",
        .severity = Severity::kCritical,
        .resource_type = "instance",
        .rationale =
            "A key found at rest may be dead; a key CloudTrail saw called from the instance's own "
            "addresses is live and in use: its workload runs on long-term credentials instead of the "
            "instance role, and moving it to a role is what retires the key.",
        .remediation =
            "Give the workload an instance role with the permissions the key's user needed "
            "(`rolecall plan`), move the application to the SDK's default credential chain, confirm "
            "in CloudTrail that the key is no longer used from the instance, then deactivate it "
            "(`aws iam update-access-key --status Inactive`).",
        .cis_foundations = &kCisInstanceRoles,
        .needs = {.user_data = true, .launch_templates = true, .key_evidence = true},
        .default_enabled = false,
    };
    return kInfo;
  }

  void run(const Slice& slice, const CheckContext& context, std::vector<Finding>& out) const override {
    const Inventory& inventory = slice.inventory;
    const KeyEvidence& evidence = inventory.key_evidence;
    std::optional<KeyUseIndex> own;
    const KeyUseIndex* index = context.key_uses;
    if (index == nullptr && evidence.collected) index = &own.emplace(inventory);
    for (const RegionInventory* region : slice.regions) {
      Slice one{inventory, {region}};
      for_each_instance(one, [&](const InstanceView& view) {
        if (!evidence.collected) {
          out.push_back(instance_finding(
              info(), view, Status::kError,
              "CloudTrail evidence was not collected (a live scan collects it; offline, give --trail-logs DIR)"));
          return;
        }
        judge(inventory, *index, *region, view, out);
        add_sessions(index->sessions_of(*view.instance), out.back());
      });
    }
  }

 private:
  // The role sessions' evidence on `f`; a PASS also says the instance calls through its role.
  static void add_sessions(const std::vector<SessionMatch>& sessions, Finding& f) {
    if (sessions.empty()) return;
    bool healthy = false;
    f.evidence.role_session = describe_sessions(sessions, healthy);
    if (healthy && f.status == Status::kPass) f.message += "; it calls AWS through its instance role";
  }

  void judge(const Inventory& inventory, const KeyUseIndex& index, const RegionInventory& region,
             const InstanceView& view, std::vector<Finding>& out) const {
    const Instance& instance = *view.instance;
    const auto& matches = index.of(instance);
    if (!matches.empty()) {
      out.push_back(failing(inventory, matches, view));
      return;
    }
    const KeyEvidence& evidence = inventory.key_evidence;
    if (evidence.failed_lookups > 0) {
      out.push_back(instance_finding(
          info(), view, Status::kError,
          fmt::format("{} CloudTrail lookup(s) failed (see the scan's errors): key use from this instance is unknown",
                      evidence.failed_lookups)));
      return;
    }
    if (evidence.failed_files > 0) {
      out.push_back(instance_finding(info(), view, Status::kError,
                                     fmt::format("{} trail log file(s) under {} could not be read (see the scan's "
                                                 "errors): key use from this instance is unknown",
                                                 evidence.failed_files, evidence.trail_dir)));
      return;
    }
    const TrailCoverage* covered = nullptr;
    if (evidence.source == EvidenceSource::kTrailFiles) {
      covered = trail_coverage_of(evidence, region);
      // No log of this account and region within the window (archived logs, the wrong prefix, a
      // trail that does not cover the region): the absence of key events proves nothing.
      if (covered == nullptr) {
        out.push_back(instance_finding(
            info(), view, Status::kError,
            fmt::format("no trail log file under {} for account {} in {} was delivered between {} and {} ({} file(s) "
                        "read, {} skipped by their date): key use from this instance is unknown; give "
                        "--trail-since/--trail-until around the logs' dates",
                        evidence.trail_dir, region.account_id, region.region, evidence.window_start,
                        evidence.window_end, evidence.trail_files, evidence.skipped_files)));
        return;
      }
    }
    if (instance.public_ip.empty() && region.egress_error) {
      out.push_back(instance_finding(
          info(), view, Status::kError,
          "the region's NAT gateways or route tables could not be read: " + region.egress_error->describe()));
      return;
    }
    if (covered == nullptr) {
      out.push_back(instance_finding(
          info(), view, Status::kPass,
          fmt::format("CloudTrail shows none of the {} long-term key(s) looked up used from this instance's "
                      "addresses in the last {} days ({})",
                      evidence.keys_looked_up, evidence.window_days, evidence_source(evidence))));
      return;
    }
    out.push_back(instance_finding(
        info(), view, Status::kPass,
        fmt::format("CloudTrail shows none of the {} long-term key(s) in the trail log files used from this "
                    "instance's addresses between {} and {} ({}; {} file(s) of this account and region delivered "
                    "from {} to {})",
                    evidence.keys_looked_up, evidence.window_start, evidence.window_end, evidence_source(evidence),
                    covered->files, covered->first_file, covered->last_file)));
  }

  Finding failing(const Inventory& inventory, const std::vector<const UseMatch*>& matches,
                  const InstanceView& view) const {
    const Instance& instance = *view.instance;
    bool exact = std::any_of(matches.begin(), matches.end(), [](const UseMatch* m) { return m->exact(); });
    std::map<std::string, const KeyUse*> keys;  // key id -> one of its uses
    std::vector<std::string> lines;
    std::size_t calls = 0;
    std::string last;
    for (const UseMatch* m : matches) {
      keys.emplace(m->use->key_id, m->use);
      lines.push_back(describe_match(*m, instance));
      calls += m->use->events;
      last = std::max(last, m->use->last_seen);
    }
    std::vector<std::string> redacted;
    std::string intel;
    for (const auto& [k, use] : keys) {
      redacted.push_back(base::redact_key_id(k));
      auto it = inventory.key_intel.find(k);
      // A key found at rest has its key intelligence; any other came from its user's key list.
      // Offline there are no key lookups: the trail names the account and user.
      const bool offline = inventory.key_intel.empty() && inventory.key_evidence.source == EvidenceSource::kTrailFiles;
      std::string said =
          it != inventory.key_intel.end()
              ? describe_key_intel(it->second)
              : fmt::format("account {} ({}), user {}{}", use->owner_account, offline ? "its trail" : "in scope",
                            use->user.empty() ? "unknown" : use->user, offline ? "" : ", not found at rest");
      intel += (intel.empty() ? "" : "; ") + redacted.back() + ": " + said;
    }
    const UseMatch& first = *matches.front();
    std::string message =
        exact ? fmt::format("long-term key {} used from this instance ({}): {} call(s), last {}", joined(redacted, 3),
                            describe_via(first), calls, last)
              : fmt::format(
                    "long-term key {} used from an address this instance shares ({}, {} candidates): {} "
                    "call(s), last {}",
                    joined(redacted, 3), describe_via(first), first.candidates.size(), calls, last);
    Finding f = instance_finding(info(), view, Status::kFail, std::move(message));
    // An address shared with other instances does not prove this one made the calls.
    f.severity = exact ? Severity::kCritical : Severity::kHigh;
    f.evidence.key_id_redacted = joined(redacted, 10);
    f.evidence.key_intel = std::move(intel);
    f.evidence.detail = (exact ? "exact" : "ambiguous") + std::string("; ");
    for (std::size_t i = 0; i < lines.size(); ++i) f.evidence.detail += (i ? "; " : "") + lines[i];
    f.evidence.detail += "; evidence: " + evidence_source(inventory.key_evidence);
    return f;
  }
};

}  // namespace

const Check& key_in_use_from_instance_check() {
  static const KeyInUseFromInstance kCheck;
  return kCheck;
}

}  // namespace rolecall::checks

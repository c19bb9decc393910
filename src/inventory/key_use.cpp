#include "inventory/key_use.h"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "aws/ops/cloudtrail_lookup_events.h"
#include "base/iso8601.h"
#include "base/redact.h"
#include "inventory/account_keys.h"
#include "inventory/event_action.h"

namespace rolecall::inventory {
namespace {

using Steady = std::chrono::steady_clock;

// The next page to read of one key's events.
struct Job {
  std::string key_id;
  std::string next_token;
};

// One account and region: its pages go out one at a time, `pace` apart.
struct Lane {
  aws::AwsCaller* caller = nullptr;
  std::string account;
  std::string region;
  std::deque<Job> queue;
  bool scheduled = false;
  std::optional<Steady::time_point> last_sent;
  int sent = 0;
};

// Failed lookups of one account, region and error kind.
struct KeyUseFailure {
  Error error;
  std::set<std::string> key_ids;
};

using UseKey = std::tuple<std::string, std::string, std::string, std::string>;  // key, region, source, endpoint

struct KeyUseRun {
  KeyUseRun(aws::EventLoop& l, KeyUseOptions o) : loop(l), options(o) {}
  aws::EventLoop& loop;
  KeyUseOptions options;
  std::chrono::system_clock::time_point start, end;
  std::map<std::pair<std::string, std::string>, Lane> lanes;  // node-based: Lane addresses stay valid
  std::map<std::string, std::string> owners;                  // key id -> owner account
  std::map<UseKey, KeyUse> uses;
  std::map<std::tuple<std::string, std::string, ErrorKind>, KeyUseFailure> failures;
  std::size_t failed = 0;
  PhaseProgress progress;  // pages read out of pages known (a NextToken makes one more)
  std::function<void(const PhaseProgress&)> on_progress;
};

void record(KeyUseRun& run, const std::string& key_id, const std::string& lane_region, aws::cloudtrail::TrailEvent& e) {
  const std::string& region = e.aws_region.empty() ? lane_region : e.aws_region;
  KeyUse& use = run.uses[UseKey{key_id, region, e.source_ip, e.vpc_endpoint_id}];
  if (use.events == 0) use = new_key_use(key_id, run.owners[key_id], region, e.source_ip, e.vpc_endpoint_id);
  count_key_call(use, e.username, e.event_time, e.event_source, e.event_name, e.user_agent);
}

void pump(const std::shared_ptr<KeyUseRun>& run, Lane& lane);

void answer(const std::shared_ptr<KeyUseRun>& run, Lane& lane, const Job& job,
            Result<aws::cloudtrail::LookupEventsResponse> r) {
  if (!r) {
    ++run->failed;
    Error e = r.error().with_context("in " + lane.region);
    auto [it, fresh] = run->failures.try_emplace({lane.account, lane.region, e.kind}, KeyUseFailure{e, {}});
    it->second.key_ids.insert(job.key_id);
  } else {
    for (auto& event : r->events) record(*run, job.key_id, lane.region, event);
    // The rest of this key first: its pages are one sequence, and the token may expire.
    if (!r->next_token.empty()) {
      lane.queue.push_front(Job{job.key_id, std::move(r->next_token)});
      ++run->progress.total;
    }
  }
  ++run->progress.done;
  if (run->on_progress) run->on_progress(run->progress);
  pump(run, lane);
}

void pump(const std::shared_ptr<KeyUseRun>& run, Lane& lane) {
  if (lane.queue.empty() || lane.scheduled) return;
  const Steady::time_point now = run->loop.clock().monotonic();
  // The bucket starts full: the first `burst` pages go at once, then one each `pace`.
  if (lane.sent >= run->options.burst && lane.last_sent && *lane.last_sent + run->options.pace > now) {
    lane.scheduled = true;
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(*lane.last_sent + run->options.pace - now);
    run->loop.schedule_after(wait, [run, &lane] {
      lane.scheduled = false;
      pump(run, lane);
    });
    return;
  }
  Job job = std::move(lane.queue.front());
  lane.queue.pop_front();
  lane.last_sent = now;
  ++lane.sent;
  aws::cloudtrail::LookupEventsRequest request;
  request.region = lane.region;
  request.attribute_key = "AccessKeyId";
  request.attribute_value = job.key_id;
  request.start_time = run->start;
  request.end_time = run->end;
  request.next_token = job.next_token;
  aws::cloudtrail::lookup_events(
      *lane.caller, request,
      [run, &lane, job](Result<aws::cloudtrail::LookupEventsResponse> r) { answer(run, lane, job, std::move(r)); });
  // The next page of this lane waits for its turn, not for this answer.
  pump(run, lane);
}

// Whether GetAccessKeyLastUsed shows the key unused since `start` (nothing for LookupEvents to find).
bool unused_since(const KeyIntel& intel, std::chrono::system_clock::time_point start) {
  if (intel.state != KeyState::kActive && intel.state != KeyState::kInactive) return false;  // unknown
  if (intel.last_used.empty()) return true;                                                  // never used
  auto when = base::parse_iso8601(intel.last_used);
  return when && *when < start;
}

void insert_sorted(std::vector<std::string>& into, std::string_view value) {
  if (value.empty()) return;
  auto at =
      std::lower_bound(into.begin(), into.end(), value, [](const std::string& a, std::string_view b) { return a < b; });
  if (at == into.end() || *at != value) into.insert(at, std::string(value));
}

}  // namespace

KeyUse new_key_use(std::string_view key_id, std::string_view owner_account, std::string_view region,
                   std::string_view source_ip, std::string_view vpc_endpoint_id) {
  KeyUse use;
  use.key_id = key_id;
  use.owner_account = owner_account;
  use.region = region;
  use.source_ip = source_ip;
  use.vpc_endpoint_id = vpc_endpoint_id;
  return use;
}

void count_key_call(KeyUse& use, std::string_view user, std::string_view event_time, std::string_view event_source,
                    std::string_view event_name, std::string_view user_agent) {
  if (use.events++ == 0) {
    use.first_seen = use.last_seen = event_time;
  } else {
    // ISO 8601 in UTC with a fixed layout: text order is time order.
    if (event_time < use.first_seen) use.first_seen = event_time;
    if (event_time > use.last_seen) use.last_seen = event_time;
  }
  if (use.user.empty()) use.user = user;
  insert_sorted(use.event_names, event_name);
  insert_sorted(use.user_agents, user_agent);
  thread_local std::vector<std::string> actions;  // reused: a known action costs no allocation
  event_iam_actions(event_source, event_name, actions);
  for (const auto& action : actions) insert_sorted(use.actions, action);
  if (actions.empty() && !event_name.empty()) {
    insert_sorted(use.unknown_actions, std::string(event_source.empty() ? "(no eventSource)" : event_source) + " " +
                                           std::string(event_name));
  }
}

void merge_key_use(KeyUse& into, const KeyUse& from) {
  into.events += from.events;
  if (into.user.empty()) into.user = from.user;
  into.first_seen = std::min(into.first_seen, from.first_seen);
  into.last_seen = std::max(into.last_seen, from.last_seen);
  for (const auto& name : from.event_names) insert_sorted(into.event_names, name);
  for (const auto& agent : from.user_agents) insert_sorted(into.user_agents, agent);
  for (const auto& action : from.actions) insert_sorted(into.actions, action);
  for (const auto& call : from.unknown_actions) insert_sorted(into.unknown_actions, call);
}

void look_up_key_use(aws::EventLoop& loop, const std::vector<AccountTarget>& targets,
                     std::chrono::system_clock::time_point now, Inventory& inventory, const KeyUseOptions& options,
                     const std::function<void(const PhaseProgress&)>& on_progress) {
  auto run = std::make_shared<KeyUseRun>(loop, options);
  run->on_progress = on_progress;
  run->end = now;
  run->start = now - std::chrono::hours(24) * options.window_days;
  KeyEvidence& evidence = inventory.key_evidence;
  evidence = KeyEvidence{};
  evidence.collected = true;
  evidence.window_days = options.window_days;

  // Each key goes to its owner's lanes (one per collected region) as soon as it is known: the keys
  // found at rest at once, with all_users every other key the accounts' users hold as its listing
  // comes in, so that listing users never holds the paced lookups back.
  auto regions_of = std::make_shared<std::map<std::string, std::vector<std::string>>>();
  for (const auto& r : inventory.regions) (*regions_of)[r.account_id].push_back(r.region);
  auto enqueue = [run, regions_of, &targets, &evidence](const std::string& id, const KeyIntel& intel) {
    if (!intel.in_scope || intel.owner_account.empty() || run->owners.contains(id)) return;
    if (unused_since(intel, run->start)) {
      ++evidence.keys_skipped;
      return;
    }
    auto owner = std::find_if(targets.begin(), targets.end(),
                              [&](const AccountTarget& t) { return t.account_id == intel.owner_account; });
    if (owner == targets.end() || owner->caller == nullptr) return;  // its scope error says why
    ++evidence.keys_looked_up;
    run->owners[id] = intel.owner_account;
    for (const auto& region : (*regions_of)[intel.owner_account]) {
      Lane& lane = run->lanes[{intel.owner_account, region}];
      lane.caller = owner->caller;
      lane.account = intel.owner_account;
      lane.region = region;
      lane.queue.push_back(Job{id, ""});
      ++run->progress.total;
      pump(run, lane);
    }
  };
  for (const auto& [id, intel] : inventory.key_intel) enqueue(id, intel);
  if (options.all_users) {
    list_account_keys_async(
        targets, inventory.key_intel, enqueue, [] {}, inventory.scope_errors, run->failed);
  }
  loop.run();

  evidence.failed_lookups = run->failed;
  std::set<std::string> failed_keys;
  for (const auto& [key, failure] : run->failures) failed_keys.insert(failure.key_ids.begin(), failure.key_ids.end());
  evidence.failed_keys.assign(failed_keys.begin(), failed_keys.end());
  for (auto& [key, use] : run->uses) evidence.uses.push_back(std::move(use));
  for (auto& [key, failure] : run->failures) {
    std::string ids;
    std::size_t shown = 0;
    for (const auto& id : failure.key_ids) {
      if (shown++ == 5) {
        ids += ", ...";
        break;
      }
      ids += (shown > 1 ? ", " : "") + base::redact_key_id(id);
    }
    Error e = failure.error.with_context(
        fmt::format("CloudTrail evidence for {} key id(s) ({})", failure.key_ids.size(), ids));
    inventory.scope_errors.push_back(ScopeError{std::get<0>(key), std::get<1>(key), std::move(e)});
  }
}

}  // namespace rolecall::inventory

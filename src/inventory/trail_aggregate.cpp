#include "inventory/trail_aggregate.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "base/iso8601.h"
#include "inventory/key_use.h"
#include "inventory/trail_file_parse.h"
#include "inventory/trail_index.h"

namespace rolecall::inventory {
namespace {

// Failed files named one by one among the scan's errors; the rest are counted in one more.
constexpr std::size_t kTrailFailuresNamed = 10;

}  // namespace

// Types TrailAggregator::State holds: not in an anonymous namespace (-Wsubobject-linkage in a unity batch).
namespace trail_aggregate_detail {

// One thread's uses, found by key, region, source and endpoint.
class TrailUseTable {
 public:
  void add(const TrailKeyRecord& r) {
    auto [at, fresh] = find_or_add(r.key_id, r.region, r.source_ip, r.vpc_endpoint_id);
    if (fresh) uses_.push_back(new_key_use(r.key_id, r.account, r.region, r.source_ip, r.vpc_endpoint_id));
    count_key_call(uses_[at], r.user, r.event_time, r.event_source, r.event_name, r.user_agent);
  }

  // Moves every use of `other` into this table.
  void merge(TrailUseTable&& other) {
    for (KeyUse& theirs : other.uses_) {
      auto [at, fresh] = find_or_add(theirs.key_id, theirs.region, theirs.source_ip, theirs.vpc_endpoint_id);
      if (fresh)
        uses_.push_back(std::move(theirs));
      else
        merge_key_use(uses_[at], theirs);
    }
    other.uses_.clear();
    other.index_.clear();
  }

  // The uses sorted as the live lookups sort them: by key, region, source, endpoint.
  std::vector<KeyUse> take_sorted() {
    std::vector<KeyUse> out = std::move(uses_);
    uses_.clear();
    index_.clear();
    std::sort(out.begin(), out.end(), [](const KeyUse& a, const KeyUse& b) {
      return std::tie(a.key_id, a.region, a.source_ip, a.vpc_endpoint_id) <
             std::tie(b.key_id, b.region, b.source_ip, b.vpc_endpoint_id);
    });
    return out;
  }

 private:
  // The position of the use of key, region, source and endpoint, and whether it is to be appended.
  std::pair<std::uint32_t, bool> find_or_add(std::string_view key, std::string_view region, std::string_view source,
                                             std::string_view endpoint) {
    return index_.find_or_add(trail_fields_hash({key, region, source, endpoint}), [&](std::uint32_t i) {
      const KeyUse& u = uses_[i];
      return u.key_id == key && u.source_ip == source && u.region == region && u.vpc_endpoint_id == endpoint;
    });
  }

  std::vector<KeyUse> uses_;  // in the order first seen
  TrailIndex index_;
};

// One thread's instance role sessions, found by account, instance, role, region, source, endpoint.
class TrailSessionTable {
 public:
  void add(const TrailKeyRecord& r) {
    auto [at, fresh] = find_or_add({r.session_name, r.account, r.role_name, r.region, r.source_ip, r.vpc_endpoint_id});
    if (fresh) {
      RoleSessionUse& use = sessions_.emplace_back();
      use.instance_id = r.session_name;
      use.role_name = r.role_name;
      use.account = r.account;
      use.region = r.region;
      use.source_ip = r.source_ip;
      use.vpc_endpoint_id = r.vpc_endpoint_id;
      use.first_seen = use.last_seen = r.event_time;
    }
    count(sessions_[at], r.event_time, 1);
  }

  // Moves every session of `other` into this table.
  void merge(TrailSessionTable&& other) {
    for (RoleSessionUse& theirs : other.sessions_) {
      auto [at, fresh] = find_or_add({theirs.instance_id, theirs.account, theirs.role_name, theirs.region,
                                      theirs.source_ip, theirs.vpc_endpoint_id});
      if (fresh) {
        sessions_.push_back(std::move(theirs));
        continue;
      }
      count(sessions_[at], theirs.first_seen, theirs.events);
      sessions_[at].last_seen = std::max(sessions_[at].last_seen, theirs.last_seen);
    }
    other.sessions_.clear();
    other.index_.clear();
  }

  // The sessions sorted by account, instance, role, region, source, endpoint.
  std::vector<RoleSessionUse> take_sorted() {
    std::vector<RoleSessionUse> out = std::move(sessions_);
    sessions_.clear();
    index_.clear();
    std::sort(out.begin(), out.end(), [](const RoleSessionUse& a, const RoleSessionUse& b) {
      return std::tie(a.account, a.instance_id, a.role_name, a.region, a.source_ip, a.vpc_endpoint_id) <
             std::tie(b.account, b.instance_id, b.role_name, b.region, b.source_ip, b.vpc_endpoint_id);
    });
    return out;
  }

 private:
  // A session's grouping fields: instance, account, role, region, source, endpoint.
  struct SessionFields {
    std::string_view instance, account, role, region, source, endpoint;
  };

  // The position of the session of `f`, and whether it is to be appended.
  std::pair<std::uint32_t, bool> find_or_add(const SessionFields& f) {
    return index_.find_or_add(
        trail_fields_hash({f.instance, f.account, f.role, f.region, f.source, f.endpoint}), [&](std::uint32_t i) {
          const RoleSessionUse& u = sessions_[i];
          return u.instance_id == f.instance && u.source_ip == f.source && u.account == f.account &&
                 u.role_name == f.role && u.region == f.region && u.vpc_endpoint_id == f.endpoint;
        });
  }

  // Adds `events` calls, the earliest at `time` (ISO 8601 text sorts as time).
  static void count(RoleSessionUse& use, std::string_view time, std::size_t events) {
    use.events += events;
    if (time < use.first_seen) use.first_seen = time;
    if (time > use.last_seen) use.last_seen = time;
  }

  std::vector<RoleSessionUse> sessions_;  // in the order first seen
  TrailIndex index_;
};

using TrailCoverageMap = std::map<std::pair<std::string, std::string>, TrailCoverage>;

void cover_trail_scope(TrailCoverageMap& map, const TrailPathInfo& info) {
  const std::string when = base::format_iso8601(info.delivered ? *info.delivered : base::day_start(info.day));
  TrailCoverage& c = map[{info.account, info.region}];
  if (c.files++ == 0) {
    c.account = info.account;
    c.region = info.region;
    c.first_file = c.last_file = when;
  } else {
    c.first_file = std::min(c.first_file, when);
    c.last_file = std::max(c.last_file, when);
  }
}

void merge_trail_coverage(TrailCoverageMap& into, TrailCoverageMap&& from) {
  for (auto& [k, theirs] : from) {
    auto [it, fresh] = into.try_emplace(k, theirs);
    if (fresh) continue;
    it->second.files += theirs.files;
    it->second.first_file = std::min(it->second.first_file, theirs.first_file);
    it->second.last_file = std::max(it->second.last_file, theirs.last_file);
  }
  from.clear();
}

struct TrailThread {
  TrailFileParser parser;
  TrailUseTable uses;
  TrailSessionTable sessions;
  TrailCoverageMap coverage;
  std::size_t files = 0;
};

}  // namespace trail_aggregate_detail

using trail_aggregate_detail::cover_trail_scope;
using trail_aggregate_detail::merge_trail_coverage;
using trail_aggregate_detail::TrailThread;

struct TrailAggregator::State {
  TrailWindow window;
  std::vector<TrailThread> threads;
  std::mutex failures_mutex;
  std::vector<TrailFileFailure> failures;
};

TrailAggregator::TrailAggregator(const TrailWindow& window, unsigned threads) : state_(std::make_unique<State>()) {
  state_->window = window;
  state_->threads = std::vector<TrailThread>(std::max(threads, 1u));
}

TrailAggregator::~TrailAggregator() = default;

void TrailAggregator::parse(unsigned thread, const std::string& name, std::string_view bytes) {
  TrailThread& t = state_->threads[thread];
  const std::string& since = state_->window.since_text;
  const std::string& until = state_->window.until_text;
  auto parsed = t.parser.parse(bytes, [&](const TrailKeyRecord& r) {
    if (r.event_time < since || r.event_time > until) return;  // outside the window (ISO 8601 sorts as text)
    if (r.caller == TrailCaller::kInstanceRole)
      t.sessions.add(r);
    else
      t.uses.add(r);
  });
  if (!parsed) {
    fail(name, parsed.error().with_context("trail log file " + name));
    return;
  }
  ++t.files;
  if (parsed->records == 0) return;  // an empty file proves nothing about the window
  if (auto info = trail_path_info(name); info && trail_file_in_window(state_->window, *info))
    cover_trail_scope(t.coverage, *info);
}

void TrailAggregator::fail(std::string name, Error error) {
  std::lock_guard lock(state_->failures_mutex);
  state_->failures.push_back({std::move(name), std::move(error)});
}

KeyEvidence TrailAggregator::finish(const std::string& location, std::size_t skipped_files) {
  auto& threads = state_->threads;
  KeyEvidence evidence;
  evidence.collected = true;
  evidence.source = EvidenceSource::kTrailFiles;
  evidence.window_days =
      static_cast<int>(std::chrono::ceil<std::chrono::days>(state_->window.until - state_->window.since).count());
  evidence.window_start = state_->window.since_text;
  evidence.window_end = state_->window.until_text;
  evidence.trail_dir = location;
  evidence.skipped_files = skipped_files;
  evidence.failed_files = state_->failures.size();
  for (std::size_t i = 1; i < threads.size(); ++i) {
    threads[0].uses.merge(std::move(threads[i].uses));
    threads[0].sessions.merge(std::move(threads[i].sessions));
    merge_trail_coverage(threads[0].coverage, std::move(threads[i].coverage));
  }
  for (const auto& t : threads) evidence.trail_files += t.files;
  evidence.uses = threads[0].uses.take_sorted();
  evidence.role_sessions = threads[0].sessions.take_sorted();
  for (auto& [k, c] : threads[0].coverage) evidence.coverage.push_back(std::move(c));
  threads[0].coverage.clear();
  std::string last_key;
  for (const auto& use : evidence.uses) {
    if (use.key_id != last_key) ++evidence.keys_looked_up;
    last_key = use.key_id;
    if (evidence.first_event.empty() || use.first_seen < evidence.first_event) evidence.first_event = use.first_seen;
    evidence.last_event = std::max(evidence.last_event, use.last_seen);
  }
  std::sort(state_->failures.begin(), state_->failures.end(),
            [](const TrailFileFailure& a, const TrailFileFailure& b) { return a.path < b.path; });
  return evidence;
}

std::vector<TrailFileFailure> TrailAggregator::take_failures() { return std::move(state_->failures); }

void add_trail_failures(std::vector<TrailFileFailure> failures, const std::string& location, Inventory& inventory) {
  for (std::size_t i = 0; i < failures.size() && i < kTrailFailuresNamed; ++i) {
    inventory.scope_errors.push_back(ScopeError{"", "", std::move(failures[i].error)});
  }
  if (failures.size() > kTrailFailuresNamed) {
    inventory.scope_errors.push_back(
        ScopeError{"", "",
                   Error::parse(fmt::format("{} more trail log files under {} could not be read (the first: {})",
                                            failures.size() - kTrailFailuresNamed, location,
                                            failures[kTrailFailuresNamed].path))});
  }
}

}  // namespace rolecall::inventory

#include "store/diff.h"

#include <map>
#include <set>

#include <fmt/format.h>

#include "store/coverage.h"

namespace rolecall::store {

ScanDiff diff_scans(const ScanObservations& from, const ScanObservations& to) {
  ScanDiff out;
  out.from = from.scan;
  out.to = to.scan;
  std::map<FindingKey, const StoredFinding*> before, after;
  for (const auto& v : from.verdicts) before.emplace(v.key, &v);
  std::vector<FindingKey> scope_errors;
  for (const auto& v : to.verdicts) {
    after.emplace(v.key, &v);
    if (v.status == Status::kError && v.resource_type == "scope") scope_errors.push_back(v.key);
  }
  const std::set<FindingKey> failed_earlier(to.failed_earlier.begin(), to.failed_earlier.end());
  const Coverage coverage(to.scope, to.checks, scope_errors);
  const auto failing = [](const std::map<FindingKey, const StoredFinding*>& m, const FindingKey& key) {
    auto it = m.find(key);
    return it != m.end() && it->second->status == Status::kFail;
  };
  for (const auto& [key, f] : after) {
    if (f->status != Status::kFail) continue;
    if (failing(before, key)) {
      out.persisting.push_back(*f);
    } else if (failed_earlier.contains(key)) {
      out.regressed.push_back(*f);
    } else {
      out.added.push_back(*f);
    }
  }
  for (const auto& [key, f] : before) {
    if (f->status != Status::kFail || failing(after, key)) continue;
    auto later = after.find(key);
    // Absent from `to` means PASS (or gone) only where `to` judged it.
    const bool judged = later == after.end() ? coverage.judged(key) : later->second->status == Status::kPass;
    (judged ? out.resolved : out.unjudged).push_back(later == after.end() ? *f : *later->second);
  }
  return out;
}

Result<ScanDiff> diff_stored_scans(FindingStore& store, std::optional<std::int64_t> from,
                                   std::optional<std::int64_t> to) {
  if (!from || !to) {
    auto recent = store.scans(2);
    if (!recent) return fail(recent.error());
    if (!to) {
      if (recent->empty()) return fail(Error::not_found(fmt::format("store {} holds no scans yet", store.location())));
      to = (*recent)[0].id;
    }
    if (!from) {
      // The scan before `to`.
      auto all = store.scans(0);
      if (!all) return fail(all.error());
      for (const auto& s : *all) {
        if (s.id < *to) {
          from = s.id;
          break;
        }
      }
      if (!from) {
        return fail(Error::not_found(
            fmt::format("store {} holds no scan before scan {} to compare it with", store.location(), *to)));
      }
    }
  }
  auto a = store.observations(*from);
  if (!a) return fail(a.error());
  auto b = store.observations(*to);
  if (!b) return fail(b.error());
  return diff_scans(*a, *b);
}

}  // namespace rolecall::store

// Running checks over an inventory: one account at a time, accounts in parallel. Each account's
// findings are sorted on their own and appended in account order, so the whole comes out in report
// order without sorting 100k+ findings at once, and no more than a few accounts' findings exist
// twice (in their own vector and in the result).
#include <algorithm>
#include <iterator>
#include <map>
#include <string_view>
#include <utility>

#include "base/ordered_parallel.h"
#include "base/thread_count.h"
#include "checks/chain.h"
#include "checks/registry.h"

namespace rolecall::checks {
namespace {

// Below this many expected findings the checks run on the calling thread: threads cost more.
constexpr std::size_t kParallelFrom = 20000;
constexpr unsigned kMaxThreads = 8;

// One account's share of the work: its regions and its scope errors.
struct AccountWork {
  Slice slice;
  std::vector<const ScopeError*> scope_errors;
  std::size_t expected = 0;  // room for its findings
};

// Room for what `checks` will produce for `work` (one verdict per in-scope instance and check, one
// per launch template version, scope errors), so verdicts are allocated once instead of doubling.
std::size_t expected_findings(const AccountWork& work, std::size_t checks) {
  std::size_t n = work.scope_errors.size();
  for (const RegionInventory* r : work.slice.regions) {
    n += 1;
    for (const auto& i : r->instances) n += in_scope(i) ? checks : 0;
    for (const auto& t : r->launch_templates) n += t.versions.size();
  }
  return n;
}

// The inventory split by account, accounts in sorted order (as the report sorts them).
std::vector<AccountWork> split_by_account(const Inventory& inventory, std::size_t checks) {
  std::map<std::string_view, AccountWork> by_account;
  auto work_for = [&](std::string_view account) -> AccountWork& {
    auto it = by_account.find(account);
    if (it == by_account.end()) it = by_account.emplace(account, AccountWork{Slice{inventory, {}}, {}, 0}).first;
    return it->second;
  };
  for (const auto& e : inventory.scope_errors) work_for(e.account_id).scope_errors.push_back(&e);
  for (const auto& r : inventory.regions) work_for(r.account_id).slice.regions.push_back(&r);
  std::vector<AccountWork> out;
  out.reserve(by_account.size());
  for (auto& [account, work] : by_account) {
    work.expected = expected_findings(work, checks);
    out.push_back(std::move(work));
  }
  return out;
}

Finding scope_error_finding(const std::string& account, const std::string& region, const Error& error) {
  Finding f;
  f.check_id = "scan";
  f.status = Status::kError;
  f.severity = Severity::kHigh;
  f.account_id = account;
  f.region = region;
  f.resource_type = "scope";
  f.resource_id = region.empty() ? account : account + "/" + region;
  f.message = error.describe();
  return f;
}

// One account's findings into `out` (cleared first), sorted: its scope errors, then each check.
void judge_account(const AccountWork& work, const std::vector<const Check*>& checks, const CheckContext& context,
                   std::vector<Finding>& out) {
  out.clear();
  out.reserve(work.expected);
  for (const ScopeError* e : work.scope_errors) out.push_back(scope_error_finding(e->account_id, e->region, e->error));
  for (const RegionInventory* r : work.slice.regions) {
    if (r->instances_error) out.push_back(scope_error_finding(r->account_id, r->region, *r->instances_error));
  }
  for (const Check* c : checks) c->run(work.slice, context, out);
  sort_findings(out);
}

}  // namespace

std::vector<Finding> run_checks(const Inventory& inventory, const std::vector<const Check*>& checks,
                                const CheckContext& context, unsigned threads) {
  const std::vector<AccountWork> work = split_by_account(inventory, checks.size());
  std::size_t expected = 0;
  for (const auto& w : work) expected += w.expected;
  if (threads == 0) {
    threads = expected < kParallelFrom ? 1 : base::default_thread_count(kMaxThreads);
  }
  std::vector<Finding> out;
  out.reserve(expected);
  // Each thread judges into a reused slot: a fresh multi-megabyte vector per account fragmented
  // the heap by tens of megabytes.
  base::produce_in_order<std::vector<Finding>>(
      work.size(), threads,
      [&](std::size_t i, std::vector<Finding>& findings) { judge_account(work[i], checks, context, findings); },
      [&](std::size_t, std::vector<Finding>& findings) {
        std::move(findings.begin(), findings.end(), std::back_inserter(out));
        findings.clear();
      });
  return out;
}

}  // namespace rolecall::checks

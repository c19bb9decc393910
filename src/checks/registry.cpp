#include "checks/registry.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>
#include <utility>

#include "checks/chain.h"

namespace rolecall::checks {

const std::vector<const Check*>& all_checks() {
  // Sorted by id; a test keeps it so.
  static const std::vector<const Check*> kChecks = {
      &imdsv2_required_check(),     &instance_has_role_check(), &launch_template_no_keys_check(),
      &profile_has_role_check(),    &role_is_approved_check(),  &role_not_admin_check(),
      &role_trusts_ec2_check(),     &user_data_no_keys_check(),
  };
  return kChecks;
}

const Check* find_check(const std::string& id) {
  for (const Check* c : all_checks()) {
    if (c->info().id == id) return c;
  }
  return nullptr;
}

Result<std::vector<const Check*>> select_checks(const std::vector<std::string>& only, const std::vector<std::string>& skip) {
  for (const auto& id : skip) {
    if (find_check(id) == nullptr) return fail(ErrorKind::kInvalidArgument, "unknown check id in --skip-checks: " + id);
  }
  std::vector<const Check*> out;
  if (only.empty()) {
    for (const Check* c : all_checks()) {
      if (c->info().default_enabled) out.push_back(c);
    }
  } else {
    for (const auto& id : only) {
      const Check* c = find_check(id);
      if (c == nullptr) return fail(ErrorKind::kInvalidArgument, "unknown check id in --checks: " + id);
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
  }
  std::erase_if(out, [&](const Check* c) {
    return std::find(skip.begin(), skip.end(), std::string(c->info().id)) != skip.end();
  });
  std::sort(out.begin(), out.end(), [](const Check* a, const Check* b) { return a->info().id < b->info().id; });
  return out;
}

DataNeeds needs_of(const std::vector<const Check*>& checks) {
  DataNeeds needs;
  for (const Check* c : checks) {
    needs.iam = needs.iam || c->info().needs.iam;
    needs.user_data = needs.user_data || c->info().needs.user_data;
    needs.launch_templates = needs.launch_templates || c->info().needs.launch_templates;
  }
  return needs;
}

namespace {

// Room for what `checks` will produce (one verdict per in-scope instance and check, one per launch
// template version, scope errors), so 100k+ verdicts are allocated once instead of doubling.
std::size_t expected_findings(const Inventory& inventory, std::size_t checks) {
  std::size_t n = inventory.scope_errors.size();
  for (const auto& r : inventory.regions) {
    n += 1;
    for (const auto& i : r.instances) n += in_scope(i) ? checks : 0;
    for (const auto& t : r.launch_templates) n += t.versions.size();
  }
  return n;
}

}  // namespace

// Through an index permutation: a temporary copy of 100k+ findings would be ~100 MB.
// Findings come in runs of one account and region (each check walks the regions in turn), so
// they are first bucketed by region, then sorted within each by resource and check only.
void sort_findings(std::vector<Finding>& findings) {
  const std::size_t n = findings.size();
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> groups;  // -> first-seen id
  std::vector<std::size_t> group(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Finding& f = findings[i];
    if (i > 0 && f.account_id == findings[i - 1].account_id && f.region == findings[i - 1].region) {
      group[i] = group[i - 1];
    } else {
      group[i] = groups.emplace(std::make_pair(std::string_view(f.account_id), std::string_view(f.region)), groups.size())
                     .first->second;
    }
  }
  // Bucket starts in (account, region) order, then a counting sort into them (stable).
  std::vector<std::size_t> start(groups.size() + 1, 0);
  {
    std::vector<std::size_t> rank(groups.size());
    std::size_t r = 0;
    for (const auto& [key, id] : groups) rank[id] = r++;
    for (auto& g : group) g = rank[g];
  }
  for (auto g : group) ++start[g + 1];
  for (std::size_t g = 1; g < start.size(); ++g) start[g] += start[g - 1];
  std::vector<std::size_t> order(n);
  {
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < n; ++i) order[fill[group[i]]++] = i;
  }
  for (std::size_t g = 0; g + 1 < start.size(); ++g) {
    std::sort(order.begin() + static_cast<std::ptrdiff_t>(start[g]), order.begin() + static_cast<std::ptrdiff_t>(start[g + 1]),
              [&](std::size_t x, std::size_t y) {
                const Finding& a = findings[x];
                const Finding& b = findings[y];
                return std::tie(a.resource_id, a.check_id, x) < std::tie(b.resource_id, b.check_id, y);
              });
  }
  // findings[i] becomes the old findings[order[i]]: follow each cycle once.
  for (std::size_t i = 0; i < n; ++i) {
    if (order[i] == i) continue;
    Finding held = std::move(findings[i]);
    std::size_t j = i;
    while (order[j] != i) {
      std::size_t next = order[j];
      findings[j] = std::move(findings[next]);
      order[j] = j;
      j = next;
    }
    findings[j] = std::move(held);
    order[j] = j;
  }
}

std::vector<Finding> run_checks(const Inventory& inventory, const std::vector<const Check*>& checks,
                                const CheckContext& context) {
  std::vector<Finding> out;
  out.reserve(expected_findings(inventory, checks.size()));
  auto scope_error = [&](const std::string& account, const std::string& region, const Error& error) {
    Finding f;
    f.check_id = "scan";
    f.status = Status::kError;
    f.severity = Severity::kHigh;
    f.account_id = account;
    f.region = region;
    f.resource_type = "scope";
    f.resource_id = region.empty() ? account : account + "/" + region;
    f.message = error.describe();
    out.push_back(std::move(f));
  };
  for (const auto& e : inventory.scope_errors) scope_error(e.account_id, e.region, e.error);
  for (const auto& r : inventory.regions) {
    if (r.instances_error) scope_error(r.account_id, r.region, *r.instances_error);
  }
  for (const Check* c : checks) c->run(inventory, context, out);
  sort_findings(out);
  return out;
}

}  // namespace rolecall::checks

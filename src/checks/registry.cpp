#include "checks/registry.h"

#include <algorithm>
#include <numeric>
#include <tuple>

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

// Sorts by (account, region, resource, check), ties in production order (as stable_sort), through
// an index permutation: no temporary copy of the findings, which at 100k+ verdicts is ~100 MB.
void sort_findings(std::vector<Finding>& findings) {
  std::vector<std::size_t> order(findings.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    const Finding& a = findings[x];
    const Finding& b = findings[y];
    return std::tie(a.account_id, a.region, a.resource_id, a.check_id, x) <
           std::tie(b.account_id, b.region, b.resource_id, b.check_id, y);
  });
  // findings[i] becomes the old findings[order[i]]: follow each cycle once.
  for (std::size_t i = 0; i < order.size(); ++i) {
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

}  // namespace

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

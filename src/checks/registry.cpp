#include "checks/registry.h"

#include <algorithm>

#include "checks/chain.h"

namespace rolecall::checks {

const std::vector<const Check*>& all_checks() {
  // Sorted by id; a test keeps it so.
  static const std::vector<const Check*> kChecks = {
      &imdsv2_required_check(),         &instance_has_role_check(), &key_in_use_from_instance_check(),
      &launch_template_no_keys_check(), &profile_has_role_check(),  &role_is_approved_check(),
      &role_not_admin_check(),          &role_trusts_ec2_check(),   &user_data_no_keys_check(),
  };
  return kChecks;
}

const Check* find_check(const std::string& id) {
  for (const Check* c : all_checks()) {
    if (c->info().id == id) return c;
  }
  return nullptr;
}

Result<std::vector<const Check*>> select_checks(const std::vector<std::string>& only,
                                                const std::vector<std::string>& skip) {
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
    needs.key_evidence = needs.key_evidence || c->info().needs.key_evidence;
  }
  return needs;
}

}  // namespace rolecall::checks

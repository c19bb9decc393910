#pragma once
// The list of checks and running them over an inventory.

#include <string>
#include <vector>

#include "checks/check.h"

namespace rolecall::checks {

// Every check, sorted by id. Registration is explicit (registry.cpp), never by static initialisers.
const std::vector<const Check*>& all_checks();

// The check with `id`, or nullptr.
const Check* find_check(const std::string& id);

// Selects checks: `only` (empty: every default-enabled check) minus `skip`. Fails with
// kInvalidArgument naming an unknown id.
Result<std::vector<const Check*>> select_checks(const std::vector<std::string>& only,
                                                const std::vector<std::string>& skip);

// The union of the data the given checks need.
DataNeeds needs_of(const std::vector<const Check*>& checks);

// Sorts `findings` into report order: account, region, resource id, check id; ties keep their
// order (as std::stable_sort), without a temporary copy of the findings.
void sort_findings(std::vector<Finding>& findings);

// Runs `checks` over `inventory`; scope errors become ERROR findings with check id "scan".
// Findings come out sorted by account, region, resource id, check id. Accounts are judged on
// `threads` threads (0: one for a small inventory, else one per core); the result is the same.
std::vector<Finding> run_checks(const Inventory& inventory, const std::vector<const Check*>& checks,
                                const CheckContext& context, unsigned threads = 0);

// The factories, one per check file.
const Check& imdsv2_required_check();
const Check& instance_has_role_check();
const Check& key_in_use_from_instance_check();
const Check& launch_template_no_keys_check();
const Check& profile_has_role_check();
const Check& role_is_approved_check();
const Check& role_not_admin_check();
const Check& role_trusts_ec2_check();
const Check& user_data_no_keys_check();

}  // namespace rolecall::checks

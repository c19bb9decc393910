#pragma once
// Judging targets again right before changing anything: apply re-runs every target rule plan used
// (TargetResolver) against IAM read live, so a plan edited by hand, or a role made admin-level
// since planning, is refused before any call; rollback asks the same of the profiles it restores.

#include <optional>
#include <string>
#include <vector>

#include "aws/event_loop.h"
#include "remediate/apply.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// The Error::code of a plan refused because a target fails a target rule (exit 5).
inline constexpr const char* kTargetRefusedCode = "TargetRefused";

// One profile to judge, and the verdict.
struct TargetJudgement {
  std::string instance_id;                    // the action's instance, for messages
  std::string account_id;                     // the account the profile is attached in
  std::string profile_arn;                    // the planned target (or the profile a rollback restores)
  std::optional<ProfileToCreate> creating;    // the plan creates this profile: its role is judged
  std::string failure;                        // out: the first rule it fails; empty when it passes
  std::optional<RoleToCreate> creating_role;  // the plan creates that role too: judged as planned
};

// Reads the IAM of every account in `judgements` (runs `loop`; read-only calls) and fills each
// `failure` with the rule it fails, judged as `plan` does against `approved` (empty: no list).
void judge_targets(aws::EventLoop& loop, const Callers& callers, const std::vector<std::string>& approved,
                   std::vector<TargetJudgement>& judgements);

// The judgements of every associate/replace of `plan` (against the plan's approved list).
std::vector<TargetJudgement> plan_judgements(const Plan& plan);

// The failing judgements as one refusal naming each (instance, target, rule), the first 20 and a
// count; kInvalidArgument with code kTargetRefusedCode. `what` leads the message.
Error target_refusal(const std::string& what, const std::vector<TargetJudgement>& bad);

// The judgements that fail.
std::vector<TargetJudgement> failing(const std::vector<TargetJudgement>& judgements);

}  // namespace rolecall::remediate

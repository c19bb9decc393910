// The preflight entry point: per account in scope, what the plan needs, iam:PassRole on the
// target role (resolved in that account) and the asked-for extras, checked by run_preflight.
#include <algorithm>

#include "aws/ops/iam_instance_profiles.h"
#include "aws/ops/iam_roles.h"
#include "base/sync.h"
#include "inventory/scope.h"
#include "rolecall/remediate.h"

namespace rolecall {
namespace {

// The role ARN to check iam:PassRole on in one account (GetRole for the path; a guessed ARN otherwise).
std::string role_arn_in(aws::Session& session, const inventory::AccountTarget& t, const PreflightRequest& request,
                        std::string& note) {
  std::string role_name = request.role;
  if (!request.instance_profile.empty()) {
    auto profile = base::run_sync<aws::iam::GetInstanceProfileResponse>(session.loop(), [&](auto done) {
      aws::iam::get_instance_profile(*t.caller, {request.instance_profile}, std::move(done));
    });
    if (!profile) {
      note = "instance profile " + request.instance_profile + ": " + profile.error().describe();
    } else if (!profile->profile.roles.empty()) {
      return profile->profile.roles.front().arn;
    } else {
      note = "instance profile " + request.instance_profile + " holds no role";
    }
  }
  if (role_name.empty()) return {};
  auto role = base::run_sync<aws::iam::GetRoleResponse>(
      session.loop(), [&](auto done) { aws::iam::get_role(*t.caller, {role_name}, std::move(done)); });
  if (role) return role->role.arn;
  note = "role " + role_name + ": " + role.error().describe();
  return "arn:" + t.partition + ":iam::" + t.account_id + ":role/" + role_name;
}

// One target per account of `scope`, starting from what the plan needs there.
std::vector<remediate::PreflightTarget> assemble_targets(aws::Session& session, const inventory::Scope& scope,
                                                         const PreflightRequest& request) {
  const std::string region = session.region().region;
  std::map<std::string, aws::AwsCaller*> callers;
  for (const auto& t : scope.targets) {
    if (t.caller != nullptr) callers[t.account_id] = t.caller;
  }
  std::map<std::string, remediate::PreflightTarget> from_plan;
  if (request.plan) {
    for (auto& t : remediate::preflight_targets(*request.plan, callers, region)) {
      from_plan[t.account_id] = std::move(t);
    }
  }
  std::vector<remediate::PreflightTarget> targets;
  for (const auto& t : scope.targets) {
    auto planned = from_plan.find(t.account_id);
    remediate::PreflightTarget target = planned != from_plan.end() ? planned->second : remediate::PreflightTarget{};
    target.account_id = t.account_id;
    target.caller = t.caller;
    target.error = t.error;
    target.region = region;
    target.create_profile = target.create_profile || request.create_profile;
    target.attach_role_policy = request.attach_role_policy;
    target.dry_run_instance_id = request.dry_run_instance;
    if (t.caller != nullptr && (!request.role.empty() || !request.instance_profile.empty())) {
      std::string note;
      std::string arn = role_arn_in(session, t, request, note);
      if (!note.empty() && request.warn) request.warn("account " + t.account_id + ": " + note + "\n");
      if (!arn.empty() &&
          std::find(target.pass_role_arns.begin(), target.pass_role_arns.end(), arn) == target.pass_role_arns.end()) {
        target.pass_role_arns.push_back(arn);
      }
    }
    targets.push_back(std::move(target));
  }
  return targets;
}

}  // namespace

Result<remediate::PreflightReport> preflight(const PreflightRequest& request) {
  auto session = aws::Session::create(request.session);
  if (!session) return fail(session.error());
  auto scope = inventory::resolve_scope(**session, request.scope);
  if (!scope) return fail(scope.error());
  return remediate::run_preflight((*session)->loop(), assemble_targets(**session, *scope, request));
}

}  // namespace rolecall

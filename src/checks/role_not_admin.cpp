// role-not-admin: the instance role grants neither administrator nor privilege-escalation access.
#include "checks/chain.h"
#include "checks/policy_analysis.h"
#include "checks/registry.h"

namespace rolecall::checks {
namespace {

class RoleNotAdmin final : public Check {
 public:
  const CheckInfo& info() const override {
    static const CheckInfo kInfo{
        .id = "role-not-admin",
        .title = "The instance role is not administrator-equivalent",
        .severity = Severity::kCritical,
        .resource_type = "instance",
        .rationale =
            "Anyone who runs code on the instance (or reaches its metadata service) holds the role's "
            "credentials. An administrator role, `*` on `*`, or iam:PassRole and other escalation "
            "actions on every resource turn one compromised instance into a compromised account.",
        .remediation =
            "Replace the role's policies with least-privilege ones scoped to the resources the workload "
            "uses, or associate a narrower role (`rolecall plan --role NAME` replaces atomically).",
        .cis_foundations = &kCisNoAdmin,
        .needs = {.iam = true},
        .fixed_by_plan = FixedLink::kRolePermissions,
    };
    return kInfo;
  }

  void run(const Slice& slice, const CheckContext&, std::vector<Finding>& out) const override {
    using Grants = Result<std::vector<DangerousGrant>>;
    for_each_role_instance<Grants>(
        slice, info(), out,
        [](const AccountInventory& account, const Role& role) { return role_dangerous_grants(account, role); },
        [&](const InstanceView& view, const Grants& grants) {
          if (!grants) {
            out.push_back(instance_finding(
                info(), view, Status::kError,
                "policies of role " + view.role->name + " could not be judged: " + grants.error().message));
            return;
          }
          if (grants->empty()) {
            out.push_back(
                instance_finding(info(), view, Status::kPass,
                                 "role " + view.role->name + " grants no administrator or escalation access"));
            return;
          }
          const DangerousGrant& first = grants->front();
          Finding f = instance_finding(info(), view, Status::kFail, "role " + view.role->name + ": " + first.reason);
          f.evidence.policy_arn = first.policy;
          f.evidence.statement = first.statement;
          if (grants->size() > 1) f.evidence.detail = std::to_string(grants->size()) + " dangerous grants in total";
          out.push_back(std::move(f));
        });
  }
};

}  // namespace

const Check& role_not_admin_check() {
  static const RoleNotAdmin kCheck;
  return kCheck;
}

}  // namespace rolecall::checks

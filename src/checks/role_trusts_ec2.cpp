// role-trusts-ec2: the role's trust policy lets ec2.amazonaws.com (and only sensible principals) assume it.
#include "checks/chain.h"
#include "checks/policy_analysis.h"
#include "checks/registry.h"

namespace rolecall::checks {
namespace {

class RoleTrustsEc2 final : public Check {
 public:
  const CheckInfo& info() const override {
    static const CheckInfo kInfo{
        .id = "role-trusts-ec2",
        .title = "The instance role trusts ec2.amazonaws.com",
        .severity = Severity::kHigh,
        .resource_type = "instance",
        .rationale =
            "EC2 can only deliver role credentials to the instance when the role's trust policy allows "
            "the ec2.amazonaws.com service to assume it; a role that trusts everyone can be assumed by "
            "anybody who learns its ARN.",
        .remediation =
            "Set the role's trust policy to allow sts:AssumeRole for the service principal "
            "ec2.amazonaws.com only (`aws iam update-assume-role-policy`).",
        .cis_foundations = &kCisInstanceRoles,
        .needs = {.iam = true},
        .fixed_by_plan = FixedLink::kRoleTrust,
    };
    return kInfo;
  }

  void run(const Slice& slice, const CheckContext&, std::vector<Finding>& out) const override {
    using Verdict = Result<TrustVerdict>;
    for_each_role_instance<Verdict>(
        slice, info(), out, [](const AccountInventory&, const Role& role) { return analyse_trust(role.trust_policy); },
        [&](const InstanceView& view, const Verdict& verdict) {
          if (!verdict) {
            out.push_back(instance_finding(
                info(), view, Status::kError,
                "trust policy of " + view.role->name + " could not be read: " + verdict.error().message));
            return;
          }
          bool ok = verdict->ec2_can_assume && !verdict->too_broad;
          Finding f = instance_finding(info(), view, ok ? Status::kPass : Status::kFail,
                                       "role " + view.role->name + ": " + verdict->reason);
          f.evidence.statement = verdict->statement;
          out.push_back(std::move(f));
        });
  }
};

}  // namespace

const Check& role_trusts_ec2_check() {
  static const RoleTrustsEc2 kCheck;
  return kCheck;
}

}  // namespace rolecall::checks

// role-trusts-ec2: the role's trust policy lets ec2.amazonaws.com (and only sensible principals) assume it.
#include <map>

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
        .rationale = "EC2 can only deliver role credentials to the instance when the role's trust policy allows "
                     "the ec2.amazonaws.com service to assume it; a role that trusts everyone can be assumed by "
                     "anybody who learns its ARN.",
        .remediation = "Set the role's trust policy to allow sts:AssumeRole for the service principal "
                       "ec2.amazonaws.com only (`aws iam update-assume-role-policy`).",
        .cis_foundations = "CIS AWS Foundations v1.4.0/v1.5.0 1.18, v2.0.0/v3.0.0 1.17",
        .needs = {.iam = true},
    };
    return kInfo;
  }

  void run(const Inventory& inventory, const CheckContext&, std::vector<Finding>& out) const override {
    std::map<const Role*, Result<TrustVerdict>> cache;  // roles are shared by many instances
    for_each_instance(inventory, [&](const InstanceView& view) {
      if (view.state == ChainState::kIamUnavailable) {
        out.push_back(iam_unavailable_finding(info(), view));
        return;
      }
      if (view.state != ChainState::kResolved) return;
      auto it = cache.find(view.role);
      if (it == cache.end()) it = cache.emplace(view.role, analyse_trust(view.role->trust_policy)).first;
      const auto& verdict = it->second;
      if (!verdict) {
        out.push_back(instance_finding(info(), view, Status::kError,
                                       "trust policy of " + view.role->name + " could not be read: " +
                                           verdict.error().message));
        return;
      }
      Finding f = instance_finding(info(), view, verdict->ec2_can_assume && !verdict->too_broad ? Status::kPass : Status::kFail,
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

// instance-has-role: the spec's test plan — an instance profile is associated with the instance.
#include "checks/chain.h"
#include "checks/registry.h"

namespace rolecall::checks {
namespace {

class InstanceHasRole final : public Check {
 public:
  const CheckInfo& info() const override {
    static const CheckInfo kInfo{
        .id = "instance-has-role",
        .title = "EC2 instance has an IAM instance profile",
        .severity = Severity::kHigh,
        .resource_type = "instance",
        .rationale =
            "Without an instance role, software on the instance can only reach AWS with long-term "
            "access keys stored on it, which leak and are never rotated.",
        .remediation =
            "Associate an instance profile whose role grants what the workload needs: "
            "`rolecall plan --role NAME` then `rolecall apply`, or "
            "`aws ec2 associate-iam-instance-profile --instance-id ID --iam-instance-profile Name=NAME`.",
        .cis_foundations = &kCisInstanceRoles,
        .needs = {},
        .fixed_by_plan = FixedLink::kAssociation,
    };
    return kInfo;
  }

  void run(const Slice& slice, const CheckContext&, std::vector<Finding>& out) const override {
    for_each_instance(slice, [&](const InstanceView& view) {
      if (view.state == ChainState::kNoProfile) {
        out.push_back(instance_finding(info(), view, Status::kFail, "no IAM instance profile is associated"));
      } else {
        out.push_back(instance_finding(info(), view, Status::kPass,
                                       "instance profile " + view.instance->profile_arn + " is associated"));
      }
    });
  }
};

}  // namespace

const Check& instance_has_role_check() {
  static const InstanceHasRole kCheck;
  return kCheck;
}

}  // namespace rolecall::checks

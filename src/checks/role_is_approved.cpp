// role-is-approved: the attached profile or role is on the user's approved list.
#include <algorithm>

#include "checks/chain.h"
#include "checks/registry.h"

namespace rolecall::checks {
namespace {

bool listed(const std::vector<std::string>& approved, const std::string& arn) {
  return !arn.empty() && std::find(approved.begin(), approved.end(), arn) != approved.end();
}

class RoleIsApproved final : public Check {
 public:
  const CheckInfo& info() const override {
    static const CheckInfo kInfo{
        .id = "role-is-approved",
        .title = "The instance profile or role is an approved one",
        .severity = Severity::kMedium,
        .resource_type = "instance",
        .rationale =
            "Organisations that curate instance roles (AWS Config's IamInstanceProfileArnList) need to "
            "know when an instance runs with a profile nobody reviewed.",
        .remediation =
            "Associate an approved profile (`rolecall plan --instance-profile NAME`), or add the profile "
            "to the approved list after review (`--approved-profiles` or the `approved` key of --config).",
        .cis_foundations = &kCisInstanceRoles,
        .needs = {.iam = true},
        .fixed_by_plan = FixedLink::kApproval,
    };
    return kInfo;
  }

  void run(const Slice& slice, const CheckContext& context, std::vector<Finding>& out) const override {
    if (context.approved.empty()) return;  // nothing configured: not judged
    for_each_instance(slice, [&](const InstanceView& view) {
      if (view.state == ChainState::kNoProfile) return;
      if (listed(context.approved, view.instance->profile_arn)) {
        out.push_back(instance_finding(info(), view, Status::kPass, "instance profile is approved"));
        return;
      }
      // The role ARN needs IAM; the profile ARN did not match, so only the role can still pass.
      if (view.state == ChainState::kIamUnavailable) {
        out.push_back(iam_unavailable_finding(info(), view));
        return;
      }
      if (listed(context.approved, view.role_arn)) {
        out.push_back(instance_finding(info(), view, Status::kPass, "role " + view.role_arn + " is approved"));
        return;
      }
      out.push_back(instance_finding(info(), view, Status::kFail,
                                     "neither instance profile " + view.instance->profile_arn +
                                         (view.role_arn.empty() ? std::string() : " nor role " + view.role_arn) +
                                         " is approved"));
    });
  }
};

}  // namespace

const Check& role_is_approved_check() {
  static const RoleIsApproved kCheck;
  return kCheck;
}

}  // namespace rolecall::checks

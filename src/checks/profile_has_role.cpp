// profile-has-role: the associated instance profile exists and holds a role that exists.
#include "checks/chain.h"
#include "checks/registry.h"

namespace rolecall::checks {
namespace {

class ProfileHasRole final : public Check {
 public:
  const CheckInfo& info() const override {
    static const CheckInfo kInfo{
        .id = "profile-has-role",
        .title = "The instance profile exists and holds a role",
        .severity = Severity::kHigh,
        .resource_type = "instance",
        .rationale =
            "An instance profile that was deleted, is empty, or names a deleted role gives the instance "
            "no credentials at all: tools that only look for IamInstanceProfile call it compliant, yet "
            "workloads on it fall back to hard-coded keys.",
        .remediation =
            "Add a role to the profile (`aws iam add-role-to-instance-profile`) or associate a profile "
            "that holds one (`rolecall plan --role NAME`, which replaces the association atomically).",
        .cis_foundations = &kCisInstanceRoles,
        .needs = {.iam = true},
        .fixed_by_plan = FixedLink::kProfile,
    };
    return kInfo;
  }

  void run(const Slice& slice, const CheckContext&, std::vector<Finding>& out) const override {
    for_each_instance(slice, [&](const InstanceView& view) {
      switch (view.state) {
        case ChainState::kNoProfile: return;  // instance-has-role's failure
        case ChainState::kIamUnavailable: out.push_back(iam_unavailable_finding(info(), view)); return;
        case ChainState::kProfileMissing:
          out.push_back(
              instance_finding(info(), view, Status::kFail,
                               "instance profile " + view.instance->profile_arn + " does not exist (deleted)"));
          return;
        case ChainState::kProfileReplaced:
          out.push_back(
              instance_finding(info(), view, Status::kFail,
                               "instance profile " + view.instance->profile_arn +
                                   " was deleted and recreated; the association still points at the old one (" +
                                   view.instance->profile_id + ")"));
          return;
        case ChainState::kProfileEmpty:
          out.push_back(instance_finding(info(), view, Status::kFail,
                                         "instance profile " + view.profile->name + " holds no role"));
          return;
        case ChainState::kRoleMissing:
          out.push_back(instance_finding(
              info(), view, Status::kFail,
              "role " + view.role_arn + " of instance profile " + view.profile->name + " does not exist"));
          return;
        case ChainState::kResolved:
          out.push_back(instance_finding(info(), view, Status::kPass,
                                         "instance profile " + view.profile->name + " holds role " + view.role->name));
          return;
      }
    });
  }
};

}  // namespace

const Check& profile_has_role_check() {
  static const ProfileHasRole kCheck;
  return kCheck;
}

}  // namespace rolecall::checks

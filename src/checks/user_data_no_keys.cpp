// user-data-no-keys: no AWS credentials in any decoded layer of the instance's user data.
#include <map>

#include "checks/chain.h"
#include "checks/key_evidence.h"
#include "checks/key_intel.h"
#include "checks/registry.h"

namespace rolecall::checks {
namespace {

class UserDataNoKeys final : public Check {
 public:
  const CheckInfo& info() const override {
    static const CheckInfo kInfo{
        .id = "user-data-no-keys",
        .title = "No AWS access keys in instance user data",
        .severity = Severity::kCritical,
        .resource_type = "instance",
        .rationale =
            "User data is readable by anyone with ec2:DescribeInstanceAttribute and by every process on "
            "the instance through the metadata service; keys there are leaked keys.",
        .remediation =
            "Deactivate and delete the exposed access key in IAM, give the instance a role instead, "
            "and replace the user data (stop the instance, `aws ec2 modify-instance-attribute --user-data`).",
        .cis_foundations = &kCisInstanceRoles,
        .needs = {.user_data = true},
    };
    return kInfo;
  }

  void run(const Slice& slice, const CheckContext& context, std::vector<Finding>& out) const override {
    // Fleets launched from one template share their user data; the key lookups scanned most already.
    KeyScanCache cache("user-data", context.key_scans);
    for_each_instance(slice, [&](const InstanceView& view) {
      const Instance& instance = *view.instance;
      if (instance.user_data_error) {
        out.push_back(instance_finding(info(), view, Status::kError,
                                       "user data could not be read: " + instance.user_data_error->describe()));
        return;
      }
      if (!instance.user_data) {
        out.push_back(instance_finding(info(), view, Status::kError, "user data was not collected"));
        return;
      }
      if (instance.user_data->empty()) {
        out.push_back(instance_finding(info(), view, Status::kPass, "no user data"));
        return;
      }
      const auto& scanned = cache.scan(*instance.user_data);
      if (!scanned) {
        out.push_back(instance_finding(info(), view, Status::kError,
                                       "user data could not be decoded: " + scanned.error().message));
        return;
      }
      Finding f = instance_finding(info(), view, Status::kPass, "");
      apply_key_evidence(*scanned, f);
      apply_key_intel(leaked(*scanned), slice.inventory, context.now, f);
      out.push_back(std::move(f));
    });
  }
};

}  // namespace

const Check& user_data_no_keys_check() {
  static const UserDataNoKeys kCheck;
  return kCheck;
}

}  // namespace rolecall::checks

// launch-template-no-keys: no launch template version carries AWS credentials in its user data.
#include "checks/chain.h"
#include "checks/key_evidence.h"
#include "checks/key_intel.h"
#include "checks/registry.h"

namespace rolecall::checks {
namespace {

class LaunchTemplateNoKeys final : public Check {
 public:
  const CheckInfo& info() const override {
    static const CheckInfo kInfo{
        .id = "launch-template-no-keys",
        .title = "No AWS access keys in launch template user data",
        .severity = Severity::kCritical,
        .resource_type = "launch-template",
        .rationale =
            "Every instance launched from a template version inherits its user data, and old versions "
            "stay readable (and launchable) after a newer one is made the default.",
        .remediation =
            "Deactivate the exposed key in IAM, create a clean template version that uses an instance "
            "profile, make it the default, and delete the versions that hold keys "
            "(`aws ec2 delete-launch-template-versions`).",
        .cis_foundations = &kCisInstanceRoles,
        .needs = {.launch_templates = true},
    };
    return kInfo;
  }

  void run(const Slice& slice, const CheckContext& context, std::vector<Finding>& out) const override {
    KeyScanCache cache("user-data", context.key_scans);
    for (const RegionInventory* r : slice.regions) {
      const RegionInventory& region = *r;
      if (region.instances_error) continue;  // the whole scope is reported once
      if (region.launch_templates_error) {
        out.push_back(
            scope_finding(region, Status::kError,
                          "launch templates could not be read: " + region.launch_templates_error->describe()));
        continue;
      }
      for (const auto& lt : region.launch_templates) out.push_back(judge(lt, cache, slice.inventory, context));
    }
  }

 private:
  Finding scope_finding(const RegionInventory& region, Status status, std::string message) const {
    Finding f;
    f.check_id = std::string(info().id);
    f.status = status;
    f.severity = info().severity;
    f.account_id = region.account_id;
    f.region = region.region;
    f.resource_type = "scope";
    f.resource_id = region.account_id + "/" + region.region;
    f.message = std::move(message);
    return f;
  }

  Finding judge(const LaunchTemplate& lt, KeyScanCache& cache, const Inventory& inventory,
                const CheckContext& context) const {
    Finding f;
    f.check_id = std::string(info().id);
    f.severity = info().severity;
    f.account_id = lt.account_id;
    f.region = lt.region;
    f.resource_type = "launch-template";
    f.resource_id = lt.id;
    std::string bad_versions;
    std::vector<secrets::SecretFinding> first_leak;
    std::string first_version;
    std::vector<const secrets::SecretFinding*> every_leak;  // of all versions: the key intel's keys
    for (const auto& v : lt.versions) {
      if (v.user_data.empty()) continue;
      const auto& scanned = cache.scan(v.user_data);
      if (!scanned) {
        f.status = Status::kError;
        f.message = "user data of version " + std::to_string(v.version_number) +
                    " could not be decoded: " + scanned.error().message;
        return f;
      }
      auto leaks = leaked(*scanned);
      if (leaks.empty()) continue;
      every_leak.insert(every_leak.end(), leaks.begin(), leaks.end());
      bad_versions += (bad_versions.empty() ? "" : ", ") + std::to_string(v.version_number);
      if (first_leak.empty()) {
        first_leak = *scanned;
        first_version = std::to_string(v.version_number);
      }
    }
    if (bad_versions.empty()) {
      f.status = Status::kPass;
      f.message = "no AWS credentials in " + std::to_string(lt.versions.size()) + " version(s) of " + lt.name;
      return f;
    }
    apply_key_evidence(first_leak, f);
    f.message = lt.name + ": AWS credentials in version(s) " + bad_versions;
    f.evidence.location = "version " + first_version + " > " + f.evidence.location;
    f.evidence.detail = "versions with credentials: " + bad_versions;
    apply_key_intel(every_leak, inventory, context.now, f);
    return f;
  }
};

}  // namespace

const Check& launch_template_no_keys_check() {
  static const LaunchTemplateNoKeys kCheck;
  return kCheck;
}

}  // namespace rolecall::checks

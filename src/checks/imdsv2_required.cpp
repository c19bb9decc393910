// imdsv2-required: the instance metadata service requires session tokens (IMDSv2).
#include "checks/chain.h"
#include "checks/registry.h"

namespace rolecall::checks {
namespace {

class Imdsv2Required final : public Check {
 public:
  const CheckInfo& info() const override {
    static const CheckInfo kInfo{
        .id = "imdsv2-required",
        .title = "Instance metadata requires IMDSv2 session tokens",
        .severity = Severity::kLow,
        .resource_type = "instance",
        .rationale =
            "With IMDSv1 allowed, a server-side request forgery on the instance can read the role's "
            "credentials from the metadata service with a single GET.",
        .remediation =
            "`aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required` "
            "(check that the instance's SDKs support IMDSv2 first).",
        .cis_foundations = &kCisImdsv2,
        .needs = {},
    };
    return kInfo;
  }

  void run(const Slice& slice, const CheckContext&, std::vector<Finding>& out) const override {
    for_each_instance(slice, [&](const InstanceView& view) {
      const MetadataOptions& md = view.instance->metadata;
      if (md.http_endpoint == "disabled") {
        out.push_back(instance_finding(info(), view, Status::kPass, "the metadata endpoint is disabled"));
      } else if (md.http_tokens == "required") {
        out.push_back(instance_finding(info(), view, Status::kPass, "IMDSv2 is required"));
      } else {
        out.push_back(
            instance_finding(info(), view, Status::kFail, "IMDSv1 is allowed (HttpTokens=" + md.http_tokens + ")"));
      }
    });
  }
};

}  // namespace

const Check& imdsv2_required_check() {
  static const Imdsv2Required kCheck;
  return kCheck;
}

}  // namespace rolecall::checks

#pragma once
// Reading what the AWS CLI prints with --output json, so an auditor handed those files can audit
// them: `aws ec2 describe-instances`, `aws iam get-account-authorization-details` and (optional,
// for profiles that hold no role) `aws iam list-instance-profiles`.

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "base/env.h"
#include "rolecall/inventory.h"

namespace rolecall::inventory {

// Accumulates AWS CLI outputs into one inventory.
class AwsCliInventoryBuilder {
 public:
  // Files are read through `env` (which must outlive the builder). `fallback_region` names the
  // region of instances without Placement.AvailabilityZone ("" none).
  AwsCliInventoryBuilder(const base::Env& env, std::string fallback_region)
      : env_(env), fallback_region_(std::move(fallback_region)) {}

  // Reads one file; recognises the command by its top-level keys. Fails (kParse) naming the file
  // and the key path of a missing/mistyped value, a truncated (paged) output, or an unknown shape.
  Result<void> add_file(const std::string& path);

  // The inventory so far. Data these commands do not carry is marked as not collected, so checks
  // that need it are ERROR: user data (never in describe-instances) and launch templates.
  // Fails when nothing was read.
  Result<Inventory> finish();

 private:
  const base::Env& env_;
  std::string fallback_region_;
  std::map<std::pair<std::string, std::string>, RegionInventory> regions_;  // by account, region
  std::map<std::string, AccountInventory> accounts_;
  std::vector<ManagedPolicy> pending_aws_policies_;  // AWS managed policies, shared by every account
  std::size_t files_ = 0;
};

// The region of an availability zone name ("us-east-1a" → "us-east-1", "us-west-2-lax-1a" →
// "us-west-2"); "" when it does not look like one.
std::string region_of_zone(const std::string& zone);

}  // namespace rolecall::inventory

#pragma once
// The AWS managed policies an estate may attach without defining them (emulator/estate/managed_policies.cpp).

#include <string>
#include <vector>

#include "emulator/estate/estate.h"

namespace rolecall::emulator {

// The AWS managed policies the emulator knows, by ARN (partition "aws"; other partitions map).
const ManagedPolicyDef* find_aws_managed_policy(const std::string& arn);
// Every built-in AWS managed policy.
const std::vector<ManagedPolicyDef>& aws_managed_policies();

}  // namespace rolecall::emulator

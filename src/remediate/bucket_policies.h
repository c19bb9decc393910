#pragma once
// Reads the bucket policies of the accounts whose users `plan --migrate-keys` gives roles to: every
// bucket of each account (s3:ListBuckets) and its policy (s3:GetBucketPolicy, in the bucket's own
// region), so a bucket policy naming a migrated user is listed as not carried (user_roles.h).

#include <map>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "remediate/user_roles.h"
#include "rolecall/inventory.h"

namespace rolecall::remediate {

// Fills UserDirectory::bucket_policies of each of `directories` (runs `loop`): by bucket ARN in the
// account's partition (from `inventory`, "aws" when unknown), buckets without a policy left out. A
// failed listing, or the first failed policy read, is kept in UserDirectory::buckets_error (the
// others are still read) and said in `warnings`; so is an account without a caller. Never fails.
void read_bucket_policies(aws::EventLoop& loop, const std::map<std::string, aws::AwsCaller*>& callers,
                          const Inventory& inventory, std::map<std::string, UserDirectory>& directories,
                          std::vector<std::string>& warnings);

}  // namespace rolecall::remediate

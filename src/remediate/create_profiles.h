#pragma once
// The plan's instance profiles to create (CreateInstanceProfile + AddRoleToInstanceProfile),
// journaled like every other change and idempotent, so resume can simply run them again.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "remediate/journal.h"
#include "rolecall/plan.h"

namespace rolecall::remediate {

// The ARN of `profile` in its account (partition aws).
std::string profile_arn_of(const ProfileToCreate& profile);

// Creates every profile (runs `loop`); returns profile ARN -> "" when ready, else why it is not.
// An existing profile that already holds the role counts as created.
Result<std::map<std::string, std::string>> create_profiles(aws::EventLoop& loop, Journal& journal,
                                                           const std::string& run_id,
                                                           const std::map<std::string, aws::AwsCaller*>& callers,
                                                           const std::vector<ProfileToCreate>& profiles);

}  // namespace rolecall::remediate

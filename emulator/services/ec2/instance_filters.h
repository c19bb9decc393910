#pragma once
// DescribeInstances filters: every name the EC2 API documents, each either answered from the
// estate model or refused as documented but unsupported; any other name is invalid, as in EC2.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulator/estate/estate.h"
#include "emulator/services/service.h"

namespace rolecall::emulator::ec2 {

using Filters = std::vector<std::pair<std::string, std::vector<std::string>>>;

// InvalidParameterValue for an undocumented filter name, or for a documented one the emulator
// does not model (the message says which); nullopt when every filter can be answered.
std::optional<ApiError> check_instance_filters(const Filters& filters);

// True when `instance`, as request `seq` sees it, matches every filter (values are globs; any
// value matching any of the instance's values passes). Call check_instance_filters first.
bool instance_matches(const Instance& instance, const std::string& account_id, const Filters& filters,
                      std::uint64_t seq);

}  // namespace rolecall::emulator::ec2

#pragma once
// Live instance profile associations (DescribeIamInstanceProfileAssociations), fetched for many
// account+region pairs at once: the association id a replace needs and its state at planning time.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/event_loop.h"
#include "aws/ops/ec2_profile_associations.h"

namespace rolecall::remediate {

// One account+region to read.
struct AssociationScope {
  std::string account_id;
  std::string region;
  aws::AwsCaller* caller = nullptr;
};

// The live associations of one account+region, by instance id (disassociated ones dropped; when an
// instance has several, the associated one wins).
struct RegionAssociations {
  std::string account_id;
  std::string region;
  std::map<std::string, aws::ec2::ProfileAssociation> by_instance;
  std::optional<Error> error;  // the region could not be read
};

// Reads every scope concurrently on `loop` (runs it until done); one result per scope, same order.
std::vector<RegionAssociations> fetch_associations(aws::EventLoop& loop, const std::vector<AssociationScope>& scopes);

// Keeps the better of two associations of the same instance (associated > associating > disassociating).
bool association_preferred(const aws::ec2::ProfileAssociation& candidate, const aws::ec2::ProfileAssociation& current);

}  // namespace rolecall::remediate

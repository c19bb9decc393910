#include "remediate/associations.h"

#include <memory>

namespace rolecall::remediate {
namespace {

int rank(const std::string& state) {
  if (state == "associated") return 3;
  if (state == "associating") return 2;
  if (state == "disassociating") return 1;
  return 0;
}

// Fetches every page of one scope, then stores the outcome.
void fetch_all(aws::AwsCaller& caller, std::shared_ptr<RegionAssociations> out) {
  aws::ec2::DescribeProfileAssociationsRequest request;
  request.max_results = 1000;
  aws::ec2::describe_all_profile_associations(
      caller, out->region, request,
      [out](aws::ec2::DescribeProfileAssociationsResponse&& page) {
        for (auto& a : page.associations) {
          if (rank(a.state) == 0) continue;
          auto it = out->by_instance.find(a.instance_id);
          if (it == out->by_instance.end()) {
            out->by_instance.emplace(a.instance_id, std::move(a));
          } else if (association_preferred(a, it->second)) {
            it->second = std::move(a);
          }
        }
      },
      [out](Result<void> outcome) {
        if (!outcome) out->error = outcome.error().with_context("in " + out->account_id + "/" + out->region);
      });
}

}  // namespace

bool association_preferred(const aws::ec2::ProfileAssociation& candidate, const aws::ec2::ProfileAssociation& current) {
  return rank(candidate.state) > rank(current.state);
}

std::vector<RegionAssociations> fetch_associations(aws::EventLoop& loop, const std::vector<AssociationScope>& scopes) {
  std::vector<std::shared_ptr<RegionAssociations>> pending;
  for (const auto& s : scopes) {
    auto out = std::make_shared<RegionAssociations>();
    out->account_id = s.account_id;
    out->region = s.region;
    if (s.caller == nullptr) {
      out->error = Error::credentials("account " + s.account_id + " is not reachable");
    } else {
      fetch_all(*s.caller, out);
    }
    pending.push_back(std::move(out));
  }
  loop.run();
  std::vector<RegionAssociations> result;
  result.reserve(pending.size());
  for (auto& p : pending) result.push_back(std::move(*p));
  return result;
}

}  // namespace rolecall::remediate

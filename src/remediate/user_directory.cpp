#include "remediate/user_directory.h"

#include <memory>

#include "aws/ops/iam_authorization_details.h"

namespace rolecall::remediate {

std::map<std::string, UserDirectory> read_user_directories(aws::EventLoop& loop,
                                                           const std::map<std::string, aws::AwsCaller*>& callers,
                                                           const std::set<std::string>& accounts) {
  auto out = std::make_shared<std::map<std::string, UserDirectory>>();
  for (const auto& account : accounts) {
    auto caller = callers.find(account);
    if (caller == callers.end() || caller->second == nullptr) {
      (*out)[account].error = Error::credentials("no credentials reach account " + account);
      continue;
    }
    aws::iam::GetAccountAuthorizationDetailsRequest request;
    request.filters = {"User", "Group", "LocalManagedPolicy", "AWSManagedPolicy"};
    aws::iam::get_account_authorization_details_all(
        *caller->second, request, [out, account](Result<aws::iam::GetAccountAuthorizationDetailsResponse> r) {
          UserDirectory& d = (*out)[account];
          if (!r) {
            d.error = r.error();
            return;
          }
          for (auto& u : r->users) d.users[u.name] = std::move(u);
          for (auto& g : r->groups) d.groups[g.name] = std::move(g);
          for (auto& p : r->policies) d.policies[p.arn] = std::move(p);
        });
  }
  loop.run();
  return std::move(*out);
}

}  // namespace rolecall::remediate

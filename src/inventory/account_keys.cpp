#include "inventory/account_keys.h"

#include <memory>
#include <set>
#include <utility>

#include "aws/ops/iam_access_keys.h"

namespace rolecall::inventory {
namespace {

struct Listing {
  std::map<std::string, KeyIntel> out;
  std::map<std::pair<std::string, std::string>, Error> failed;  // (account, operation) -> first error
  std::size_t failures = 0;

  void fail_with(const std::string& account, const char* operation, Error error) {
    ++failures;
    failed.try_emplace({account, operation}, std::move(error));
  }
};

void read_last_use(const std::shared_ptr<Listing>& run, aws::AwsCaller& caller, const std::string& account,
                   const aws::iam::AccessKeyMetadata& key, const std::string& user) {
  KeyIntel& intel = run->out[key.access_key_id];
  intel.owner_account = account;
  intel.in_scope = true;
  intel.user = user;
  intel.created = key.create_date;
  intel.state = key.status == "Active" ? KeyState::kActive : KeyState::kInactive;
  const std::string id = key.access_key_id;
  aws::iam::get_access_key_last_used(caller, {id},
                                     [run, account, id](Result<aws::iam::GetAccessKeyLastUsedResponse> r) {
                                       KeyIntel& done = run->out[id];
                                       if (!r) {
                                         done.state = KeyState::kUnknown;  // its use is unknown: the evidence reads it
                                         done.error = r.error();
                                         run->fail_with(account, "iam:GetAccessKeyLastUsed", std::move(r.error()));
                                         return;
                                       }
                                       done.last_used = r->last_used_date;
                                       done.service = r->service_name;
                                       done.region = r->region;
                                     });
}

}  // namespace

std::map<std::string, KeyIntel> list_account_keys(aws::EventLoop& loop, const std::vector<AccountTarget>& targets,
                                                  const std::map<std::string, KeyIntel>& known,
                                                  std::vector<ScopeError>& errors, std::size_t& failures) {
  auto run = std::make_shared<Listing>();
  for (const auto& target : targets) {
    if (target.caller == nullptr) continue;  // its scope error says why
    aws::AwsCaller& caller = *target.caller;
    const std::string account = target.account_id;
    aws::iam::list_users_all(caller, {}, [run, &caller, account, &known](Result<aws::iam::ListUsersResponse> users) {
      if (!users) return run->fail_with(account, "iam:ListUsers", std::move(users.error()));
      for (const auto& user : users->user_names) {
        aws::iam::ListAccessKeysRequest request;
        request.user_name = user;
        aws::iam::list_access_keys_all(
            caller, request, [run, &caller, account, user, &known](Result<aws::iam::ListAccessKeysResponse> keys) {
              if (!keys) return run->fail_with(account, "iam:ListAccessKeys", std::move(keys.error()));
              for (const auto& key : keys->keys) {
                if (!known.contains(key.access_key_id)) read_last_use(run, caller, account, key, user);
              }
            });
      }
    });
  }
  loop.run();
  for (auto& [where, error] : run->failed) {
    errors.push_back(
        ScopeError{where.first, "", error.with_context("listing IAM users' keys for CloudTrail evidence")});
  }
  failures += run->failures;
  return std::move(run->out);
}

}  // namespace rolecall::inventory

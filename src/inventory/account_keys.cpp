#include "inventory/account_keys.h"

#include <functional>
#include <memory>
#include <utility>

#include "aws/ops/iam_access_keys.h"

namespace rolecall::inventory {
namespace {

struct Listing {
  std::map<std::pair<std::string, std::string>, Error> failed;  // (account, operation) -> first error
  std::size_t failures = 0;
  std::size_t pending = 0;  // calls not yet answered
  std::function<void(const std::string&, const KeyIntel&)> on_key;
  std::function<void()> done;
  std::vector<ScopeError>* errors = nullptr;
  std::size_t* failures_out = nullptr;

  void fail_with(const std::string& account, const char* operation, Error error) {
    ++failures;
    failed.try_emplace({account, operation}, std::move(error));
  }
  // One call answered; the last one reports the failures and ends the listing.
  void answered() {
    if (--pending != 0) return;
    for (auto& [where, error] : failed) {
      errors->push_back(
          ScopeError{where.first, "", error.with_context("listing IAM users' keys for CloudTrail evidence")});
    }
    *failures_out += failures;
    done();
  }
};

void read_last_use(const std::shared_ptr<Listing>& run, aws::AwsCaller& caller, const std::string& account,
                   const aws::iam::AccessKeyMetadata& key, const std::string& user) {
  KeyIntel intel;
  intel.owner_account = account;
  intel.in_scope = true;
  intel.user = user;
  intel.created = key.create_date;
  intel.state = key.status == "Active" ? KeyState::kActive : KeyState::kInactive;
  const std::string id = key.access_key_id;
  ++run->pending;
  aws::iam::get_access_key_last_used(
      caller, {id}, [run, account, id, intel](Result<aws::iam::GetAccessKeyLastUsedResponse> r) mutable {
        if (!r) {
          intel.state = KeyState::kUnknown;  // its use is unknown: the evidence reads it
          intel.error = r.error();
          run->fail_with(account, "iam:GetAccessKeyLastUsed", std::move(r.error()));
        } else {
          intel.last_used = r->last_used_date;
          intel.service = r->service_name;
          intel.region = r->region;
        }
        run->on_key(id, intel);
        run->answered();
      });
}

}  // namespace

void list_account_keys_async(const std::vector<AccountTarget>& targets, const std::map<std::string, KeyIntel>& known,
                             std::function<void(const std::string& id, const KeyIntel& intel)> on_key,
                             std::function<void()> done, std::vector<ScopeError>& errors, std::size_t& failures) {
  auto run = std::make_shared<Listing>();
  run->on_key = std::move(on_key);
  run->done = std::move(done);
  run->errors = &errors;
  run->failures_out = &failures;
  run->pending = 1;  // held until every account's listing has been sent
  for (const auto& target : targets) {
    if (target.caller == nullptr) continue;  // its scope error says why
    aws::AwsCaller& caller = *target.caller;
    const std::string account = target.account_id;
    ++run->pending;
    aws::iam::list_users_all(caller, {}, [run, &caller, account, &known](Result<aws::iam::ListUsersResponse> users) {
      if (!users) {
        run->fail_with(account, "iam:ListUsers", std::move(users.error()));
      } else {
        for (const auto& user : users->user_names) {
          aws::iam::ListAccessKeysRequest request;
          request.user_name = user;
          ++run->pending;
          aws::iam::list_access_keys_all(
              caller, request, [run, &caller, account, user, &known](Result<aws::iam::ListAccessKeysResponse> keys) {
                if (!keys) {
                  run->fail_with(account, "iam:ListAccessKeys", std::move(keys.error()));
                } else {
                  for (const auto& key : keys->keys) {
                    if (!known.contains(key.access_key_id)) read_last_use(run, caller, account, key, user);
                  }
                }
                run->answered();
              });
        }
      }
      run->answered();
    });
  }
  run->answered();
}

std::map<std::string, KeyIntel> list_account_keys(aws::EventLoop& loop, const std::vector<AccountTarget>& targets,
                                                  const std::map<std::string, KeyIntel>& known,
                                                  std::vector<ScopeError>& errors, std::size_t& failures) {
  auto out = std::make_shared<std::map<std::string, KeyIntel>>();
  list_account_keys_async(
      targets, known, [out](const std::string& id, const KeyIntel& intel) { (*out)[id] = intel; }, [] {}, errors,
      failures);
  loop.run();
  return std::move(*out);
}

}  // namespace rolecall::inventory

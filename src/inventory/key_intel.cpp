#include "inventory/key_intel.h"

#include <algorithm>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "aws/ops/iam_access_keys.h"
#include "aws/ops/sts_access_key_info.h"
#include "base/redact.h"

namespace rolecall::inventory {
namespace {

// A failed call: the account it was made in and the operation.
struct Failure {
  std::string account;
  std::string operation;
  Error error;
  std::vector<std::string> key_ids;
};

// One user's key list, read once for all of that user's found keys (AWS allows two keys per user,
// but many instances may carry them): the keys waiting for it, then the answer.
struct UserKeys {
  std::vector<std::string> waiting;  // key ids to settle when the list arrives
  std::optional<Result<aws::iam::ListAccessKeysResponse>> answer;
};

struct Lookups {
  std::map<std::string, KeyIntel> out;
  PhaseProgress progress;
  std::function<void(const PhaseProgress&)> on_progress;
  // One more key has its answer (the first one: GetAccessKeyInfo; the owner side follows quickly).
  void settled() {
    ++progress.done;
    if (on_progress) on_progress(progress);
  }
  std::map<std::pair<std::string, std::string>, Failure> failures;    // by (account, operation)
  std::map<std::pair<std::string, std::string>, UserKeys> user_keys;  // by (account, user)
};

void fail_with(const std::shared_ptr<Lookups>& run, const std::string& id, const std::string& account, Error error,
               const char* operation) {
  KeyIntel& intel = run->out[id];
  intel.state = KeyState::kUnknown;
  intel.error = error;  // run_op's message names the operation
  auto [it, fresh] = run->failures.try_emplace({account, operation}, Failure{account, operation, std::move(error), {}});
  it->second.key_ids.push_back(id);
}

// One ScopeError per failed (account, operation), naming up to five redacted key ids.
ScopeError scope_error(const Failure& f) {
  std::string ids;
  for (std::size_t i = 0; i < f.key_ids.size() && i < 5; ++i) {
    ids += (i ? ", " : "") + base::redact_key_id(f.key_ids[i]);
  }
  if (f.key_ids.size() > 5) ids += ", ...";
  Error e = f.error.with_context(fmt::format("key intelligence for {} key id(s) ({})", f.key_ids.size(), ids));
  return ScopeError{f.account, "", std::move(e)};
}

// Settles key `id` from its user's key list: status and creation.
void settle_from_list(const std::shared_ptr<Lookups>& run, const std::string& account, const std::string& id,
                      const Result<aws::iam::ListAccessKeysResponse>& r) {
  KeyIntel& intel = run->out[id];
  if (!r) return fail_with(run, id, account, r.error(), "iam:ListAccessKeys");
  auto it = std::find_if(r->keys.begin(), r->keys.end(), [&](const auto& k) { return k.access_key_id == id; });
  if (it == r->keys.end()) {
    intel.state = KeyState::kDeleted;  // deleted between the two calls
    return;
  }
  intel.state = it->status == "Active" ? KeyState::kActive : KeyState::kInactive;
  intel.created = it->create_date;
}

// Status and creation from the user's key list (after GetAccessKeyLastUsed named the user): one
// ListAccessKeys per user, shared by every found key of that user.
void list_user_keys(const std::shared_ptr<Lookups>& run, aws::AwsCaller& caller, const std::string& account,
                    const std::string& id) {
  const std::string user = run->out[id].user;
  UserKeys& entry = run->user_keys[{account, user}];
  if (entry.answer) return settle_from_list(run, account, id, *entry.answer);
  entry.waiting.push_back(id);
  if (entry.waiting.size() > 1) return;  // the call is on its way
  aws::iam::ListAccessKeysRequest request;
  request.user_name = user;
  aws::iam::list_access_keys_all(caller, request, [run, account, user](Result<aws::iam::ListAccessKeysResponse> r) {
    UserKeys& done = run->user_keys[{account, user}];
    done.answer = std::move(r);
    for (const auto& waiting : done.waiting) settle_from_list(run, account, waiting, *done.answer);
    done.waiting.clear();
  });
}

void look_up_owner_side(const std::shared_ptr<Lookups>& run, const AccountTarget& owner, const std::string& id) {
  KeyIntel& owned = run->out[id];
  owned.in_scope = true;
  if (owner.caller == nullptr) {
    // The account's own scope error already says why it cannot be reached; the key shows it too.
    owned.state = KeyState::kUnknown;
    owned.error = owner.error.value_or(Error::credentials("account not reachable")).with_context("owner account");
    return;
  }
  aws::AwsCaller& caller = *owner.caller;
  const std::string& account = owner.account_id;
  aws::iam::get_access_key_last_used(
      caller, {id}, [run, &caller, account, id](Result<aws::iam::GetAccessKeyLastUsedResponse> r) {
        KeyIntel& intel = run->out[id];
        if (!r) {
          if (r.error().kind == ErrorKind::kNotFound) {
            intel.state = KeyState::kDeleted;  // the account is ours, no user holds the key
            return;
          }
          return fail_with(run, id, account, std::move(r.error()), "iam:GetAccessKeyLastUsed");
        }
        intel.user = r->user_name;
        intel.last_used = r->last_used_date;
        intel.service = r->service_name;
        intel.region = r->region;
        list_user_keys(run, caller, account, id);
      });
}

}  // namespace

void look_up_keys(aws::EventLoop& loop, const std::vector<AccountTarget>& targets, const std::set<std::string>& key_ids,
                  const std::string& sts_region, Inventory& inventory,
                  const std::function<void(const PhaseProgress&)>& on_progress) {
  auto run = std::make_shared<Lookups>();
  run->progress.total = key_ids.size();
  run->on_progress = on_progress;
  // GetAccessKeyInfo answers the same from any account, and STS limits each account's request rate:
  // the lookups go round the reachable accounts, so an organization's keys are not paced by one.
  std::vector<const AccountTarget*> reachable;
  for (const auto& t : targets) {
    if (t.caller != nullptr) reachable.push_back(&t);
  }
  std::size_t turn = 0;
  for (const auto& id : key_ids) {
    if (reachable.empty()) {
      // Every account already has its scope error: the keys only say why they are unknown.
      run->out[id].error = Error::credentials("no account of the scope could be reached");
      continue;
    }
    const AccountTarget& asker = *reachable[turn++ % reachable.size()];
    const std::string& caller_account = asker.account_id;
    aws::sts::get_access_key_info(
        *asker.caller, {id, sts_region},
        [run, &targets, caller_account, id](Result<aws::sts::GetAccessKeyInfoResponse> r) {
          run->settled();
          KeyIntel& intel = run->out[id];
          if (!r) return fail_with(run, id, caller_account, std::move(r.error()), "sts:GetAccessKeyInfo");
          intel.owner_account = r->account;
          auto owner = std::find_if(targets.begin(), targets.end(),
                                    [&](const AccountTarget& t) { return t.account_id == r->account; });
          if (owner == targets.end()) {
            intel.state = KeyState::kForeign;
            return;
          }
          look_up_owner_side(run, *owner, id);
        });
  }
  loop.run();
  for (auto& [id, intel] : run->out) inventory.key_intel[id] = std::move(intel);
  for (const auto& [key, failure] : run->failures) inventory.scope_errors.push_back(scope_error(failure));
}

}  // namespace rolecall::inventory

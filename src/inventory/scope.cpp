#include "inventory/scope.h"

#include <algorithm>
#include <mutex>
#include <optional>
#include <set>

#include "aws/endpoints.h"
#include "aws/ops/organizations.h"
#include "aws/ops/sts.h"
#include "base/parallel_for.h"
#include "base/sync.h"
#include "inventory/shard.h"

namespace rolecall::inventory {

bool is_account_id(std::string_view s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// A base credential: a provider and the account it reaches.
struct Base {
  std::string label;
  std::shared_ptr<aws::CredentialsProvider> provider;
  std::string account_id;
  std::string arn;
};

// Identifies every base credential at once (sts:GetCallerIdentity each; one round trip for all,
// not one per profile), in the order given.
std::vector<Result<Base>> identify_all(
    aws::Session& session, std::vector<std::pair<std::string, std::shared_ptr<aws::CredentialsProvider>>> creds) {
  std::vector<std::optional<Result<Base>>> found(creds.size());
  std::vector<std::unique_ptr<aws::AwsClient>> clients;
  for (std::size_t i = 0; i < creds.size(); ++i) {
    clients.push_back(session.client(creds[i].second, creds[i].first));
    aws::sts::get_caller_identity(*clients.back(), {session.region().region},
                                  [&found, &creds, i](Result<aws::sts::GetCallerIdentityResponse> who) {
                                    auto& [label, provider] = creds[i];
                                    if (!who) {
                                      found[i].emplace(fail(who.error().with_context("identifying " + label)));
                                    } else {
                                      found[i].emplace(Base{label, provider, who->account, who->arn});
                                    }
                                  });
  }
  session.loop().run();
  std::vector<Result<Base>> out;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i]) {
      out.push_back(std::move(*found[i]));
    } else {
      out.push_back(fail(ErrorKind::kInternal, "identifying " + creds[i].first + ": the call never completed"));
    }
  }
  return out;
}

// Resolves credentials of assumed-role targets in parallel (STS calls block), recording failures.
// `on_identity` hears each one settle, under a lock (the progress line is drawn from here).
void prefetch(std::vector<std::pair<std::shared_ptr<aws::CredentialsProvider>, AccountTarget*>>& work,
              std::size_t parallelism, const std::function<void(const PhaseProgress&)>& on_identity) {
  std::mutex lock;
  PhaseProgress progress{0, work.size()};
  if (on_identity && !work.empty()) on_identity(progress);
  base::parallel_for(work.size(), static_cast<unsigned>(parallelism), [&](std::size_t i, unsigned) {
    auto creds = work[i].first->resolve();
    if (!creds) work[i].second->error = creds.error();
    if (!on_identity) return;
    std::lock_guard<std::mutex> held(lock);
    ++progress.done;
    on_identity(progress);
  });
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> read_accounts_file(const base::Env& env,
                                                                            const std::string& path) {
  auto text = env.read_file(path);
  if (!text) return fail(ErrorKind::kInvalidArgument, "cannot read accounts file " + path);
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  for (int n = 1; start < text->size(); ++n) {
    std::size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    std::string line = text->substr(start, end - start);
    start = end + 1;
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    auto comma = line.find(',');
    std::string id = trim(line.substr(0, comma));
    std::string name = comma == std::string::npos ? id : trim(line.substr(comma + 1));
    if (!is_account_id(id)) {
      return fail(ErrorKind::kInvalidArgument,
                  path + ":" + std::to_string(n) + ": \"" + id + "\" is not a 12-digit account id");
    }
    out.emplace_back(id, name);
  }
  if (out.empty()) return fail(ErrorKind::kInvalidArgument, "accounts file " + path + " lists no account");
  return out;
}

Result<Scope> resolve_scope(aws::Session& session, const ScopeOptions& options,
                            const std::function<void(const PhaseProgress&)>& on_identity) {
  Scope scope;
  // Other accounts are reached by assuming a role from the first base credential. A bad file is a
  // usage error before any call.
  std::vector<std::pair<std::string, std::string>> others;
  if (!options.accounts_file.empty()) {
    auto listed = read_accounts_file(session.env(), options.accounts_file);
    if (!listed) return fail(listed.error());
    others = std::move(*listed);
  }
  std::vector<Base> bases;
  std::vector<std::pair<std::string, Error>> base_errors;  // profile, why it could not be identified
  if (options.profiles.empty()) {
    auto base = std::move(identify_all(session, {{"default credentials", session.credentials()}}).front());
    if (!base) return fail(base.error());
    bases.push_back(std::move(*base));
  } else {
    std::vector<std::pair<std::string, std::shared_ptr<aws::CredentialsProvider>>> creds;
    for (const auto& profile : options.profiles) creds.emplace_back("profile " + profile, session.credentials(profile));
    auto identified = identify_all(session, std::move(creds));
    for (std::size_t i = 0; i < identified.size(); ++i) {
      if (identified[i]) {
        bases.push_back(std::move(*identified[i]));
      } else {
        base_errors.emplace_back(options.profiles[i], identified[i].error());
      }
    }
    if (bases.empty()) return fail(base_errors.front().second);
  }

  scope.caller_arn = bases.front().arn;

  // An --accounts file is the list of accounts to cover: a base credential's own account joins
  // only when listed (then through that credential, not AssumeRole). --org lists the caller's own.
  // --shard keeps its share only (and a re-audit its accounts); failures that are not one account's (a profile that
  // cannot be identified, an organization that cannot be listed) stay in every share.
  const auto chosen = [&](const std::string& account) {
    return in_shard(account, options.shard) &&
           (options.only_accounts.empty() || std::find(options.only_accounts.begin(), options.only_accounts.end(),
                                                       account) != options.only_accounts.end());
  };
  const auto covered = [&](const std::string& account) {
    return chosen(account) &&
           (options.accounts_file.empty() || options.org ||
            std::any_of(others.begin(), others.end(), [&](const auto& o) { return o.first == account; }));
  };

  std::set<std::string> seen;
  auto add_target = [&](std::string id, std::string label, std::shared_ptr<aws::CredentialsProvider> provider,
                        const std::string& arn_hint) {
    if (!seen.insert(id).second) return static_cast<AccountTarget*>(nullptr);
    scope.clients.push_back(session.client(provider, id));
    AccountTarget t;
    t.account_id = std::move(id);
    t.label = std::move(label);
    t.caller = scope.clients.back().get();
    if (arn_hint.starts_with("arn:aws-cn:")) t.partition = "aws-cn";
    if (arn_hint.starts_with("arn:aws-us-gov:")) t.partition = "aws-us-gov";
    scope.targets.push_back(std::move(t));
    return &scope.targets.back();
  };
  for (const auto& b : bases) {
    if (covered(b.account_id)) add_target(b.account_id, b.label, b.provider, b.arn);
  }
  for (std::size_t i = 0; i < base_errors.size(); ++i) {
    AccountTarget t;
    t.account_id = "unknown-" + std::to_string(i + 1);
    t.label = base_errors[i].first;
    t.error = base_errors[i].second;
    scope.targets.push_back(std::move(t));
  }

  if (options.org) {
    auto client = session.client(bases.front().provider, bases.front().account_id);
    auto accounts = base::run_sync<aws::organizations::ListAccountsResponse>(
        session.loop(), [&](auto done) { aws::organizations::list_accounts_all(*client, {}, std::move(done)); });
    if (!accounts) {
      AccountTarget t;
      t.account_id = bases.front().account_id + "-organization";
      t.label = "organization";
      t.error = accounts.error().with_context("listing the organization's accounts");
      scope.targets.push_back(std::move(t));
    } else {
      for (const auto& a : accounts->accounts) {
        if (a.status == "ACTIVE") others.emplace_back(a.id, a.name);
        for (auto& t : scope.targets) {
          if (t.account_id == a.id) t.name = a.name;  // the caller's own account(s)
        }
      }
    }
  }
  const std::string partition = aws::partition_of(session.region().region);
  scope.targets.reserve(scope.targets.size() + others.size());  // add_target hands out pointers
  std::vector<std::pair<std::shared_ptr<aws::CredentialsProvider>, AccountTarget*>> to_prefetch;
  for (const auto& [id, name] : others) {
    if (seen.contains(id) || !chosen(id)) continue;
    aws::AssumeRoleParams params;
    params.role_arn = "arn:" + partition + ":iam::" + id + ":role/" + options.assume_role;
    params.role_session_name = "rolecall-scan";
    params.external_id = options.external_id;
    auto provider = session.assume_role(bases.front().provider, params, name + " (" + id + ")");
    AccountTarget* t = add_target(id, name, provider, "arn:" + partition + ":");
    if (t != nullptr && options.org) t->name = name;  // an --accounts file's second column is a label, not a name
    if (t != nullptr) to_prefetch.emplace_back(provider, t);
  }
  prefetch(to_prefetch, options.assume_parallelism, on_identity);
  for (auto& t : scope.targets) {
    if (t.error) t.caller = nullptr;
  }
  return scope;
}

}  // namespace rolecall::inventory

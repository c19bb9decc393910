// Every check over a hand-built inventory holding one instance per case the audit must judge.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "checks/registry.h"
#include "tests/checks/fixture.h"

namespace rolecall::checks {
namespace {

using Verdicts = std::map<std::pair<std::string, std::string>, Status>;

Verdicts run_all(const Inventory& inventory, const CheckContext& context = {}) {
  Verdicts out;
  for (const auto& f : run_checks(inventory, all_checks(), context)) {
    EXPECT_TRUE(out.emplace(std::make_pair(f.resource_id, f.check_id), f.status).second)
        << "duplicate finding " << f.resource_id << " " << f.check_id;
  }
  return out;
}

std::optional<Status> status_of(const Verdicts& v, const std::string& resource, const std::string& check) {
  auto it = v.find({resource, check});
  if (it == v.end()) return std::nullopt;
  return it->second;
}

TEST(Checks, EveryCaseGetsItsVerdict) {
  Fixture fx;
  auto v = run_all(fx.inventory);
  const auto P = Status::kPass, F = Status::kFail, E = Status::kError;
  const std::optional<Status> N;  // not judged
  struct Row {
    const char* id;
    std::optional<Status> has_role, profile, trusts, admin, user_data, imds;
  };
  const Row rows[] = {
      {"i-noprofile", F, N, N, N, P, F}, {"i-app", P, P, P, P, P, F},       {"i-admin", P, P, P, F, P, F},
      {"i-star", P, P, P, F, P, F},      {"i-passrole", P, P, P, F, P, F},  {"i-lambda", P, P, F, P, P, F},
      {"i-empty", P, F, N, N, P, F},     {"i-ghostrole", P, F, N, N, P, F}, {"i-deleted", P, F, N, N, P, F},
      {"i-replaced", P, F, N, N, P, F},  {"i-keys", P, P, P, P, F, F},      {"i-example", P, P, P, P, P, F},
      {"i-benign", P, P, P, P, P, F},    {"i-udfail", P, P, P, P, E, F},    {"i-imdsv2", P, P, P, P, P, P},
      {"i-stopped", P, P, P, P, P, F},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.id);
    EXPECT_EQ(status_of(v, r.id, "instance-has-role"), r.has_role);
    EXPECT_EQ(status_of(v, r.id, "profile-has-role"), r.profile);
    EXPECT_EQ(status_of(v, r.id, "role-trusts-ec2"), r.trusts);
    EXPECT_EQ(status_of(v, r.id, "role-not-admin"), r.admin);
    EXPECT_EQ(status_of(v, r.id, "user-data-no-keys"), r.user_data);
    EXPECT_EQ(status_of(v, r.id, "imdsv2-required"), r.imds);
    EXPECT_EQ(status_of(v, r.id, "role-is-approved"), N) << "no approved list: not judged";
  }
  for (const char* gone : {"i-terminated", "i-shutting"}) {
    for (const auto& [key, status] : v) EXPECT_NE(key.first, gone);
  }
  EXPECT_EQ(status_of(v, "lt-clean", "launch-template-no-keys"), P);
  EXPECT_EQ(status_of(v, "lt-leaky", "launch-template-no-keys"), F);
}

TEST(Checks, EvidenceNamesTheDecidingThingAndNeverTheSecret) {
  Fixture fx;
  auto findings = run_checks(fx.inventory, all_checks(), {});
  bool saw_key = false, saw_admin = false, saw_lt = false;
  for (const auto& f : findings) {
    if (f.resource_id == "i-keys" && f.check_id == "user-data-no-keys") {
      saw_key = true;
      EXPECT_EQ(f.evidence.key_id_redacted.substr(0, 4), "AKIA");
      EXPECT_EQ(f.evidence.fingerprint.size(), 64u);
      EXPECT_NE(f.evidence.location.find("line"), std::string::npos) << f.evidence.location;
    }
    if (f.resource_id == "i-star" && f.check_id == "role-not-admin") {
      saw_admin = true;
      EXPECT_EQ(f.evidence.policy_arn, "inline:all");
      EXPECT_NE(f.evidence.statement.find("\"*\""), std::string::npos);
      EXPECT_EQ(f.evidence.role_arn, arn("role", "star"));
    }
    if (f.resource_id == "lt-leaky") {
      saw_lt = true;
      EXPECT_EQ(f.evidence.detail, "versions with credentials: 2");
    }
    for (const std::string* text :
         {&f.message, &f.evidence.location, &f.evidence.detail, &f.evidence.key_id_redacted}) {
      EXPECT_EQ(text->find("AKIAQWERTYUIOPASDF23"), std::string::npos);
      EXPECT_EQ(text->find("q8Zr3Lw9Tx2Vb7Nm4Kp1"), std::string::npos);
    }
  }
  EXPECT_TRUE(saw_key && saw_admin && saw_lt);
}

TEST(Checks, UnreadableIamIsErrorNeverPass) {
  Fixture fx;
  fx.account->iam_collected = false;
  fx.account->iam_error =
      Error{ErrorKind::kAccessDenied, "not authorized to GetAccountAuthorizationDetails", "AccessDenied", "", 403};
  auto v = run_all(fx.inventory);
  EXPECT_EQ(status_of(v, "i-app", "instance-has-role"), Status::kPass);  // needs no IAM
  for (const char* check : {"profile-has-role", "role-trusts-ec2", "role-not-admin"}) {
    EXPECT_EQ(status_of(v, "i-app", check), Status::kError) << check;
    EXPECT_EQ(status_of(v, "i-admin", check), Status::kError) << check;
  }
  EXPECT_FALSE(status_of(v, "i-noprofile", "profile-has-role"));
}

TEST(Checks, MissingPolicyDocumentIsError) {
  Fixture fx;
  fx.account->policies.clear();
  fx.account->build_index();
  auto v = run_all(fx.inventory);
  EXPECT_EQ(status_of(v, "i-passrole", "role-not-admin"), Status::kError);
  EXPECT_EQ(status_of(v, "i-admin", "role-not-admin"), Status::kFail);  // known by ARN alone
}

TEST(Checks, ScopeErrorsBecomeErrorFindingsAndHideTheRegion) {
  Fixture fx;
  fx.region->instances_error = Error{ErrorKind::kAccessDenied, "denied", "UnauthorizedOperation", "", 403};
  fx.inventory.scope_errors.push_back(
      {"222222222222", "", Error{ErrorKind::kAccessDenied, "AssumeRole denied", "AccessDenied", "", 403}});
  auto findings = run_checks(fx.inventory, all_checks(), {});
  ASSERT_EQ(findings.size(), 2u);
  for (const auto& f : findings) {
    EXPECT_EQ(f.check_id, "scan");
    EXPECT_EQ(f.status, Status::kError);
  }
}

TEST(Checks, ApprovedList) {
  Fixture fx;
  CheckContext context;
  context.approved = {arn("instance-profile", "app"), arn("role", "admin")};
  auto v = run_all(fx.inventory, context);
  EXPECT_EQ(status_of(v, "i-app", "role-is-approved"), Status::kPass);
  EXPECT_EQ(status_of(v, "i-admin", "role-is-approved"), Status::kPass);
  EXPECT_EQ(status_of(v, "i-star", "role-is-approved"), Status::kFail);
  EXPECT_EQ(status_of(v, "i-deleted", "role-is-approved"), Status::kFail);
  EXPECT_FALSE(status_of(v, "i-noprofile", "role-is-approved"));
}

TEST(Checks, LaunchTemplateReadFailureIsError) {
  Fixture fx;
  fx.region->launch_templates_error = Error{ErrorKind::kThrottled, "throttled", "RequestLimitExceeded", "", 503};
  auto v = run_all(fx.inventory);
  EXPECT_EQ(status_of(v, "111111111111/us-east-1", "launch-template-no-keys"), Status::kError);
  EXPECT_FALSE(status_of(v, "lt-leaky", "launch-template-no-keys"));
}

TEST(Registry, SortedUniqueAndSelectable) {
  const auto& checks = all_checks();
  for (std::size_t i = 1; i < checks.size(); ++i) EXPECT_LT(checks[i - 1]->info().id, checks[i]->info().id);
  auto only = select_checks({"profile-has-role", "instance-has-role"}, {});
  ASSERT_TRUE(only);
  ASSERT_EQ(only->size(), 2u);
  EXPECT_EQ((*only)[0]->info().id, "instance-has-role");
  EXPECT_TRUE(needs_of(*only).iam);
  EXPECT_FALSE(needs_of(*only).user_data);
  auto skipped = select_checks({}, {"imdsv2-required"});
  ASSERT_TRUE(skipped);
  EXPECT_EQ(skipped->size(), checks.size() - 1);
  auto bad = select_checks({"no-such-check"}, {});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("no-such-check"), std::string::npos);
  EXPECT_FALSE(select_checks({}, {"typo"}));
}

}  // namespace
}  // namespace rolecall::checks

namespace rolecall::checks {
namespace {

TEST(SortFindings, MatchesStableSortOnInterleavedAccountsRegionsAndTies) {
  std::mt19937 rng(42);
  std::vector<Finding> findings;
  const std::vector<std::string> accounts{"222222222222", "111111111111", "333333333333"};
  const std::vector<std::string> regions{"us-east-1", "eu-west-1", ""};
  const std::vector<std::string> checks{"role-not-admin", "instance-has-role", "scan"};
  for (int i = 0; i < 3000; ++i) {
    Finding f;
    // Runs of one account and region, as checks produce them, broken up at random.
    f.account_id = accounts[(i / 50 + rng() % 2) % accounts.size()];
    f.region = regions[(i / 120 + rng() % 2) % regions.size()];
    f.resource_id = "i-" + std::to_string(rng() % 400);  // duplicates: ties must keep their order
    f.check_id = checks[rng() % checks.size()];
    f.message = std::to_string(i);
    findings.push_back(std::move(f));
  }
  auto expected = findings;
  std::stable_sort(expected.begin(), expected.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.account_id, a.region, a.resource_id, a.check_id) <
           std::tie(b.account_id, b.region, b.resource_id, b.check_id);
  });
  sort_findings(findings);
  ASSERT_EQ(findings.size(), expected.size());
  for (std::size_t i = 0; i < findings.size(); ++i) {
    ASSERT_EQ(findings[i].message, expected[i].message) << "position " << i;
  }
  std::vector<Finding> none;
  sort_findings(none);
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace rolecall::checks

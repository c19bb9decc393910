// The ground truth, re-derived from the estate alone with the rules of docs/checks/README.md and
// the emulator's policy evaluator, must agree row for row with what the generator built.

#include <deque>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "emulator/policy/policy_eval.h"
#include "emulator_generator/fixtures.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

using nlohmann::json;
using Key = std::tuple<std::string, std::string, std::string>;  // account, resource, check

constexpr const char* kAdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess";

// Stand-ins for the AWS managed policies the estate attaches (the emulator has the real ones).
json aws_managed(const std::string& arn) {
  if (arn == kAdministratorAccess)
    return json::parse(R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})");
  if (arn == "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore") {
    return json::parse(R"({"Statement":[{"Effect":"Allow","Action":["ssm:UpdateInstanceInformation","ssmmessages:*",
        "ec2messages:*","ssm:GetParameter*"],"Resource":"*"}]})");
  }
  ADD_FAILURE() << "unexpected managed policy " << arn;
  return json::object();
}

// role-not-admin's FAIL rule.
bool role_is_admin(const json& role, const json& account) {
  std::vector<policy::NamedPolicy> policies;  // views into `sources` and `documents`
  std::deque<std::string> sources;
  std::deque<json> documents;
  for (const auto& arn : role["attached_policy_arns"]) {
    if (arn == kAdministratorAccess) return true;
    std::string a = arn;
    json doc;
    for (const auto& p : account["managed_policies"]) {
      if (a == "arn:aws:iam::" + account["id"].get<std::string>() + ":policy/" + p["name"].get<std::string>()) {
        doc = p["document"];
      }
    }
    if (doc.is_null()) doc = aws_managed(a);
    policies.push_back({sources.emplace_back(a), &documents.emplace_back(std::move(doc))});
  }
  for (const auto& p : role["inline_policies"])
    policies.push_back({p["name"].get_ref<const std::string&>(), &p["document"]});
  for (const char* action :
       {"*", "iam:PassRole", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:AttachRolePolicy",
        "iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:PutRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy",
        "iam:CreateAccessKey", "iam:UpdateAssumeRolePolicy", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
        "iam:AddUserToGroup"}) {
    if (policy::evaluate(policies, action, "*").decision == policy::Decision::kAllowed) return true;
  }
  return false;
}

// role-trusts-ec2's PASS rule: ec2.amazonaws.com may assume it and arbitrary AWS principals may not.
bool role_trusts_ec2(const json& role) {
  policy::Principal ec2{"ec2.amazonaws.com", "", ""};
  policy::Principal stranger{"", "arn:aws:iam::999999999999:user/stranger", "999999999999"};
  return policy::trust_allows(role["trust_policy"], ec2, "sts:AssumeRole") &&
         !policy::trust_allows(role["trust_policy"], stranger, "sts:AssumeRole");
}

std::map<Key, std::string> derive_truth(const json& estate) {
  std::map<Key, std::string> out;
  auto put = [&](const std::string& account, const std::string& resource, const char* check, bool pass) {
    EXPECT_TRUE(out.emplace(Key{account, resource, check}, pass ? "PASS" : "FAIL").second);
  };
  for (const auto& a : estate["accounts"]) {
    const std::string acct = a["id"];
    std::map<std::string, json> profiles, roles;
    for (const auto& p : a["instance_profiles"]) profiles[p["name"]] = p;
    for (const auto& r : a["roles"]) roles[r["name"]] = r;
    for (const auto& i : a["instances"]) {
      if (!judged(i)) continue;
      const std::string id = i["id"];
      const std::string profile = i.value("instance_profile", "");
      put(acct, id, "instance-has-role", !profile.empty());
      if (!profile.empty()) {
        const json* role = nullptr;
        if (auto p = profiles.find(profile); p != profiles.end() && !p->second["roles"].empty()) {
          if (auto r = roles.find(p->second["roles"][0]); r != roles.end()) role = &r->second;
        }
        put(acct, id, "profile-has-role", role != nullptr);
        if (role != nullptr) {
          put(acct, id, "role-trusts-ec2", role_trusts_ec2(*role));
          put(acct, id, "role-not-admin", !role_is_admin(*role, a));
        }
      }
      put(acct, id, "user-data-no-keys", real_key_ids(i).empty());
      put(acct, id, "imdsv2-required", i["http_tokens"] == "required");
    }
    for (const auto& t : a["launch_templates"]) {
      bool leaks = false;
      for (const auto& v : t["versions"]) leaks = leaks || !real_key_ids(v).empty();
      put(acct, t["id"], "launch-template-no-keys", !leaks);
    }
  }
  return out;
}

std::map<Key, std::string> truth_rows(const json& truth, const json& estate) {
  std::map<std::string, std::string> region_of;
  for (const auto& a : estate["accounts"]) {
    for (const auto& i : a["instances"]) region_of[i["id"]] = i["region"];
    for (const auto& t : a["launch_templates"]) region_of[t["id"]] = t["region"];
  }
  std::map<Key, std::string> out;
  for (const auto& f : truth["findings"]) {
    EXPECT_EQ(f.size(), 5u) << f.dump();
    EXPECT_EQ(f["region"], region_of[f["resource_id"]]) << f.dump();
    EXPECT_TRUE(out.emplace(Key{f["account_id"], f["resource_id"], f["check_id"]}, f["status"]).second)
        << "duplicate row " << f.dump();
  }
  return out;
}

class TruthAgrees : public ::testing::TestWithParam<const char*> {};

TEST_P(TruthAgrees, WithIndependentDerivation) {
  auto g = generate(GetParam());
  EXPECT_EQ(g.truth["schema_version"], 1);
  auto expected = derive_truth(g.estate);
  auto actual = truth_rows(g.truth, g.estate);
  EXPECT_EQ(actual.size(), expected.size());
  for (const auto& [key, status] : expected) {
    auto it = actual.find(key);
    if (it == actual.end()) {
      ADD_FAILURE() << "missing " << std::get<2>(key) << " for " << std::get<1>(key);
    } else {
      EXPECT_EQ(it->second, status) << std::get<2>(key) << " for " << std::get<1>(key);
    }
  }
  for (const auto& [key, status] : actual) {
    EXPECT_TRUE(expected.contains(key)) << "unexpected " << std::get<2>(key) << " for " << std::get<1>(key);
  }
}

INSTANTIATE_TEST_SUITE_P(Specs, TruthAgrees,
                         ::testing::Values("accounts=2,regions=2,instances=60,seed=1",
                                           "accounts=3,regions=3,instances=600,seed=8,compliant=20",
                                           "accounts=1,regions=1,instances=50,seed=5,org=off,compliant=0",
                                           "accounts=2,regions=1,instances=40,seed=2,compliant=100"));

TEST(Truth, CoversExactlyTheJudgedInstancesAndEveryTemplate) {
  auto g = generate("accounts=2,regions=2,instances=300,seed=4");
  std::set<std::string> judged_ids, unjudged_ids, template_ids, truth_ids;
  for (const auto& a : g.estate["accounts"]) {
    for (const auto& i : a["instances"]) (judged(i) ? judged_ids : unjudged_ids).insert(i["id"]);
    for (const auto& t : a["launch_templates"]) template_ids.insert(t["id"]);
  }
  ASSERT_FALSE(unjudged_ids.empty());
  std::map<std::string, int> per_template;
  std::set<std::string> checks;
  for (const auto& f : g.truth["findings"]) {
    std::string id = f["resource_id"];
    truth_ids.insert(id);
    checks.insert(f["check_id"]);
    EXPECT_FALSE(unjudged_ids.contains(id)) << id;
    if (id.starts_with("lt-")) {
      EXPECT_EQ(f["check_id"], "launch-template-no-keys");
      ++per_template[id];
    }
  }
  for (const auto& id : judged_ids) EXPECT_TRUE(truth_ids.contains(id)) << id;
  for (const auto& id : template_ids) EXPECT_EQ(per_template[id], 1) << id;
  EXPECT_EQ(checks, (std::set<std::string>{"instance-has-role", "profile-has-role", "role-trusts-ec2", "role-not-admin",
                                           "user-data-no-keys", "launch-template-no-keys", "imdsv2-required"}));
}

TEST(Truth, EveryCheckFailsAndPassesInASmallEstate) {
  auto g = generate("accounts=2,regions=2,instances=60,seed=1");
  std::map<std::string, std::set<std::string>> statuses;
  for (const auto& f : g.truth["findings"]) statuses[f["check_id"]].insert(f["status"]);
  for (const auto& [check, seen] : statuses) {
    EXPECT_EQ(seen, (std::set<std::string>{"PASS", "FAIL"})) << check;
  }
  EXPECT_EQ(statuses.size(), 7u);
}

}  // namespace
}  // namespace rolecall::emulator

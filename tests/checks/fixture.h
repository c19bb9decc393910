#pragma once
// A hand-built inventory holding one instance per case the audit must judge (one account, one region),
// and the helpers the per-check tests share to run checks over it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checks/registry.h"
#include "rolecall/inventory.h"

namespace rolecall::testing {

constexpr const char* kAccount = "111111111111";
constexpr const char* kKeysB64 =
    "IyEvYmluL2Jhc2gKZXhwb3J0IEFXU19BQ0NFU1NfS0VZX0lEPUFLSUFRV0VSVFlVSU9QQVNERjIzCmV4cG9ydCBBV1NfU0VDUkVUX0FDQ0VTU19LRV"
    "k9"
    "cThacjNMdzlUeDJWYjdObTRLcDFIczZKZDBGZzVZYzhYZTJVYTdXaQo=";
constexpr const char* kBenignB64 = "IyEvYmluL2Jhc2gKeXVtIGluc3RhbGwgLXkgaHR0cGQK";
constexpr const char* kExampleB64 = "IyEvYmluL2Jhc2gKZXhwb3J0IEFXU19BQ0NFU1NfS0VZX0lEPUFLSUFJT1NGT0ROTjdFWEFNUExFCg==";
constexpr const char* kEc2Trust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

inline std::string arn(const std::string& kind, const std::string& name) {
  return std::string("arn:aws:iam::") + kAccount + ":" + kind + "/" + name;
}

struct Fixture {
  Inventory inventory;
  AccountInventory* account = nullptr;
  RegionInventory* region = nullptr;

  Fixture() {
    account = &inventory.accounts[kAccount];
    account->account_id = kAccount;
    account->iam_collected = true;
    inventory.regions.push_back({});
    region = &inventory.regions.back();
    region->account_id = kAccount;
    region->region = "us-east-1";
    region->user_data_collected = true;
    region->launch_templates_collected = true;

    add_role("app", kEc2Trust, {},
             {{"s3", R"({"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}})"}});
    add_role("admin", kEc2Trust, {"arn:aws:iam::aws:policy/AdministratorAccess"}, {});
    add_role("star", kEc2Trust, {}, {{"all", R"({"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}})"}});
    add_role("passrole", kEc2Trust, {arn("policy", "pass")}, {});
    account->policies.push_back({arn("policy", "pass"), "pass", "v1",
                                 R"({"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}})"});
    add_role(
        "lambda",
        R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})",
        {}, {});
    for (const char* name : {"app", "admin", "star", "passrole", "lambda"}) {
      account->profiles.push_back(
          {arn("instance-profile", name), name, std::string("AIPA") + name, "/", {arn("role", name)}});
    }
    account->profiles.push_back({arn("instance-profile", "empty"), "empty", "AIPAempty", "/", {}});
    account->profiles.push_back(
        {arn("instance-profile", "ghost"), "ghost", "AIPAghost", "/", {arn("role", "deleted")}});
    account->build_index();

    add_instance("i-noprofile", "");
    add_instance("i-app", "app");
    add_instance("i-admin", "admin");
    add_instance("i-star", "star");
    add_instance("i-passrole", "passrole");
    add_instance("i-lambda", "lambda");
    add_instance("i-empty", "empty");
    add_instance("i-ghostrole", "ghost");
    add_instance("i-deleted", "deleted-profile");
    add_instance("i-replaced", "app").profile_id = "AIPAold";
    add_instance("i-keys", "app").user_data = kKeysB64;
    add_instance("i-example", "app").user_data = kExampleB64;
    add_instance("i-benign", "app").user_data = kBenignB64;
    add_instance("i-udfail", "app").user_data_error =
        Error::service(ErrorKind::kAccessDenied, "UnauthorizedOperation", "denied", 403);
    Instance& imds = add_instance("i-imdsv2", "app");
    imds.metadata.http_tokens = "required";
    add_instance("i-stopped", "app").state = "stopped";
    add_instance("i-terminated", "").state = "terminated";
    add_instance("i-shutting", "").state = "shutting-down";

    LaunchTemplate clean{"lt-clean", "clean", kAccount, "us-east-1", 1, 1, {}};
    clean.versions.push_back({"lt-clean", "clean", 1, true, kBenignB64, "", "", ""});
    LaunchTemplate leaky{"lt-leaky", "leaky", kAccount, "us-east-1", 3, 3, {}};
    leaky.versions.push_back({"lt-leaky", "leaky", 1, false, "", "", "", ""});
    leaky.versions.push_back({"lt-leaky", "leaky", 2, false, kKeysB64, "", "", ""});
    leaky.versions.push_back({"lt-leaky", "leaky", 3, true, kBenignB64, "", "", ""});
    region->launch_templates = {clean, leaky};
  }

  void add_role(const std::string& name, const std::string& trust, std::vector<std::string> attached,
                std::vector<InlinePolicy> inline_policies) {
    Role r;
    r.arn = arn("role", name);
    r.name = name;
    r.trust_policy = trust;
    r.attached_policy_arns = std::move(attached);
    r.inline_policies = std::move(inline_policies);
    account->roles.push_back(std::move(r));
  }

  // A role `name` with `trust` and the policies, a profile `name` holding it, and the running
  // instance "i-<name>" it is associated with.
  Instance& add_role_instance(const std::string& name, const std::string& trust, std::vector<std::string> attached = {},
                              std::vector<InlinePolicy> inline_policies = {}) {
    add_role(name, trust, std::move(attached), std::move(inline_policies));
    account->profiles.push_back({arn("instance-profile", name), name, "AIPA" + name, "/", {arn("role", name)}});
    account->build_index();
    return add_instance("i-" + name, name);
  }

  // The account's IAM could not be read (GetAccountAuthorizationDetails denied).
  void make_iam_unreadable() {
    account->iam_collected = false;
    account->iam_error = Error::service(ErrorKind::kAccessDenied, "AccessDenied",
                                        "not authorized to GetAccountAuthorizationDetails", 403);
  }

  Instance& add_instance(const std::string& id, const std::string& profile) {
    Instance i;
    i.id = id;
    i.account_id = kAccount;
    i.region = "us-east-1";
    i.state = "running";
    if (!profile.empty()) {
      i.profile_arn = arn("instance-profile", profile);
      i.profile_id = "AIPA" + profile;
    }
    i.user_data = "";
    region->instances.push_back(std::move(i));
    return region->instances.back();
  }
};

// Verdicts by (resource id, check id).
using Verdicts = std::map<std::pair<std::string, std::string>, Status>;

// The verdicts of `checks` over `inventory`; a second finding for one (resource, check) fails the test.
inline Verdicts run_verdicts(const Inventory& inventory, const std::vector<const checks::Check*>& checks,
                             const rolecall::checks::CheckContext& context = {}) {
  Verdicts out;
  for (const auto& f : rolecall::checks::run_checks(inventory, checks, context)) {
    EXPECT_TRUE(out.emplace(std::make_pair(f.resource_id, f.check_id), f.status).second)
        << "duplicate finding " << f.resource_id << " " << f.check_id;
  }
  return out;
}

// The verdict on `resource` by `check`, or nullopt when it was not judged.
inline std::optional<Status> status_of(const Verdicts& v, const std::string& resource, const std::string& check) {
  auto it = v.find({resource, check});
  if (it == v.end()) return std::nullopt;
  return it->second;
}

// The ids of the fixture's in-scope instances, in the order the fixture adds them.
inline const std::vector<std::string>& fixture_instances() {
  static const std::vector<std::string> kIds = {
      "i-noprofile", "i-app",      "i-admin", "i-star",    "i-passrole", "i-lambda", "i-empty",  "i-ghostrole",
      "i-deleted",   "i-replaced", "i-keys",  "i-example", "i-benign",   "i-udfail", "i-imdsv2", "i-stopped"};
  return kIds;
}

// Expects `check`'s verdict on every fixture instance to be `usual` (nullopt: not judged), except
// on those `unusual` lists.
inline void expect_verdicts(const Verdicts& v, const std::string& check, std::optional<Status> usual,
                            const std::map<std::string, std::optional<Status>>& unusual) {
  const auto& ids = fixture_instances();
  for (const auto& [id, status] : unusual) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id << " is no fixture instance";
  }
  for (const auto& id : ids) {
    auto it = unusual.find(id);
    EXPECT_EQ(status_of(v, id, check), it == unusual.end() ? usual : it->second) << check << " on " << id;
  }
}

// The verdicts of `check` over the fixture when its account's IAM could not be read.
inline Verdicts verdicts_without_iam(const checks::Check& check, const checks::CheckContext& context = {}) {
  Fixture fx;
  fx.make_iam_unreadable();
  return run_verdicts(fx.inventory, {&check}, context);
}

// The findings of `check` alone over `inventory`, in report order.
inline std::vector<Finding> findings_of(const checks::Check& check, const Inventory& inventory,
                                        const checks::CheckContext& context = {}) {
  return checks::run_checks(inventory, {&check}, context);
}

// The one finding of `check` on `resource`; fails the test (and returns an empty finding) unless
// there is exactly one.
inline Finding finding_on(const std::vector<Finding>& findings, const std::string& check, const std::string& resource) {
  const Finding* found = nullptr;
  for (const auto& f : findings) {
    if (f.check_id != check || f.resource_id != resource) continue;
    EXPECT_EQ(found, nullptr) << "two findings of " << check << " on " << resource;
    found = &f;
  }
  EXPECT_NE(found, nullptr) << "no finding of " << check << " on " << resource;
  return found == nullptr ? Finding{} : *found;
}

}  // namespace rolecall::testing

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "emulator/policy/policy_eval.h"
#include "emulator_generator/fixtures.h"

namespace rolecall::emulator {
namespace {

using namespace rolecall::testing;

using nlohmann::json;

// `text` is `prefix` followed by exactly `n` characters accepted by `accept`. (Not std::regex:
// GCC 12 warns falsely inside <regex> in the sanitizer build.)
template <typename Accept>
bool shaped(const std::string& text, std::string_view prefix, std::size_t n, Accept accept) {
  if (text.size() != prefix.size() + n || !text.starts_with(prefix)) return false;
  for (std::size_t i = prefix.size(); i < text.size(); ++i) {
    if (!accept(text[i])) return false;
  }
  return true;
}
bool digit(char c) { return c >= '0' && c <= '9'; }
bool lower_hex(char c) { return digit(c) || (c >= 'a' && c <= 'f'); }
bool lower_alnum(char c) { return digit(c) || (c >= 'a' && c <= 'z'); }
bool base32(char c) { return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'); }
bool secret_char(char c) {
  return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '+';
}

bool key_id(const std::string& id) { return shaped(id, "AKIA", 16, base32) || shaped(id, "ASIA", 16, base32); }

// "YYYY-MM-DDTHH:MM:SSZ" with a year in 2023..2026.
bool launch_time(const std::string& t) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (t.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (kShape[i] == 'd' ? !digit(t[i]) : t[i] != kShape[i]) return false;
  }
  int year = std::stoi(t.substr(0, 4));
  return year >= 2023 && year <= 2026;
}

double bits_per_char(const std::string& s) {
  std::map<char, int> counts;
  for (char c : s) ++counts[c];
  double bits = 0;
  for (const auto& [c, n] : counts) {
    double p = static_cast<double>(n) / static_cast<double>(s.size());
    bits -= p * std::log2(p);
  }
  return bits;
}

const json* find_named(const json& list, const std::string& name) {
  for (const auto& item : list) {
    if (item.at("name") == name) return &item;
  }
  return nullptr;
}

TEST(GeneratedEstate, TopLevelShapeAndRegions) {
  auto g = generate("accounts=3,regions=4,instances=40,seed=5");
  const auto& e = g.estate;
  EXPECT_EQ(e["schema_version"], 1);
  EXPECT_EQ(e["partition"], "aws");
  EXPECT_EQ(e["regions"], json::parse(R"(["us-east-1","eu-west-1","us-west-2","ap-southeast-2","af-south-1"])"));
  EXPECT_EQ(e["opt_in_regions"], json::parse(R"(["af-south-1"])"));
  ASSERT_EQ(e["accounts"].size(), 3u);
  std::set<std::string> ids, emails;
  for (const auto& a : e["accounts"]) {
    EXPECT_TRUE(shaped(a["id"], "", 12, digit)) << a["id"];
    ids.insert(a["id"]);
    emails.insert(a["email"]);
    EXPECT_EQ(a["status"], "ACTIVE");
    EXPECT_EQ(a["enabled_regions"], json::parse(R"(["us-east-1","eu-west-1","us-west-2","ap-southeast-2"])"));
  }
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_EQ(emails.size(), 3u);
  EXPECT_EQ(e["organization"]["management_account"], e["accounts"][0]["id"]);
  EXPECT_TRUE(shaped(e["organization"]["id"], "o-", 10, lower_alnum));
  EXPECT_EQ(e["accounts"][0]["name"], "management");
}

TEST(GeneratedEstate, AllSeventeenRegionsAreRealAndDistinct) {
  auto g = generate("accounts=1,regions=17,instances=0");
  std::set<std::string> regions;
  for (const auto& r : g.estate["regions"]) regions.insert(r);
  EXPECT_EQ(regions.size(), 18u);
  for (const char* r : {"us-east-1", "eu-central-1", "ap-northeast-3", "sa-east-1", "ca-central-1", "af-south-1"}) {
    EXPECT_TRUE(regions.contains(r)) << r;
  }
}

TEST(GeneratedEstate, OrganizationRolesTrustTheManagementAccount) {
  auto g = generate("accounts=3,regions=1,instances=0");
  const auto& accounts = g.estate["accounts"];
  std::string management = accounts[0]["id"];
  policy::Principal admin{"", "arn:aws:iam::" + management + ":user/rolecall-auditor", management};
  EXPECT_EQ(find_named(accounts[0]["roles"], "OrganizationAccountAccessRole"), nullptr);
  for (std::size_t i = 1; i < accounts.size(); ++i) {
    const auto* role = find_named(accounts[i]["roles"], "OrganizationAccountAccessRole");
    ASSERT_NE(role, nullptr);
    EXPECT_TRUE(policy::trust_allows((*role)["trust_policy"], admin, "sts:AssumeRole"));
    std::string member = accounts[i]["id"];
    policy::Principal local{"", "arn:aws:iam::" + member + ":user/x", member};
    EXPECT_FALSE(policy::trust_allows((*role)["trust_policy"], local, "sts:AssumeRole"));
    EXPECT_EQ((*role)["attached_policy_arns"], json::array({"arn:aws:iam::aws:policy/AdministratorAccess"}));
  }

  auto off = generate("accounts=3,regions=1,instances=0,org=off");
  EXPECT_FALSE(off.estate.contains("organization"));
  for (const auto& a : off.estate["accounts"]) {
    EXPECT_EQ(find_named(a["roles"], "OrganizationAccountAccessRole"), nullptr);
    EXPECT_NE(a["name"], "management");
  }
}

TEST(GeneratedEstate, AuditorsCanScanAndRemediate) {
  auto g = generate("accounts=2,regions=1,instances=0");
  for (const auto& a : g.estate["accounts"]) {
    ASSERT_GE(a["users"].size(), 2u);
    const auto& auditor = a["users"][0];  // the emulator hands out the first user's key
    EXPECT_EQ(auditor["name"], "rolecall-auditor");
    EXPECT_EQ(auditor["access_keys"][0]["status"], "Active");
    EXPECT_EQ(auditor["attached_policy_arns"], json::array({"arn:aws:iam::aws:policy/ReadOnlyAccess"}));
    std::vector<policy::NamedPolicy> policies;
    for (const auto& p : auditor["inline_policies"])
      policies.push_back({p["name"].get_ref<const std::string&>(), &p["document"]});
    for (const char* action :
         {"ec2:AssociateIamInstanceProfile", "ec2:ReplaceIamInstanceProfileAssociation",
          "ec2:DisassociateIamInstanceProfile", "ec2:StopInstances", "ec2:StartInstances", "ec2:DescribeInstances",
          "iam:PassRole", "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:GetInstanceProfile",
          "iam:ListRoles", "iam:SimulatePrincipalPolicy", "sts:AssumeRole", "organizations:ListAccounts"}) {
      EXPECT_EQ(policy::evaluate(policies, action, "*").decision, policy::Decision::kAllowed) << action;
    }
    EXPECT_EQ(policy::evaluate(policies, "iam:CreateUser", "*").decision, policy::Decision::kImplicitDeny);

    const auto* readonly = find_named(a["users"], "readonly-auditor");
    ASSERT_NE(readonly, nullptr);
    EXPECT_EQ((*readonly)["attached_policy_arns"], json::array({"arn:aws:iam::aws:policy/ReadOnlyAccess"}));
    EXPECT_TRUE((*readonly)["inline_policies"].empty());
    EXPECT_EQ((*readonly)["access_keys"].size(), 1u);
  }
}

TEST(GeneratedEstate, AccessKeysLookReal) {
  auto g = generate("accounts=4,regions=2,instances=200,seed=9");
  std::set<std::string> ids;
  for (const auto& a : g.estate["accounts"]) {
    for (const auto& u : a["users"]) {
      for (const auto& k : u["access_keys"]) {
        std::string id = k["id"], secret = k["secret"];
        EXPECT_TRUE(shaped(id, "AKIA", 16, base32)) << id;
        EXPECT_EQ(id.find("EXAMPLE"), std::string::npos);
        EXPECT_TRUE(shaped(secret, "", 40, secret_char));
        EXPECT_GT(bits_per_char(secret), 4.0);
        EXPECT_TRUE(ids.insert(id).second) << "duplicate key id";
      }
    }
  }
  EXPECT_EQ(ids.size(), 4u * 4u);  // auditor, readonly-auditor, legacy-deploy x2
}

TEST(GeneratedEstate, ResourceIdsAndFieldsAreWellFormed) {
  auto g = generate("accounts=3,regions=3,instances=500,seed=11");
  std::set<std::string> ids;
  const std::set<std::string> states = {"pending", "running", "stopping", "stopped", "shutting-down", "terminated"};
  const std::set<std::string> teams = {"payments", "search", "data", "web", "platform", "ml"};
  std::set<std::string> seen_states;
  for (const auto& a : g.estate["accounts"]) {
    std::set<std::string> enabled(a["enabled_regions"].begin(), a["enabled_regions"].end());
    std::map<std::string, int> template_versions;
    for (const auto& t : a["launch_templates"]) {
      EXPECT_TRUE(shaped(t["id"], "lt-", 17, lower_hex));
      EXPECT_TRUE(ids.insert(t["id"]).second);
      EXPECT_TRUE(enabled.contains(t["region"]));
      EXPECT_EQ(t["default_version"], t["versions"].size());
      template_versions[t["id"]] = static_cast<int>(t["versions"].size());
    }
    for (const auto& i : a["instances"]) {
      EXPECT_TRUE(shaped(i["id"], "i-", 17, lower_hex)) << i["id"];
      EXPECT_TRUE(ids.insert(i["id"]).second);
      EXPECT_TRUE(enabled.contains(i["region"]));
      EXPECT_TRUE(states.contains(i["state"]));
      seen_states.insert(i["state"]);
      EXPECT_TRUE(launch_time(i["launch_time"])) << i["launch_time"];
      EXPECT_TRUE(i["http_tokens"] == "required" || i["http_tokens"] == "optional");
      EXPECT_TRUE(teams.contains(i["tags"]["team"]));
      EXPECT_FALSE(i["tags"]["Name"].get<std::string>().empty());
      if (i["root_device_type"] == "instance-store") {
        EXPECT_NE(i["state"], "stopped");
        EXPECT_NE(i["state"], "stopping");
      }
      if (i.contains("launch_template")) {
        auto it = template_versions.find(i["launch_template"]["id"]);
        ASSERT_NE(it, template_versions.end());
        int v = std::stoi(i["launch_template"]["version"].get<std::string>());
        EXPECT_TRUE(v >= 1 && v <= it->second);
      }
    }
  }
  EXPECT_EQ(seen_states, states);
}

TEST(GeneratedEstate, CountsAddUp) {
  for (int compliant : {0, 37, 50, 100}) {
    auto g = generate("accounts=3,regions=2,instances=241,seed=4,compliant=" + std::to_string(compliant));
    int total = 0;
    for (const auto& a : g.estate["accounts"]) total += static_cast<int>(a["instances"].size());
    EXPECT_EQ(total, 241);
    int mixed = 0;
    for (const auto& [kind, n] : g.mix) mixed += n;
    EXPECT_EQ(mixed, 241);
    int expected_compliant = (241 * compliant + 50) / 100;
    EXPECT_EQ(g.mix["compliant"], expected_compliant);
    int failing = 241 - expected_compliant;
    for (const char* kind :
         {"no-profile", "empty-profile", "deleted-profile", "admin-role", "star-role", "passrole-role", "wrong-trust",
          "keys-plain-shell", "keys-gzip", "keys-mime", "keys-cloud-config", "imdsv1"}) {
      int n = g.mix.contains(kind) ? g.mix.at(kind) : 0;
      EXPECT_GE(n, failing / 12) << kind;
      EXPECT_LE(n, (failing + 11) / 12) << kind;
    }
  }
}

TEST(GeneratedEstate, ProfilesRolesAndTheDeletedProfile) {
  auto g = generate("accounts=2,regions=2,instances=60,seed=1");
  for (const auto& a : g.estate["accounts"]) {
    std::map<std::string, json> profiles;
    for (const auto& p : a["instance_profiles"]) profiles[p["name"]] = p;
    std::set<std::string> roles;
    for (const auto& r : a["roles"]) roles.insert(r["name"]);
    EXPECT_FALSE(profiles.contains("batch-decommissioned"));
    ASSERT_TRUE(profiles.contains("ec2-default"));
    EXPECT_TRUE(profiles["ec2-default"]["roles"].empty());
    for (const auto& [name, p] : profiles) {
      for (const auto& r : p["roles"]) EXPECT_TRUE(roles.contains(r)) << name;
    }
    for (const char* role : {"app-payments", "app-web", "admin-ec2", "star-ec2", "passrole-ec2", "lambda-trust"}) {
      EXPECT_TRUE(roles.contains(role)) << role;
      EXPECT_TRUE(profiles.contains(role)) << role;
    }
    for (const auto& i : a["instances"]) {
      if (!i.contains("instance_profile")) continue;
      std::string p = i["instance_profile"];
      EXPECT_TRUE(profiles.contains(p) || p == "batch-decommissioned") << p;
      if (p.starts_with("app-")) {
        EXPECT_EQ(p, "app-" + i["tags"]["team"].get<std::string>());
      }
    }
  }
}

// Every failure kind appears on a judged instance, recognisable from the estate alone.
TEST(GeneratedEstate, SmallEstateHasEveryFailureKind) {
  auto g = generate("accounts=2,regions=2,instances=60,seed=1");
  std::set<std::string> seen;
  for (const auto& a : g.estate["accounts"]) {
    for (const auto& i : a["instances"]) {
      if (!judged(i)) continue;
      std::string profile = i.value("instance_profile", "");
      if (profile.empty()) seen.insert("no-profile");
      if (profile == "ec2-default") seen.insert("empty-profile");
      if (profile == "batch-decommissioned") seen.insert("deleted-profile");
      if (profile == "admin-ec2" || profile == "star-ec2" || profile == "passrole-ec2" || profile == "lambda-trust") {
        seen.insert(profile);
      }
      if (i["http_tokens"] == "optional") seen.insert("imdsv1");
      if (!i.contains("user_data")) continue;
      std::string raw = base64_decode(i["user_data"].get<std::string>());
      if (real_key_ids(i).empty()) continue;
      if (is_gzip(raw)) {
        seen.insert("keys-gzip");
      } else if (raw.starts_with("Content-Type: multipart/mixed")) {
        seen.insert("keys-mime");
      } else if (raw.starts_with("#cloud-config") && raw.find("encoding: b64") != std::string::npos) {
        seen.insert("keys-cloud-config");
      } else if (raw.starts_with("#!/bin/bash") && raw.find("export AWS_ACCESS_KEY_ID=") != std::string::npos) {
        seen.insert("keys-plain-shell");
      }
    }
  }
  EXPECT_EQ(seen, (std::set<std::string>{"no-profile", "empty-profile", "deleted-profile", "admin-ec2", "star-ec2",
                                         "passrole-ec2", "lambda-trust", "imdsv1", "keys-gzip", "keys-mime",
                                         "keys-cloud-config", "keys-plain-shell"}));
  for (const auto& [kind, n] : g.mix) EXPECT_GE(n, 2) << kind;
}

TEST(GeneratedEstate, LeakedKeysLookRealAndMatchTheirUsers) {
  auto g = generate("accounts=3,regions=2,instances=400,seed=2");
  int leaks = 0, legacy = 0, temporary = 0;
  for (const auto& a : g.estate["accounts"]) {
    std::map<std::string, std::string> user_keys;
    for (const auto& u : a["users"]) {
      for (const auto& k : u["access_keys"]) user_keys[k["id"]] = k["secret"];
    }
    for (const auto& i : a["instances"]) {
      auto found = find_keys(user_data_layers(i));
      found.key_ids.erase(std::string(kExampleKeyId));
      if (found.key_ids.empty()) continue;
      ++leaks;
      ASSERT_EQ(found.key_ids.size(), 1u);
      const std::string& id = *found.key_ids.begin();
      EXPECT_TRUE(key_id(id));
      EXPECT_EQ(id.find("EXAMPLE"), std::string::npos);
      ASSERT_EQ(found.secrets.size(), 1u) << "a leak carries its secret";
      EXPECT_GT(bits_per_char(*found.secrets.begin()), 4.0);
      if (id.starts_with("ASIA")) {
        ++temporary;
        EXPECT_TRUE(found.session_token);
      }
      if (auto it = user_keys.find(id); it != user_keys.end()) {
        ++legacy;
        EXPECT_EQ(it->second, *found.secrets.begin());
      }
    }
  }
  EXPECT_GT(leaks, 0);
  EXPECT_GT(legacy, 0);
  EXPECT_GT(temporary, 0);
  EXPECT_LT(legacy, leaks);  // some leaked keys belong to no current user
}

TEST(GeneratedEstate, BenignUserDataHasNoRealKeyAndCoversEveryDecoy) {
  auto g = generate("accounts=2,regions=2,instances=1000,seed=3");
  std::set<std::string> decoys;
  int with_user_data = 0, with_real_key = 0;
  for (const auto& a : g.estate["accounts"]) {
    for (const auto& i : a["instances"]) {
      if (!i.contains("user_data")) continue;
      ++with_user_data;
      auto layers = user_data_layers(i);
      auto found = find_keys(layers);
      found.key_ids.erase(std::string(kExampleKeyId));
      if (!found.key_ids.empty()) {
        ++with_real_key;
        continue;
      }
      for (const char* marker :
           {"yum install -y httpd", "MYSQL_ALLOW_EMPTY_PASSWORD", "git checkout", "secretsmanager get-secret-value",
            "AKIAIOSFODNN7EXAMPLE", "packages:", "timezone: UTC"}) {
        if (layers.find(marker) != std::string::npos) decoys.insert(marker);
      }
      // The only secret-looking value a decoy may hold is the documentation example's.
      for (const auto& secret : found.secrets) EXPECT_EQ(secret, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    }
  }
  // Exactly the instances made to leak hold a real key: no decoy does.
  EXPECT_EQ(with_real_key,
            g.mix["keys-plain-shell"] + g.mix["keys-gzip"] + g.mix["keys-mime"] + g.mix["keys-cloud-config"]);
  EXPECT_GT(with_user_data - with_real_key, 100);
  EXPECT_EQ(decoys.size(), 7u);
}

TEST(GeneratedEstate, LaunchTemplatesLeakInSomeButNotAllVersions) {
  auto g = generate("accounts=2,regions=3,instances=10,seed=6");
  int leaky = 0, clean = 0, with_profile = 0;
  for (const auto& a : g.estate["accounts"]) {
    std::map<std::string, int> per_region;
    for (const auto& t : a["launch_templates"]) {
      ++per_region[t["region"]];
      int leaking_versions = 0;
      for (const auto& v : t["versions"]) {
        if (!real_key_ids(v).empty()) ++leaking_versions;
        if (v.contains("instance_profile")) ++with_profile;
      }
      if (leaking_versions > 0) {
        ++leaky;
        EXPECT_LT(leaking_versions, static_cast<int>(t["versions"].size())) << t["id"];
      } else {
        ++clean;
      }
    }
    EXPECT_EQ(per_region.size(), 3u);
    for (const auto& [region, n] : per_region) EXPECT_GE(n, 2) << region;
  }
  EXPECT_EQ(leaky, 6);  // one per account+region
  EXPECT_GE(clean, 6);
  EXPECT_GT(with_profile, 0);
}

}  // namespace
}  // namespace rolecall::emulator

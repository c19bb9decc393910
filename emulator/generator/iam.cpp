// The IAM side of a generated account: users with keys, roles (fitting and broken) and profiles.

#include <fmt/format.h>

#include "emulator/generator/internal.h"

namespace rolecall::emulator::gen {
namespace {

using nlohmann::json;

constexpr const char* kAdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess";
constexpr const char* kReadOnlyAccess = "arn:aws:iam::aws:policy/ReadOnlyAccess";
constexpr const char* kSsmCore = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

json document(json statements) { return json{{"Version", "2012-10-17"}, {"Statement", std::move(statements)}}; }

json trust_service(const char* service) {
  return document(
      json::array({{{"Effect", "Allow"}, {"Principal", {{"Service", service}}}, {"Action", "sts:AssumeRole"}}}));
}

json allow(json actions, json resources, const char* sid = nullptr) {
  json s = {{"Effect", "Allow"}, {"Action", std::move(actions)}, {"Resource", std::move(resources)}};
  if (sid != nullptr) s["Sid"] = sid;
  return s;
}

json key_json(const Credential& c, const char* status) {
  return json{{"id", c.id}, {"secret", c.secret}, {"status", status}};
}

// A number in [0, n) fixed by the key id (so by the seed) without drawing from the generator's
// streams, which would move every later id.
int from_key(const Credential& c, int n) {
  unsigned h = 0;
  for (char ch : c.id) h = h * 31 + static_cast<unsigned char>(ch);
  return static_cast<int>(h % static_cast<unsigned>(n));
}

// A key created `created_days_ago` days before the estate is served, last used `used_days_ago`
// days before it (negative: never used) calling `service` in `region`.
json key_json(const Credential& c, const char* status, int created_days_ago, int used_days_ago, const char* service,
              const std::string& region) {
  json k = key_json(c, status);
  k["created"] = {{"days_ago", created_days_ago}};
  if (used_days_ago >= 0) k["last_used"] = {{"days_ago", used_days_ago}, {"service", service}, {"region", region}};
  return k;
}

json role(std::string_view name, json trust, json attached, json inline_policies) {
  return json{{"name", name},
              {"path", "/"},
              {"trust_policy", std::move(trust)},
              {"attached_policy_arns", std::move(attached)},
              {"inline_policies", std::move(inline_policies)}};
}

json inline_policy(std::string_view name, json doc) { return json{{"name", name}, {"document", std::move(doc)}}; }

json profile(std::string_view name, json roles) {
  return json{{"name", name}, {"path", "/"}, {"roles", std::move(roles)}};
}

// What the auditor needs beyond ReadOnlyAccess to scan every account and run the remediation.
json auditor_policy() {
  return document(json::array(
      {allow({"ec2:*", "iam:PassRole", "iam:*InstanceProfile*", "iam:Get*", "iam:List*", "iam:SimulatePrincipalPolicy",
              "iam:UpdateAccessKey", "sts:AssumeRole", "sts:GetCallerIdentity", "sts:GetAccessKeyInfo",
              "organizations:Describe*", "organizations:List*", "autoscaling:DescribeAutoScalingGroups",
              "autoscaling:UpdateAutoScalingGroup", "securityhub:BatchImportFindings", "securityhub:GetFindings",
              "sqs:ReceiveMessage", "sqs:DeleteMessage"},
             "*", "ScanAndRemediate")}));
}

}  // namespace

void build_account_iam(json& account, Rng& rng, std::set<std::string>& used_keys, const std::string& management_account,
                       std::vector<Credential>& leakable) {
  const std::string id = account.at("id").get<std::string>();
  const std::string logs_policy_arn = fmt::format("arn:aws:iam::{}:policy/app-logs", id);

  // Users: the auditor first, because the emulator hands out the first user's key per account.
  Credential auditor = make_credential(rng, used_keys, false);
  Credential readonly = make_credential(rng, used_keys, false);
  Credential deploy_active = make_credential(rng, used_keys, false);
  Credential deploy_inactive = make_credential(rng, used_keys, false);
  leakable = {deploy_active, deploy_inactive};
  const std::string home = account.at("enabled_regions").at(0).get<std::string>();
  json users = json::array();
  users.push_back({{"name", "rolecall-auditor"},
                   {"access_keys", json::array({key_json(auditor, "Active", 400, 0, "sts", home)})},
                   {"attached_policy_arns", json::array({kReadOnlyAccess})},
                   {"inline_policies", json::array({inline_policy("rolecall-scan-and-remediate", auditor_policy())})}});
  users.push_back({{"name", "readonly-auditor"},
                   {"access_keys", json::array({key_json(readonly, "Active", 200, -1, "", home)})},
                   {"attached_policy_arns", json::array({kReadOnlyAccess})},
                   {"inline_policies", json::array()}});
  // The long-lived keys people bake into user data.
  users.push_back(
      {{"name", "legacy-deploy"},
       // The active key is still in use (within days); the inactive one was retired long ago.
       {"access_keys", json::array({key_json(deploy_active, "Active", 700 + from_key(deploy_active, 300),
                                             1 + from_key(deploy_active, 20), "s3", home),
                                    key_json(deploy_inactive, "Inactive", 1100 + from_key(deploy_inactive, 300),
                                             300 + from_key(deploy_inactive, 400), "s3", home)})},
       {"attached_policy_arns", json::array()},
       {"inline_policies",
        json::array({inline_policy(
            "artifacts", document(json::array({allow({"s3:GetObject", "s3:PutObject", "s3:ListBucket"},
                                                     {fmt::format("arn:aws:s3:::*-{}-artifacts", id),
                                                      fmt::format("arn:aws:s3:::*-{}-artifacts/*", id)})})))})}});
  account["users"] = std::move(users);

  account["managed_policies"] = json::array(
      {{{"name", "app-logs"},
        {"path", "/"},
        {"document", document(json::array({allow({"logs:CreateLogStream", "logs:PutLogEvents"},
                                                 fmt::format("arn:aws:logs:*:{}:log-group:/app/*", id))}))}}});

  json roles = json::array();
  json profiles = json::array();
  for (auto team : kTeams) {
    std::string name = fmt::format("app-{}", team);
    std::string bucket = fmt::format("arn:aws:s3:::{}-{}-artifacts/*", team, id);
    roles.push_back(
        role(name, trust_service("ec2.amazonaws.com"), json::array({kSsmCore, logs_policy_arn}),
             json::array({inline_policy("read-artifacts", document(json::array({allow("s3:GetObject", bucket)})))})));
    profiles.push_back(profile(name, json::array({name})));
  }
  roles.push_back(
      role(kAdminRoleName, trust_service("ec2.amazonaws.com"), json::array({kAdministratorAccess}), json::array()));
  roles.push_back(role(kStarRoleName, trust_service("ec2.amazonaws.com"), json::array({kSsmCore}),
                       json::array({inline_policy("everything", document(json::array({allow("*", "*")})))})));
  roles.push_back(role(
      kPassRoleRoleName, trust_service("ec2.amazonaws.com"), json::array({kSsmCore}),
      json::array({inline_policy(
          "launch-workers", document(json::array({allow(json::array({"ec2:RunInstances", "iam:PassRole"}), "*")})))})));
  roles.push_back(
      role(kWrongTrustRoleName, trust_service("lambda.amazonaws.com"), json::array(),
           json::array({inline_policy(
               "read-artifacts",
               document(json::array({allow("s3:GetObject", fmt::format("arn:aws:s3:::web-{}-artifacts/*", id))})))})));
  for (auto name : {kAdminRoleName, kStarRoleName, kPassRoleRoleName, kWrongTrustRoleName}) {
    profiles.push_back(profile(name, json::array({name})));
  }
  profiles.push_back(profile(kEmptyProfileName, json::array()));  // a profile that never got a role
  // kDeletedProfileName is deliberately absent: instances still reference it.

  if (!management_account.empty()) {
    json trust =
        document(json::array({{{"Effect", "Allow"},
                               {"Principal", {{"AWS", fmt::format("arn:aws:iam::{}:root", management_account)}}},
                               {"Action", "sts:AssumeRole"}}}));
    roles.push_back(
        role("OrganizationAccountAccessRole", std::move(trust), json::array({kAdministratorAccess}), json::array()));
  }
  account["roles"] = std::move(roles);
  account["instance_profiles"] = std::move(profiles);
}

}  // namespace rolecall::emulator::gen

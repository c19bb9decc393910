// remediate::narrow_user_policies, seen_actions_by_user and plan_user_role with --least-privilege:
// a user's statements cut to the actions its keys were seen calling, never beyond them.
#include "remediate/least_privilege.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "checks/policy_containment.h"
#include "remediate/user_roles.h"
#include "remediate_plan/user_roles_fixture.h"

namespace rolecall::remediate {
namespace {

using nlohmann::json;

constexpr const char* kLeastAcct = "222222222222";

const std::vector<std::string> kLeastDocs = {
    R"({"Version":"2012-10-17","Statement":[
      {"Sid":"Read","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::data/*"},
      {"Effect":"Allow","NotAction":["iam:*"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},
      {"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"aws:username":"deploy"}}},
      {"Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::data/keep/*"},
      {"Effect":"Deny","Action":"sns:*","Resource":"*"},
      {"Effect":"Deny","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]})",
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}]})",
};

std::vector<json> statements_of_doc(const std::string& text) { return json::parse(text)["Statement"]; }

TEST(LeastPrivilege, KeepsTheSeenActionsEachStatementAllowsWithItsOwnScope) {
  const std::set<std::string> seen = {"ec2:DescribeInstances", "iam:GetUser", "kms:Decrypt",    "s3:GetObject",
                                      "s3:ListBucket",         "sns:Publish", "sqs:SendMessage"};
  auto n = narrow_user_policies(kLeastDocs, seen);
  ASSERT_TRUE(n) << n.error().message;
  const auto s = statements_of_doc(n->document);
  ASSERT_EQ(s.size(), 6u) << n->document;
  // The wildcard statement keeps the seen S3 actions on its resource; the Sid is not carried.
  EXPECT_EQ(s[0], json::parse(R"({"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],)"
                              R"("Resource":"arn:aws:s3:::data/*"})"));
  // NotAction keeps what it does not exclude, with its Condition; not iam:GetUser, not sns:Publish (denied
  // everywhere), not sqs:SendMessage (the Deny about MFA, a question about the caller, denies it everywhere now).
  EXPECT_EQ(s[1], json::parse(R"({"Effect":"Allow","Action":["ec2:DescribeInstances","kms:Decrypt","s3:GetObject",)"
                              R"("s3:ListBucket"],"Resource":"*",)"
                              R"("Condition":{"Bool":{"aws:SecureTransport":"true"}}})"));
  // The ec2:* statement about aws:username is dropped; the second document's statement is kept as its own.
  EXPECT_EQ(s[2], json::parse(R"({"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::data/*"})"));
  // Denies as they are; the one about the caller (MFA) widened to every resource without its condition.
  EXPECT_EQ(s[3], json::parse(R"({"Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::data/keep/*"})"));
  EXPECT_EQ(s[4], json::parse(R"({"Effect":"Deny","Action":"sns:*","Resource":"*"})"));
  EXPECT_EQ(s[5], json::parse(R"({"Effect":"Deny","Action":"sqs:*","Resource":"*"})"));
  EXPECT_EQ(n->granted,
            (std::vector<std::string>{"ec2:DescribeInstances", "kms:Decrypt", "s3:GetObject", "s3:ListBucket"}));
  EXPECT_EQ(n->not_granted, (std::vector<std::string>{"iam:GetUser", "sns:Publish", "sqs:SendMessage"}));
  auto proof = checks::prove_policy_within(kLeastDocs, n->document);
  ASSERT_TRUE(proof);
  EXPECT_EQ(*proof, "") << n->document;
}

TEST(LeastPrivilege, TheCallerDependentDenyIsWidened) {
  auto n = narrow_user_policies(kLeastDocs, {"s3:GetObject"});
  ASSERT_TRUE(n);
  const auto s = statements_of_doc(n->document);
  EXPECT_EQ(s.back(), json::parse(R"({"Effect":"Deny","Action":"sqs:*","Resource":"*"})")) << n->document;
}

TEST(LeastPrivilege, NotResourceIsKeptAndAnUnversionedVariableIsNotCarried) {
  const std::vector<std::string> docs = {
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret/*"}]})",
      // Without the 2012 version "${aws:username}" is literal text: carried into a 2012 policy it would become a
      // variable.
      R"({"Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:*:*:${aws:username}"}]})",
  };
  auto n = narrow_user_policies(docs, {"s3:GetObject", "sqs:SendMessage"});
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(statements_of_doc(n->document),
            std::vector<json>{
                json::parse(R"({"Effect":"Allow","Action":["s3:GetObject"],"NotResource":"arn:aws:s3:::secret/*"})")});
  EXPECT_EQ(n->not_granted, std::vector<std::string>{"sqs:SendMessage"});
  auto proof = checks::prove_policy_within(docs, n->document);
  ASSERT_TRUE(proof);
  EXPECT_EQ(*proof, "");
}

TEST(LeastPrivilege, TheOutputIsDeterministic) {
  const std::set<std::string> seen = {"s3:ListBucket", "s3:GetObject"};
  auto a = narrow_user_policies(kLeastDocs, seen);
  auto b = narrow_user_policies(kLeastDocs, seen);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->document, b->document);
}

TEST(LeastPrivilege, MalformedPoliciesAreErrors) {
  auto n = narrow_user_policies({"[1,2"}, {"s3:GetObject"});
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().kind, ErrorKind::kParse);
}

TEST(LeastPrivilege, SeenActionsAreTheUsesOfTheUsersKeysFromAnywhere) {
  KeyEvidence evidence;
  evidence.collected = true;
  KeyUse a;
  a.key_id = "AKIAAAAAAAAAAAAAAAA1";
  a.events = 3;
  a.actions = {"s3:GetObject"};
  KeyUse elsewhere = a;  // the same key from outside the estate: still the workload's usage
  elsewhere.source_ip = "203.0.113.9";
  elsewhere.events = 1;
  elsewhere.actions = {"ec2:DescribeInstances"};
  elsewhere.unknown_actions = {"unknown.example.amazonaws.com DoThing"};
  KeyUse stranger;
  stranger.key_id = "AKIASTRANGERSTRANGER";
  stranger.events = 5;
  stranger.actions = {"iam:CreateUser"};
  evidence.uses = {a, elsewhere, stranger};
  std::map<std::string, std::vector<InstanceKey>> keys = {
      {"i-1", {{"AKIAAAAAAAAAAAAAAAA1", "AKIA…AAA1", kLeastAcct, "deploy", "user data"}}},
      {"i-2", {{"AKIABBBBBBBBBBBBBBB2", "AKIA…BBB2", kLeastAcct, "idle", "user data"}}}};
  const std::pair<std::string, std::string> deploy_key{kLeastAcct, "deploy"};
  const std::pair<std::string, std::string> idle_key{kLeastAcct, "idle"};
  auto seen = seen_actions_by_user(evidence, keys);
  ASSERT_EQ(seen.size(), 2u);
  const SeenActions& deploy = seen[deploy_key];
  EXPECT_EQ(deploy.actions, (std::set<std::string>{"ec2:DescribeInstances", "s3:GetObject"}));
  EXPECT_EQ(deploy.events, 4u);
  EXPECT_EQ(deploy.unknown, std::set<std::string>{"unknown.example.amazonaws.com DoThing"});
  EXPECT_EQ(deploy.incomplete, "");
  EXPECT_TRUE(seen[idle_key].actions.empty());

  evidence.failed_keys = {"AKIABBBBBBBBBBBBBBB2"};
  seen = seen_actions_by_user(evidence, keys);
  EXPECT_EQ(seen[deploy_key].incomplete, "");
  EXPECT_NE(seen[idle_key].incomplete.find("AKIA"), std::string::npos);
  EXPECT_EQ(seen[idle_key].incomplete.find("AKIABBBBBBBBBBBBBBB2"), std::string::npos) << "redacted";

  evidence.source = EvidenceSource::kTrailFiles;
  evidence.failed_files = 2;
  evidence.trail_dir = "/logs";
  seen = seen_actions_by_user(evidence, keys);
  EXPECT_NE(seen[deploy_key].incomplete.find("2 trail log file(s) under /logs"), std::string::npos);
  evidence = KeyEvidence{};
  seen = seen_actions_by_user(evidence, keys);
  EXPECT_NE(seen[deploy_key].incomplete, "");
}

AccountInventory least_account() { return testing::iam_read_account(kLeastAcct); }

UserDirectory least_directory() {
  UserDirectory d;
  IamUser deploy;
  deploy.name = "deploy";
  deploy.groups = {"ops"};
  deploy.attached_policy_arns = {"arn:aws:iam::aws:policy/ReadOnlyAccess"};
  deploy.inline_policies = {{"extra", kLeastDocs[1]}};
  d.users["deploy"] = deploy;
  IamGroup ops;
  ops.name = "ops";
  ops.inline_policies = {{"queue", R"({"Version":"2012-10-17","Statement":[)"
                                   R"({"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]})"}};
  d.groups["ops"] = ops;
  IamUser admin;
  admin.name = "root-ish";
  admin.attached_policy_arns = {"arn:aws:iam::aws:policy/AdministratorAccess"};
  d.users["root-ish"] = admin;
  d.policies["arn:aws:iam::aws:policy/ReadOnlyAccess"] = {
      "arn:aws:iam::aws:policy/ReadOnlyAccess", "ReadOnlyAccess", "v1",
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*","s3:Get*"],"Resource":"*"}]})"};
  d.policies["arn:aws:iam::aws:policy/AdministratorAccess"] = {
      "arn:aws:iam::aws:policy/AdministratorAccess", "AdministratorAccess", "v1",
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"};
  return d;
}

TEST(LeastPrivilegeRole, OneInlinePolicyOfTheSeenActions) {
  SeenActions seen;
  seen.actions = {"ec2:DescribeInstances", "iam:CreateUser", "sqs:SendMessage"};
  seen.events = 9;
  UserRolePlan p = plan_user_role(least_account(), least_directory(), "deploy", &seen);
  ASSERT_EQ(p.target.blocked_reason, "");
  ASSERT_TRUE(p.create_role);
  const RoleToCreate& r = *p.create_role;
  EXPECT_TRUE(r.least_privilege);
  EXPECT_TRUE(r.managed_policy_arns.empty()) << "the managed policies' statements are cut into the inline policy";
  ASSERT_EQ(r.inline_policies.size(), 1u);
  EXPECT_EQ(r.inline_policies[0].name, kLeastPrivilegePolicyName);
  EXPECT_EQ(r.actions_granted, (std::vector<std::string>{"ec2:DescribeInstances", "sqs:SendMessage"}));
  EXPECT_EQ(r.actions_not_granted, std::vector<std::string>{"iam:CreateUser"});
  EXPECT_EQ(r.inline_policies[0].document.find("ec2:Describe*"), std::string::npos) << r.inline_policies[0].document;
  // A call whose action is not known is listed, never granted.
  seen.unknown = {"unknown.example.amazonaws.com DoThing"};
  p = plan_user_role(least_account(), least_directory(), "deploy", &seen);
  ASSERT_TRUE(p.create_role) << p.target.blocked_reason;
  EXPECT_EQ(p.create_role->actions_not_granted,
            (std::vector<std::string>{"iam:CreateUser", "unknown.example.amazonaws.com DoThing (action not known)"}));
  EXPECT_EQ(p.create_role->inline_policies[0].document.find("DoThing"), std::string::npos);
}

TEST(LeastPrivilegeRole, NoEvidenceBlocks) {
  SeenActions none;
  UserRolePlan p = plan_user_role(least_account(), least_directory(), "deploy", &none);
  EXPECT_FALSE(p.create_role);
  EXPECT_NE(p.target.blocked_reason.find("no CloudTrail event"), std::string::npos) << p.target.blocked_reason;
  SeenActions partial;
  partial.actions = {"s3:GetObject"};
  partial.incomplete = "the lookups failed";
  p = plan_user_role(least_account(), least_directory(), "deploy", &partial);
  EXPECT_FALSE(p.create_role);
  EXPECT_NE(p.target.blocked_reason.find("the lookups failed"), std::string::npos) << p.target.blocked_reason;
}

TEST(LeastPrivilegeRole, NothingGrantedBlocks) {
  SeenActions seen;
  seen.actions = {"iam:CreateUser"};
  UserRolePlan p = plan_user_role(least_account(), least_directory(), "deploy", &seen);
  EXPECT_FALSE(p.create_role);
  EXPECT_NE(p.target.blocked_reason.find("none of the 1 actions"), std::string::npos) << p.target.blocked_reason;
}

TEST(LeastPrivilegeRole, AnAdminUsersRoleIsOnlyWhatItsKeysDid) {
  SeenActions reads;
  reads.actions = {"s3:GetObject"};
  UserRolePlan p = plan_user_role(least_account(), least_directory(), "root-ish", &reads);
  ASSERT_EQ(p.target.blocked_reason, "");
  ASSERT_TRUE(p.create_role);
  EXPECT_EQ(p.create_role->actions_granted, std::vector<std::string>{"s3:GetObject"});
  // Without --least-privilege the same user is blocked as admin-level.
  EXPECT_NE(plan_user_role(least_account(), least_directory(), "root-ish").target.blocked_reason.find("admin-level"),
            std::string::npos);
  // Seen escalating: the narrowed policy is admin-level itself, and the proof says so.
  SeenActions escalates;
  escalates.actions = {"iam:PassRole", "s3:GetObject"};
  p = plan_user_role(least_account(), least_directory(), "root-ish", &escalates);
  EXPECT_FALSE(p.create_role);
  EXPECT_NE(p.target.blocked_reason.find("admin-level"), std::string::npos) << p.target.blocked_reason;
}

}  // namespace
}  // namespace rolecall::remediate

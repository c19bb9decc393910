#include "aws/ops/iam_simulate.h"

#include <gtest/gtest.h>

#include "support/fake_aws_caller.h"
#include "support/files.h"

namespace rolecall::aws::iam {
namespace {

using testing::aws_fixture;
using testing::FakeAwsCaller;
using testing::param;
using testing::replace_once;

SimulatePrincipalPolicyRequest operator_request() {
  SimulatePrincipalPolicyRequest request;
  request.policy_source_arn = "arn:aws:iam::123456789012:role/rolecall-operator";
  request.action_names = {"ec2:AssociateIamInstanceProfile", "iam:PassRole", "ec2:DisassociateIamInstanceProfile"};
  request.resource_arns = {"*", "arn:aws:iam::123456789012:role/app/web"};
  return request;
}

TEST(SimulatePrincipalPolicy, RequestShape) {
  SimulatePrincipalPolicyRequest request = operator_request();
  request.max_items = 2;
  const ServiceCall call = simulate_principal_policy_call(request);
  EXPECT_EQ(call.action, "SimulatePrincipalPolicy");
  EXPECT_EQ(call.api_class, ApiClass::kRead);
  EXPECT_EQ(param(call, "PolicySourceArn"), "arn:aws:iam::123456789012:role/rolecall-operator");
  EXPECT_EQ(param(call, "ActionNames.member.1"), "ec2:AssociateIamInstanceProfile");
  EXPECT_EQ(param(call, "ActionNames.member.3"), "ec2:DisassociateIamInstanceProfile");
  EXPECT_EQ(param(call, "ResourceArns.member.2"), "arn:aws:iam::123456789012:role/app/web");
  EXPECT_EQ(param(call, "MaxItems"), "2");
}

TEST(SimulatePrincipalPolicy, ContextEntriesCarryConditionKeys) {
  SimulatePrincipalPolicyRequest request = operator_request();
  request.context_entries = {{"iam:PassedToService", "string", {"ec2.amazonaws.com"}},
                             {"aws:RequestedRegion", "stringList", {"us-east-1", "eu-west-1"}}};
  const ServiceCall call = simulate_principal_policy_call(request);
  EXPECT_EQ(param(call, "ContextEntries.member.1.ContextKeyName"), "iam:PassedToService");
  EXPECT_EQ(param(call, "ContextEntries.member.1.ContextKeyType"), "string");
  EXPECT_EQ(param(call, "ContextEntries.member.1.ContextKeyValues.member.1"), "ec2.amazonaws.com");
  EXPECT_EQ(param(call, "ContextEntries.member.2.ContextKeyType"), "stringList");
  EXPECT_EQ(param(call, "ContextEntries.member.2.ContextKeyValues.member.2"), "eu-west-1");
}

TEST(SimulatePrincipalPolicy, ParsesDecisionsStatementsAndPositions) {
  auto page = parse_simulate_principal_policy(aws_fixture("iam/simulate_principal_policy_page1.xml"));
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->results.size(), 2u);
  const EvaluationResult& allowed = page->results[0];
  EXPECT_EQ(allowed.action, "ec2:AssociateIamInstanceProfile");
  EXPECT_EQ(allowed.resource, "*");
  EXPECT_EQ(allowed.decision, EvalDecision::kAllowed);
  ASSERT_EQ(allowed.matched_statements.size(), 1u);
  EXPECT_EQ(allowed.matched_statements[0].source_policy_id, "rolecall-operator");
  EXPECT_EQ(allowed.matched_statements[0].source_policy_type, "role");
  EXPECT_EQ(allowed.matched_statements[0].start.line, 1);
  EXPECT_EQ(allowed.matched_statements[0].start.column, 42);
  EXPECT_EQ(allowed.matched_statements[0].end.column, 170);

  const EvaluationResult& denied = page->results[1];
  EXPECT_EQ(denied.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(denied.resource, "arn:aws:iam::123456789012:role/app/web");
  ASSERT_EQ(denied.matched_statements.size(), 2u);
  EXPECT_EQ(denied.matched_statements[0].source_policy_id, "deny-passrole");
  EXPECT_EQ(denied.matched_statements[0].start.line, 3);
  EXPECT_EQ(denied.matched_statements[0].end.line, 9);
  EXPECT_EQ(denied.missing_context_values, std::vector<std::string>{"aws:SourceIp"});
  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->marker, "c2ltdWxhdGUtcGFnZS0y");
  EXPECT_STREQ(to_string(denied.decision), "explicitDeny");
}

TEST(SimulatePrincipalPolicy, AllPagesFollowMarker) {
  FakeAwsCaller caller;
  caller.reply(aws_fixture("iam/simulate_principal_policy_page1.xml"));
  caller.reply(aws_fixture("iam/simulate_principal_policy_page2.xml"));
  auto all = testing::run<SimulatePrincipalPolicyResponse>(
      [&](auto done) { simulate_principal_policy_all(caller, operator_request(), done); });
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->results.size(), 3u);
  EXPECT_EQ(all->results[2].decision, EvalDecision::kImplicitDeny);
  EXPECT_TRUE(all->results[2].matched_statements.empty());
  ASSERT_EQ(caller.calls.size(), 2u);
  EXPECT_EQ(param(caller.calls[1], "Marker"), "c2ltdWxhdGUtcGFnZS0y");
  EXPECT_EQ(param(caller.calls[1], "ActionNames.member.2"), "iam:PassRole");
}

TEST(SimulatePrincipalPolicy, UnknownDecisionIsAnErrorNotAGuess) {
  auto page = parse_simulate_principal_policy(
      replace_once(aws_fixture("iam/simulate_principal_policy_page2.xml"), "implicitDeny", "maybe"));
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().kind, ErrorKind::kParse);
  EXPECT_NE(page.error().message.find("EvaluationResults/member[1]/EvalDecision"), std::string::npos)
      << page.error().message;
}

TEST(SimulatePrincipalPolicy, NonNumericPositionIsAnError) {
  auto page = parse_simulate_principal_policy(
      replace_once(aws_fixture("iam/simulate_principal_policy_page1.xml"), "<Line>3</Line>", "<Line>three</Line>"));
  ASSERT_FALSE(page);
  EXPECT_NE(page.error().message.find("MatchedStatements/member[1]/StartPosition/Line"), std::string::npos)
      << page.error().message;
}

TEST(SimulatePrincipalPolicy, AccessDeniedAndRejections) {
  FakeAwsCaller caller;
  caller.reply_query_error(403, aws_fixture("iam/error_access_denied.xml"));
  auto denied = testing::run<SimulatePrincipalPolicyResponse>(
      [&](auto done) { simulate_principal_policy(caller, operator_request(), done); });
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().kind, ErrorKind::kAccessDenied);
  EXPECT_NE(denied.error().message.find("iam:SimulatePrincipalPolicy"), std::string::npos);

  SimulatePrincipalPolicyRequest no_actions = operator_request();
  no_actions.action_names.clear();
  auto rejected = testing::run<SimulatePrincipalPolicyResponse>(
      [&](auto done) { simulate_principal_policy_all(caller, no_actions, done); });
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(caller.calls.size(), 1u);
}

}  // namespace
}  // namespace rolecall::aws::iam

#include "aws/ops/iam_account_aliases.h"

#include <gtest/gtest.h>

#include "support/fake_aws_caller.h"

namespace rolecall::aws::iam {
namespace {

// The response shape of https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccountAliases.html.
constexpr const char* kBody = R"(<ListAccountAliasesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <ListAccountAliasesResult>
    <IsTruncated>false</IsTruncated>
    <AccountAliases><member>example-prod</member></AccountAliases>
  </ListAccountAliasesResult>
  <ResponseMetadata><RequestId>c5a076e9-f1b0-11df-8fbe-45274EXAMPLE</RequestId></ResponseMetadata>
</ListAccountAliasesResponse>)";

TEST(ListAccountAliases, RequestAndParse) {
  const ServiceCall call = list_account_aliases_call();
  EXPECT_EQ(call.action, "ListAccountAliases");
  EXPECT_EQ(call.api_class, ApiClass::kRead);
  auto parsed = parse_list_account_aliases(kBody);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->alias, "example-prod");

  auto none = parse_list_account_aliases(
      "<ListAccountAliasesResponse><ListAccountAliasesResult><IsTruncated>false</IsTruncated><AccountAliases/>"
      "</ListAccountAliasesResult></ListAccountAliasesResponse>");
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_TRUE(none->alias.empty());
}

TEST(ListAccountAliases, DeniedIsAnError) {
  testing::FakeAwsCaller caller;
  caller.reply_query_error(403, R"(<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>
<Message>not authorized to perform iam:ListAccountAliases</Message></Error></ErrorResponse>)");
  auto denied = testing::run<ListAccountAliasesResponse>([&](auto done) { list_account_aliases(caller, done); });
  ASSERT_FALSE(denied);
  EXPECT_NE(denied.error().message.find("iam:ListAccountAliases"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::aws::iam

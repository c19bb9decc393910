#include "aws/ops/iam_authorization_details.h"

#include <gtest/gtest.h>

#include "support/fake_aws_caller.h"
#include "support/files.h"

namespace rolecall::aws::iam {
namespace {

using testing::aws_fixture;
using testing::FakeAwsCaller;
using testing::param;
using testing::replace_once;
using Response = GetAccountAuthorizationDetailsResponse;

const std::string kPage1 = "iam/get_account_authorization_details_page1.xml";
const std::string kPage2 = "iam/get_account_authorization_details_page2.xml";

const InstanceProfile* find_profile(const Response& r, const std::string& name) {
  for (const auto& p : r.profiles) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

TEST(GetAccountAuthorizationDetails, RequestShape) {
  GetAccountAuthorizationDetailsRequest request;
  request.max_items = 250;
  request.marker = "abc/+=";
  const ServiceCall call = get_account_authorization_details_call(request);
  EXPECT_EQ(call.service, "iam");
  EXPECT_EQ(call.protocol, Protocol::kQuery);
  EXPECT_EQ(call.action, "GetAccountAuthorizationDetails");
  EXPECT_EQ(call.api_version, "2010-05-08");
  EXPECT_EQ(call.api_class, ApiClass::kRead);
  EXPECT_EQ(param(call, "Filter.member.1"), "Role");
  EXPECT_EQ(param(call, "Filter.member.2"), "LocalManagedPolicy");
  EXPECT_EQ(param(call, "Filter.member.3"), "AWSManagedPolicy");
  EXPECT_EQ(param(call, "Filter.member.4"), std::nullopt);
  EXPECT_EQ(param(call, "MaxItems"), "250");
  EXPECT_EQ(param(call, "Marker"), "abc/+=");
}

TEST(GetAccountAuthorizationDetails, FirstPageOmitsMarkerAndMaxItems) {
  const ServiceCall call = get_account_authorization_details_call({});
  EXPECT_EQ(param(call, "Marker"), std::nullopt);
  EXPECT_EQ(param(call, "MaxItems"), std::nullopt);
}

TEST(GetAccountAuthorizationDetails, ParsesRolesWithInlineAttachedBoundaryAndProfiles) {
  auto page = parse_get_account_authorization_details(aws_fixture(kPage1));
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->roles.size(), 2u);

  const Role& web = page->roles[0];
  EXPECT_EQ(web.arn, "arn:aws:iam::123456789012:role/app/web");
  EXPECT_EQ(web.name, "web");
  EXPECT_EQ(web.role_id, "AROAWEB0000000000001");
  EXPECT_EQ(web.path, "/app/");
  // The URL-encoded, pretty-printed trust policy decodes back to the exact original text.
  EXPECT_EQ(web.trust_policy, aws_fixture("iam/decoded_ec2_trust_pretty.json"));
  ASSERT_EQ(web.inline_policies.size(), 1u);
  EXPECT_EQ(web.inline_policies[0].name, "s3-read");
  EXPECT_EQ(web.inline_policies[0].document,
            R"({"Version":"2012-10-17","Statement":[{"Sid":"ReadAppBucket","Effect":"Allow",)"
            R"("Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::app-bucket",)"
            R"("arn:aws:s3:::app-bucket/*"]}]})");
  EXPECT_EQ(web.attached_policy_arns, (std::vector<std::string>{"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
                                                                "arn:aws:iam::123456789012:policy/app-logs"}));
  EXPECT_EQ(web.permissions_boundary_arn, "arn:aws:iam::123456789012:policy/ec2-boundary");

  const Role& admin = page->roles[1];
  EXPECT_EQ(admin.name, "admin-ec2");
  EXPECT_TRUE(admin.inline_policies.empty());
  EXPECT_EQ(admin.attached_policy_arns, std::vector<std::string>{"arn:aws:iam::aws:policy/AdministratorAccess"});
  EXPECT_EQ(admin.permissions_boundary_arn, "");
  EXPECT_NE(admin.trust_policy.find(R"("Service":"ec2.amazonaws.com")"), std::string::npos);

  ASSERT_EQ(page->profiles.size(), 2u);
  const InstanceProfile* web_profile = find_profile(*page, "web-profile");
  ASSERT_NE(web_profile, nullptr);
  EXPECT_EQ(web_profile->arn, "arn:aws:iam::123456789012:instance-profile/app/web-profile");
  EXPECT_EQ(web_profile->id, "AIPAWEB0000000000001");
  EXPECT_EQ(web_profile->path, "/app/");
  EXPECT_EQ(web_profile->role_arns, std::vector<std::string>{web.arn});
  ASSERT_NE(find_profile(*page, "admin-profile"), nullptr);
  EXPECT_EQ(find_profile(*page, "admin-profile")->role_arns, std::vector<std::string>{admin.arn});

  ASSERT_EQ(page->policies.size(), 1u);
  const ManagedPolicy& logs = page->policies[0];
  EXPECT_EQ(logs.arn, "arn:aws:iam::123456789012:policy/app-logs");
  EXPECT_EQ(logs.name, "app-logs");
  EXPECT_EQ(logs.default_version_id, "v2");
  // The default version (v2, listed first) is kept, not the older v1.
  EXPECT_NE(logs.document.find("logs:CreateLogStream"), std::string::npos);
  EXPECT_NE(logs.document.find("arn:aws:logs:*:123456789012:log-group:/app/*"), std::string::npos);

  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->marker, "AAEAAW1hcmtlci8xKz0=");
}

TEST(GetAccountAuthorizationDetails, ParsesLastPageWithRoleWithoutProfiles) {
  auto page = parse_get_account_authorization_details(aws_fixture(kPage2));
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->roles.size(), 1u);
  EXPECT_EQ(page->roles[0].name, "lambda-exec");
  EXPECT_EQ(page->roles[0].path, "/service-role/");
  EXPECT_TRUE(page->profiles.empty());
  ASSERT_EQ(page->policies.size(), 2u);
  EXPECT_EQ(page->policies[0].arn, "arn:aws:iam::aws:policy/AdministratorAccess");
  EXPECT_EQ(page->policies[0].document,
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})");
  EXPECT_FALSE(page->is_truncated);
  EXPECT_EQ(page->marker, "");
}

TEST(GetAccountAuthorizationDetails, ProfileListedUnderItsRoleEvenWhenRolesLags) {
  // Eventual consistency: the profile's own Roles list may not show the role yet.
  std::string body = aws_fixture(kPage2);
  body = replace_once(body, "<InstanceProfileList/>",
                      "<InstanceProfileList><member><InstanceProfileName>late</InstanceProfileName>"
                      "<Arn>arn:aws:iam::123456789012:instance-profile/late</Arn><Roles/></member>"
                      "</InstanceProfileList>");
  auto page = parse_get_account_authorization_details(body);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->profiles.size(), 1u);
  EXPECT_EQ(page->profiles[0].role_arns,
            std::vector<std::string>{"arn:aws:iam::123456789012:role/service-role/lambda-exec"});
}

TEST(GetAccountAuthorizationDetails, SinglePageOpSendsCallAndParses) {
  FakeAwsCaller caller;
  caller.reply(aws_fixture(kPage1));
  auto result = testing::run<Response>([&](auto done) { get_account_authorization_details(caller, {}, done); });
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->roles.size(), 2u);
  ASSERT_EQ(caller.calls.size(), 1u);
  EXPECT_EQ(caller.calls[0].action, "GetAccountAuthorizationDetails");
}

TEST(GetAccountAuthorizationDetails, AllPagesFollowsMarkerAndMerges) {
  FakeAwsCaller caller;
  caller.reply(aws_fixture(kPage1));
  caller.reply(aws_fixture(kPage2));
  GetAccountAuthorizationDetailsRequest request;
  request.max_items = 2;
  auto all = testing::run<Response>([&](auto done) { get_account_authorization_details_all(caller, request, done); });
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(caller.calls.size(), 2u);
  EXPECT_EQ(param(caller.calls[0], "Marker"), std::nullopt);
  EXPECT_EQ(param(caller.calls[1], "Marker"), "AAEAAW1hcmtlci8xKz0=");
  EXPECT_EQ(param(caller.calls[1], "MaxItems"), "2");
  EXPECT_EQ(param(caller.calls[1], "Filter.member.1"), "Role");
  ASSERT_EQ(all->roles.size(), 3u);
  EXPECT_EQ(all->roles[2].name, "lambda-exec");
  EXPECT_EQ(all->profiles.size(), 2u);
  EXPECT_EQ(all->policies.size(), 3u);
  EXPECT_FALSE(all->is_truncated);
  EXPECT_EQ(all->marker, "");
}

TEST(GetAccountAuthorizationDetails, MergeKeepsOneProfilePerArn) {
  auto a = parse_get_account_authorization_details(aws_fixture(kPage1));
  auto b = parse_get_account_authorization_details(aws_fixture(kPage1));
  ASSERT_TRUE(a && b);
  merge_authorization_details(*a, std::move(*b));
  EXPECT_EQ(a->roles.size(), 4u);
  ASSERT_EQ(a->profiles.size(), 2u);
  EXPECT_EQ(a->profiles[0].role_arns.size(), 1u);
}

TEST(GetAccountAuthorizationDetails, ErrorOnSecondPageFailsTheSweep) {
  FakeAwsCaller caller;
  caller.reply(aws_fixture(kPage1));
  caller.reply_query_error(403, aws_fixture("iam/error_access_denied.xml"));
  auto all = testing::run<Response>([&](auto done) { get_account_authorization_details_all(caller, {}, done); });
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error().kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(all.error().code, "AccessDenied");
  EXPECT_EQ(all.error().http_status, 403);
  EXPECT_EQ(all.error().request_id, "4c1c6b3e-1f2a-11e5-8a7c-EXAMPLE");
  EXPECT_NE(all.error().message.find("GetAccountAuthorizationDetails page 2"), std::string::npos)
      << all.error().message;
}

TEST(GetAccountAuthorizationDetails, ThrottlingPassesThroughWithOperationName) {
  FakeAwsCaller caller;
  caller.reply_query_error(400, aws_fixture("iam/error_throttling.xml"));
  auto result = testing::run<Response>([&](auto done) { get_account_authorization_details(caller, {}, done); });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kThrottled);
  EXPECT_EQ(result.error().code, "Throttling");
  EXPECT_EQ(result.error().message.rfind("iam:GetAccountAuthorizationDetails: ", 0), 0u) << result.error().message;
}

TEST(GetAccountAuthorizationDetails, RepeatedMarkerStopsInsteadOfLooping) {
  FakeAwsCaller caller;
  for (int i = 0; i < 3; ++i) caller.reply(aws_fixture(kPage1));
  auto all = testing::run<Response>([&](auto done) { get_account_authorization_details_all(caller, {}, done); });
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error().kind, ErrorKind::kParse);
  EXPECT_EQ(caller.calls.size(), 2u);
}

TEST(GetAccountAuthorizationDetails, TruncatedBodyIsAParseErrorNamingTheOperation) {
  const std::string body = aws_fixture(kPage1);
  for (std::size_t cut : {std::size_t{0}, std::size_t{10}, body.size() / 3, body.size() / 2, body.size() - 40}) {
    auto page = parse_get_account_authorization_details(body.substr(0, cut));
    ASSERT_FALSE(page) << "cut at " << cut;
    EXPECT_EQ(page.error().kind, ErrorKind::kParse);
    EXPECT_NE(page.error().message.find("iam:GetAccountAuthorizationDetails"), std::string::npos)
        << page.error().message;
  }
}

TEST(GetAccountAuthorizationDetails, WrongDocumentIsRejected) {
  auto error_body = parse_get_account_authorization_details(aws_fixture("iam/error_access_denied.xml"));
  ASSERT_FALSE(error_body);
  EXPECT_EQ(error_body.error().kind, ErrorKind::kParse);
  EXPECT_NE(error_body.error().message.find("ErrorResponse"), std::string::npos);

  auto no_result = parse_get_account_authorization_details(
      "<GetAccountAuthorizationDetailsResponse><ResponseMetadata/></GetAccountAuthorizationDetailsResponse>");
  ASSERT_FALSE(no_result);
  EXPECT_NE(no_result.error().message.find("GetAccountAuthorizationDetailsResult"), std::string::npos);

  auto json = parse_get_account_authorization_details(R"({"RoleDetailList":[]})");
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().kind, ErrorKind::kParse);
}

TEST(GetAccountAuthorizationDetails, MissingRequiredFieldNamesTheElement) {
  std::string body = replace_once(aws_fixture(kPage1), "<RoleName>admin-ec2</RoleName>", "");
  auto page = parse_get_account_authorization_details(body);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().kind, ErrorKind::kParse);
  EXPECT_NE(page.error().message.find("RoleDetailList/member[2]/RoleName"), std::string::npos) << page.error().message;
}

TEST(GetAccountAuthorizationDetails, BadPercentEscapeInDocumentNamesTheElement) {
  std::string body = replace_once(aws_fixture(kPage1), "<PolicyDocument>%7B", "<PolicyDocument>%Z7B");
  auto page = parse_get_account_authorization_details(body);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().kind, ErrorKind::kParse);
  EXPECT_NE(page.error().message.find("RolePolicyList/member[1]/PolicyDocument"), std::string::npos)
      << page.error().message;
  EXPECT_NE(page.error().message.find("iam:GetAccountAuthorizationDetails"), std::string::npos);
}

TEST(GetAccountAuthorizationDetails, ParsesUsersAndGroupsWithTheirPolicies) {
  std::string body =
      replace_once(aws_fixture(kPage2), "<UserDetailList/>",
                   "<UserDetailList><member><Path>/ops/</Path><UserName>deploy</UserName><UserId>AIDADEPLOY</UserId>"
                   "<Arn>arn:aws:iam::123456789012:user/ops/deploy</Arn><GroupList><member>builders</member>"
                   "<member>readers</member></GroupList><UserPolicyList><member><PolicyName>put</PolicyName>"
                   "<PolicyDocument>%7B%22Statement%22%3A%5B%5D%7D</PolicyDocument></member></UserPolicyList>"
                   "<AttachedManagedPolicies><member><PolicyName>app-logs</PolicyName>"
                   "<PolicyArn>arn:aws:iam::123456789012:policy/app-logs</PolicyArn></member></AttachedManagedPolicies>"
                   "<PermissionsBoundary><PermissionsBoundaryType>Policy</PermissionsBoundaryType>"
                   "<PermissionsBoundaryArn>arn:aws:iam::123456789012:policy/boundary</PermissionsBoundaryArn>"
                   "</PermissionsBoundary></member></UserDetailList>");
  body = replace_once(body, "<GroupDetailList/>",
                      "<GroupDetailList><member><GroupName>builders</GroupName><GroupId>AGPAB</GroupId>"
                      "<Arn>arn:aws:iam::123456789012:group/builders</Arn><GroupPolicyList><member>"
                      "<PolicyName>ecr</PolicyName><PolicyDocument>%7B%7D</PolicyDocument></member>"
                      "</GroupPolicyList><AttachedManagedPolicies><member><PolicyName>ReadOnlyAccess</PolicyName>"
                      "<PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn></member>"
                      "</AttachedManagedPolicies></member></GroupDetailList>");
  auto page = parse_get_account_authorization_details(body);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->users.size(), 1u);
  const IamUser& user = page->users[0];
  EXPECT_EQ(user.name, "deploy");
  EXPECT_EQ(user.arn, "arn:aws:iam::123456789012:user/ops/deploy");
  EXPECT_EQ(user.path, "/ops/");
  EXPECT_EQ(user.groups, (std::vector<std::string>{"builders", "readers"}));
  ASSERT_EQ(user.inline_policies.size(), 1u);
  EXPECT_EQ(user.inline_policies[0].name, "put");
  EXPECT_EQ(user.inline_policies[0].document, R"({"Statement":[]})");
  EXPECT_EQ(user.attached_policy_arns, std::vector<std::string>{"arn:aws:iam::123456789012:policy/app-logs"});
  EXPECT_EQ(user.permissions_boundary_arn, "arn:aws:iam::123456789012:policy/boundary");
  ASSERT_EQ(page->groups.size(), 1u);
  EXPECT_EQ(page->groups[0].name, "builders");
  ASSERT_EQ(page->groups[0].inline_policies.size(), 1u);
  EXPECT_EQ(page->groups[0].inline_policies[0].name, "ecr");
  EXPECT_EQ(page->groups[0].inline_policies[0].document, "{}");
  EXPECT_EQ(page->groups[0].attached_policy_arns, std::vector<std::string>{"arn:aws:iam::aws:policy/ReadOnlyAccess"});
  EXPECT_EQ(page->roles.size(), 1u);  // roles still read alongside
}

TEST(GetAccountAuthorizationDetails, UserWithoutNameIsAnErrorNamingTheElement) {
  std::string body = replace_once(aws_fixture(kPage2), "<UserDetailList/>",
                                  "<UserDetailList><member><Arn>arn:aws:iam::1:user/x</Arn></member></UserDetailList>");
  auto page = parse_get_account_authorization_details(body);
  ASSERT_FALSE(page);
  EXPECT_NE(page.error().message.find("UserDetailList/member[1]"), std::string::npos) << page.error().message;
}

TEST(GetAccountAuthorizationDetails, TruncatedWithoutMarkerIsAnError) {
  std::string body = replace_once(aws_fixture(kPage1), "<Marker>AAEAAW1hcmtlci8xKz0=</Marker>", "");
  auto page = parse_get_account_authorization_details(body);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().kind, ErrorKind::kParse);
  EXPECT_NE(page.error().message.find("Marker"), std::string::npos);
}

}  // namespace
}  // namespace rolecall::aws::iam

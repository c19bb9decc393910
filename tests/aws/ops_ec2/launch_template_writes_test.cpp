// The launch template writes remediation uses on an Auto Scaling group's template:
// CreateLaunchTemplateVersion and ModifyLaunchTemplate, parsed from recorded bodies and sent over
// a scripted AwsCaller.

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "aws/ops/ec2_launch_template_writes.h"
#include "support/fake_aws_caller.h"
#include "support/files.h"
#include "support/op_outcome.h"

namespace rolecall::aws::ec2 {
namespace {

using rolecall::testing::aws_fixture;
using rolecall::testing::Delivery;
using rolecall::testing::FakeAwsCaller;
using rolecall::testing::replace_once;

template <typename T>
using WriteOutcome = rolecall::testing::OpOutcome<T>;

TEST(LaunchTemplateWrites, ParseTheNewVersionAndTheNewDefault) {
  auto created = parse_create_launch_template_version(aws_fixture("ec2/create_launch_template_version.xml"));
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->template_id, "lt-0b97f1e282EXAMPLE");
  EXPECT_EQ(created->version_number, 4);
  EXPECT_EQ(created->request_id, "6657423a-2616-461a-9ce5-3c65example");
  auto modified = parse_modify_launch_template(aws_fixture("ec2/modify_launch_template.xml"));
  ASSERT_TRUE(modified) << modified.error().message;
  EXPECT_EQ(modified->default_version, 4);
  EXPECT_EQ(modified->latest_version, 4);

  auto no_number = parse_create_launch_template_version(
      replace_once(aws_fixture("ec2/create_launch_template_version.xml"), "<versionNumber>4</versionNumber>", ""));
  ASSERT_FALSE(no_number);
  EXPECT_EQ(no_number.error().kind, ErrorKind::kParse);
  EXPECT_NE(no_number.error().message.find("versionNumber"), std::string::npos);
  auto bad_default = parse_modify_launch_template(replace_once(
      aws_fixture("ec2/modify_launch_template.xml"), "<defaultVersionNumber>4<", "<defaultVersionNumber>four<"));
  ASSERT_FALSE(bad_default);
  EXPECT_NE(bad_default.error().message.find("defaultVersionNumber"), std::string::npos);
  EXPECT_FALSE(parse_modify_launch_template(aws_fixture("ec2/create_launch_template_version.xml")));
}

TEST(LaunchTemplateWrites, WireParametersErrorsAndRefusals) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.reply(aws_fixture("ec2/create_launch_template_version.xml"));
  caller.reply(aws_fixture("ec2/modify_launch_template.xml"));
  caller.reply_query_error(400, aws_fixture("ec2/error_launch_template_version_not_found.xml"));
  WriteOutcome<CreateLaunchTemplateVersionResponse> created, missing;
  WriteOutcome<ModifyLaunchTemplateResponse> modified;
  create_launch_template_version(caller, "eu-west-1",
                                 {"lt-0b97f1e282EXAMPLE", "3", "arn:aws:iam::123456789012:instance-profile/app-web", "",
                                  "rolecall: instance profile app-web", ""},
                                 created.callback());
  modify_launch_template(caller, "eu-west-1", {"lt-0b97f1e282EXAMPLE", 4}, modified.callback());
  create_launch_template_version(caller, "eu-west-1", {"lt-0b97f1e282EXAMPLE", "9", "", "app-web", "", ""},
                                 missing.callback());
  caller.run();
  ASSERT_TRUE(*created.value) << created.value->error().message;
  ASSERT_TRUE(*modified.value) << modified.value->error().message;
  ASSERT_EQ(caller.calls.size(), 3u);
  EXPECT_EQ(caller.calls[0].api_class, ApiClass::kMutate);
  EXPECT_EQ(caller.form(0),
            "Action=CreateLaunchTemplateVersion&Version=2016-11-15&LaunchTemplateId=lt-0b97f1e282EXAMPLE"
            "&SourceVersion=3&LaunchTemplateData.IamInstanceProfile.Arn="
            "arn%3Aaws%3Aiam%3A%3A123456789012%3Ainstance-profile%2Fapp-web"
            "&VersionDescription=rolecall%3A%20instance%20profile%20app-web");
  EXPECT_EQ(caller.form(1),
            "Action=ModifyLaunchTemplate&Version=2016-11-15&LaunchTemplateId=lt-0b97f1e282EXAMPLE&SetDefaultVersion=4");
  EXPECT_EQ(caller.form(2),
            "Action=CreateLaunchTemplateVersion&Version=2016-11-15&LaunchTemplateId=lt-0b97f1e282EXAMPLE"
            "&SourceVersion=9&LaunchTemplateData.IamInstanceProfile.Name=app-web");
  ASSERT_FALSE(*missing.value);
  EXPECT_EQ(missing.value->error().code, "InvalidLaunchTemplateId.VersionNotFound");
  EXPECT_TRUE(missing.value->error().message.starts_with("CreateLaunchTemplateVersion in eu-west-1: "))
      << missing.value->error().message;

  WriteOutcome<ModifyLaunchTemplateResponse> refused;
  modify_launch_template(caller, "eu-west-1", {"lt-0b97f1e282EXAMPLE", 0}, refused.callback());
  WriteOutcome<CreateLaunchTemplateVersionResponse> no_profile;
  create_launch_template_version(caller, "eu-west-1", {"lt-0b97f1e282EXAMPLE", "1", "", "", "", ""},
                                 no_profile.callback());
  caller.run();
  EXPECT_EQ(refused.value->error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(no_profile.value->error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(caller.calls.size(), 3u);
}

TEST(LaunchTemplateWrites, UserDataAloneIsAVersionWithoutAProfileChange) {
  FakeAwsCaller caller(Delivery::kOnRun);
  caller.reply(aws_fixture("ec2/create_launch_template_version.xml"));
  WriteOutcome<CreateLaunchTemplateVersionResponse> created;
  CreateLaunchTemplateVersionRequest request;
  request.template_id = "lt-0b97f1e282EXAMPLE";
  request.source_version = "3";
  request.user_data = "IyEvYmluL2Jhc2gK+/=";
  create_launch_template_version(caller, "eu-west-1", request, created.callback());
  caller.run();
  ASSERT_TRUE(*created.value) << created.value->error().message;
  ASSERT_EQ(caller.calls.size(), 1u);
  EXPECT_EQ(caller.form(0),
            "Action=CreateLaunchTemplateVersion&Version=2016-11-15&LaunchTemplateId=lt-0b97f1e282EXAMPLE"
            "&SourceVersion=3&LaunchTemplateData.UserData=IyEvYmluL2Jhc2gK%2B%2F%3D");
}

}  // namespace
}  // namespace rolecall::aws::ec2

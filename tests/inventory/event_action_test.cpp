// inventory::event_iam_actions: the IAM action a CloudTrail event's call needed, from its source and name.
#include "inventory/event_action.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "inventory/key_use.h"

namespace rolecall::inventory {
namespace {

std::vector<std::string> actions_of(std::string_view source, std::string_view name) {
  std::vector<std::string> out;
  event_iam_actions(source, name, out);
  return out;
}

TEST(EventAction, ThePrefixIsTheEndpointsFirstLabel) {
  EXPECT_EQ(iam_prefix_of_event_source("ec2.amazonaws.com"), "ec2");
  EXPECT_EQ(iam_prefix_of_event_source("sts.amazonaws.com"), "sts");
  EXPECT_EQ(actions_of("ec2.amazonaws.com", "DescribeInstances"), std::vector<std::string>{"ec2:DescribeInstances"});
  EXPECT_EQ(actions_of("dynamodb.amazonaws.com", "GetItem"), std::vector<std::string>{"dynamodb:GetItem"});
}

TEST(EventAction, ServicesWhosePrefixIsNotTheirEndpoints) {
  EXPECT_EQ(iam_prefix_of_event_source("monitoring.amazonaws.com"), "cloudwatch");
  EXPECT_EQ(iam_prefix_of_event_source("email.amazonaws.com"), "ses");
  EXPECT_EQ(iam_prefix_of_event_source("tagging.amazonaws.com"), "tag");
  EXPECT_EQ(iam_prefix_of_event_source("runtime.sagemaker.amazonaws.com"), "sagemaker");
  EXPECT_EQ(actions_of("monitoring.amazonaws.com", "PutMetricData"),
            std::vector<std::string>{"cloudwatch:PutMetricData"});
}

TEST(EventAction, SourcesThatAreNotAnAwsServiceGiveNoAction) {
  EXPECT_EQ(iam_prefix_of_event_source(""), "");
  EXPECT_EQ(iam_prefix_of_event_source("amazonaws.com"), "");
  EXPECT_EQ(iam_prefix_of_event_source(".amazonaws.com"), "");
  EXPECT_EQ(iam_prefix_of_event_source("example.com"), "");
  EXPECT_EQ(iam_prefix_of_event_source("unknown.sub.amazonaws.com"), "") << "a multi-label endpoint not in the table";
  EXPECT_TRUE(actions_of("example.com", "GetObject").empty());
  EXPECT_TRUE(actions_of("s3.amazonaws.com", "").empty());
}

TEST(EventAction, S3EventsNamedOtherThanTheirAction) {
  EXPECT_EQ(actions_of("s3.amazonaws.com", "GetObject"), std::vector<std::string>{"s3:GetObject"});
  EXPECT_EQ(actions_of("s3.amazonaws.com", "HeadObject"), std::vector<std::string>{"s3:GetObject"});
  EXPECT_EQ(actions_of("s3.amazonaws.com", "ListObjectsV2"), std::vector<std::string>{"s3:ListBucket"});
  EXPECT_EQ(actions_of("s3.amazonaws.com", "ListBuckets"), std::vector<std::string>{"s3:ListAllMyBuckets"});
  EXPECT_EQ(actions_of("s3.amazonaws.com", "CopyObject"), (std::vector<std::string>{"s3:GetObject", "s3:PutObject"}));
  EXPECT_EQ(actions_of("s3.amazonaws.com", "UploadPart"), std::vector<std::string>{"s3:PutObject"});
}

TEST(EventAction, DatedEventNamesLoseTheirDate) {
  EXPECT_EQ(actions_of("lambda.amazonaws.com", "GetFunction20150331v2"),
            std::vector<std::string>{"lambda:GetFunction"});
  EXPECT_EQ(actions_of("lambda.amazonaws.com", "ListFunctions20150331"),
            std::vector<std::string>{"lambda:ListFunctions"});
  EXPECT_EQ(actions_of("lambda.amazonaws.com", "Invoke"), std::vector<std::string>{"lambda:InvokeFunction"});
  EXPECT_EQ(actions_of("lambda.amazonaws.com", "GetProvisionedConcurrencyConfig"),
            std::vector<std::string>{"lambda:GetProvisionedConcurrencyConfig"});
  EXPECT_EQ(actions_of("cloudfront.amazonaws.com", "GetDistribution2020_05_31"),
            std::vector<std::string>{"cloudfront:GetDistribution"});
}

TEST(EventAction, TheOutputIsReplacedNotAppended) {
  std::vector<std::string> out = {"left:Over", "and:More", "three:Of"};
  event_iam_actions("s3.amazonaws.com", "CopyObject", out);
  EXPECT_EQ(out, (std::vector<std::string>{"s3:GetObject", "s3:PutObject"}));
  event_iam_actions("example.com", "X", out);
  EXPECT_TRUE(out.empty());
}

TEST(EventAction, AKeyUseCountsTheDistinctActionsOfItsCalls) {
  KeyUse use = new_key_use("AKIAEXAMPLEEXAMPLE01", "111111111111", "eu-west-1", "54.1.2.3", "");
  count_key_call(use, "deploy", "2026-11-30T10:00:00Z", "s3.amazonaws.com", "ListObjectsV2", "aws-cli");
  count_key_call(use, "deploy", "2026-11-30T11:00:00Z", "s3.amazonaws.com", "HeadBucket", "aws-cli");
  count_key_call(use, "deploy", "2026-11-30T12:00:00Z", "monitoring.amazonaws.com", "PutMetricData", "aws-cli");
  EXPECT_EQ(use.actions, (std::vector<std::string>{"cloudwatch:PutMetricData", "s3:ListBucket"}));
  KeyUse other = new_key_use("AKIAEXAMPLEEXAMPLE01", "111111111111", "eu-west-1", "54.1.2.3", "");
  count_key_call(other, "deploy", "2026-11-29T10:00:00Z", "ec2.amazonaws.com", "DescribeInstances", "boto3");
  merge_key_use(use, other);
  EXPECT_EQ(use.actions,
            (std::vector<std::string>{"cloudwatch:PutMetricData", "ec2:DescribeInstances", "s3:ListBucket"}));
  EXPECT_TRUE(use.unknown_actions.empty());
  count_key_call(use, "deploy", "2026-11-30T13:00:00Z", "data.unknown.amazonaws.com", "DoThing", "aws-cli");
  count_key_call(use, "deploy", "2026-11-30T13:00:01Z", "", "Orphan", "aws-cli");
  EXPECT_EQ(use.unknown_actions,
            (std::vector<std::string>{"(no eventSource) Orphan", "data.unknown.amazonaws.com DoThing"}));
  EXPECT_EQ(use.actions.size(), 3u) << "an unknown call adds no action";
}

}  // namespace
}  // namespace rolecall::inventory

// The AWS managed policies an estate may attach without defining them (simplified documents that
// keep each policy's intent: what it allows on which services).
#include <string_view>

#include "emulator/estate/managed_policies.h"

namespace rolecall::emulator {
namespace {

ManagedPolicyDef make(std::string name, std::string path, std::string_view document) {
  ManagedPolicyDef p;
  p.name = std::move(name);
  p.path = std::move(path);
  p.arn = "arn:aws:iam::aws:policy" + p.path + p.name;
  p.id = derived_id("ANPA", p.arn);
  p.document = nlohmann::json::parse(document);
  return p;
}

std::vector<ManagedPolicyDef> build() {
  std::vector<ManagedPolicyDef> v;
  v.push_back(make("AdministratorAccess", "/",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"));
  v.push_back(make("PowerUserAccess", "/",
                   R"({"Version":"2012-10-17","Statement":[
                      {"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},
                      {"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole",
                        "iam:ListRoles","organizations:DescribeOrganization","account:ListRegions"],"Resource":"*"}]})"));
  v.push_back(make("ReadOnlyAccess", "/",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[
                      "ec2:Describe*","ec2:Get*","iam:Get*","iam:List*","iam:Generate*","iam:Simulate*",
                      "sts:GetAccessKeyInfo","sts:GetCallerIdentity","organizations:Describe*","organizations:List*",
                      "autoscaling:Describe*","cloudtrail:Describe*","cloudtrail:Get*","cloudtrail:List*",
                      "cloudtrail:LookupEvents",
                      "s3:Get*","s3:List*","sqs:Get*","sqs:List*","securityhub:Describe*","securityhub:Get*","securityhub:List*",
                      "ssm:Describe*","ssm:Get*","ssm:List*"],"Resource":"*"}]})"));
  v.push_back(make("ViewOnlyAccess", "/job-function/",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[
                      "ec2:Describe*","iam:List*","iam:GetAccountSummary","organizations:List*",
                      "organizations:Describe*","s3:ListAllMyBuckets","cloudtrail:DescribeTrails",
                      "cloudtrail:LookupEvents"],"Resource":"*"}]})"));
  v.push_back(make("SecurityAudit", "/",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[
                      "ec2:Describe*","ec2:GetLaunchTemplateData","iam:Get*","iam:List*","iam:Generate*",
                      "iam:SimulatePrincipalPolicy","organizations:Describe*","organizations:List*",
                      "sts:GetAccessKeyInfo","sts:GetCallerIdentity","cloudtrail:DescribeTrails",
                      "cloudtrail:GetTrailStatus","cloudtrail:LookupEvents"],"Resource":"*"}]})"));
  v.push_back(make("IAMFullAccess", "/",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*",
                      "organizations:DescribeAccount","organizations:DescribeOrganization",
                      "organizations:ListAccounts"],"Resource":"*"}]})"));
  v.push_back(make("IAMReadOnlyAccess", "/",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[
                      "iam:Get*","iam:List*","iam:Generate*","iam:Simulate*"],"Resource":"*"}]})"));
  v.push_back(make("AmazonEC2FullAccess", "/",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:*",
                      "elasticloadbalancing:*","cloudwatch:*","autoscaling:*"],"Resource":"*"},
                      {"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*"}]})"));
  v.push_back(make("AmazonEC2ReadOnlyAccess", "/",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*",
                      "elasticloadbalancing:Describe*","cloudwatch:ListMetrics","cloudwatch:GetMetricStatistics",
                      "cloudwatch:Describe*","autoscaling:Describe*"],"Resource":"*"}]})"));
  v.push_back(make("AmazonSSMManagedInstanceCore", "/",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[
                      "ssm:DescribeAssociation","ssm:GetDeployablePatchSnapshotForInstance","ssm:GetDocument",
                      "ssm:DescribeDocument","ssm:GetManifest","ssm:GetParameter","ssm:GetParameters",
                      "ssm:ListAssociations","ssm:ListInstanceAssociations","ssm:PutInventory",
                      "ssm:PutComplianceItems","ssm:PutConfigurePackageResult","ssm:UpdateAssociationStatus",
                      "ssm:UpdateInstanceAssociationStatus","ssm:UpdateInstanceInformation",
                      "ssmmessages:CreateControlChannel","ssmmessages:CreateDataChannel",
                      "ssmmessages:OpenControlChannel","ssmmessages:OpenDataChannel",
                      "ec2messages:AcknowledgeMessage","ec2messages:DeleteMessage","ec2messages:FailMessage",
                      "ec2messages:GetEndpoint","ec2messages:GetMessages","ec2messages:SendReply"],"Resource":"*"}]})"));
  v.push_back(make("CloudWatchAgentServerPolicy", "/",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[
                      "cloudwatch:PutMetricData","ec2:DescribeVolumes","ec2:DescribeTags","logs:PutLogEvents",
                      "logs:DescribeLogStreams","logs:DescribeLogGroups","logs:CreateLogStream",
                      "logs:CreateLogGroup"],"Resource":"*"},
                      {"Effect":"Allow","Action":["ssm:GetParameter"],"Resource":"arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*"}]})"));
  v.push_back(make("AmazonS3ReadOnlyAccess", "/",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*",
                      "s3:Describe*"],"Resource":"*"}]})"));
  v.push_back(make("AmazonS3FullAccess", "/",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*",
                      "s3-object-lambda:*"],"Resource":"*"}]})"));
  v.push_back(make("AmazonDynamoDBReadOnlyAccess", "/",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:BatchGetItem",
                      "dynamodb:Describe*","dynamodb:List*","dynamodb:GetItem","dynamodb:Query",
                      "dynamodb:Scan"],"Resource":"*"}]})"));
  v.push_back(make("AmazonEC2RoleforSSM", "/service-role/",
                   R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:*","ec2messages:*",
                      "cloudwatch:PutMetricData","ds:CreateComputer","ds:DescribeDirectories",
                      "logs:*","s3:GetObject","s3:PutObject","s3:ListBucket"],"Resource":"*"}]})"));
  return v;
}

}  // namespace

const std::vector<ManagedPolicyDef>& aws_managed_policies() {
  static const std::vector<ManagedPolicyDef> policies = build();
  return policies;
}

const ManagedPolicyDef* find_aws_managed_policy(const std::string& arn) {
  // arn:<partition>:iam::aws:policy/<path><name>; match ignoring the partition.
  static constexpr std::string_view kMarker = ":iam::aws:policy/";
  auto pos = arn.find(kMarker);
  if (arn.rfind("arn:", 0) != 0 || pos == std::string::npos) return nullptr;
  std::string_view tail = std::string_view(arn).substr(pos + kMarker.size() - 1);  // "/<path><name>"
  for (const auto& p : aws_managed_policies()) {
    if (tail == p.path + p.name) return &p;
  }
  return nullptr;
}

}  // namespace rolecall::emulator

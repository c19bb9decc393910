#pragma once
// EC2 Auto Scaling groups: DescribeAutoScalingGroups (what a group launches from, and its
// instances) and UpdateAutoScalingGroup (the launch template version remediation moves it to).
// Auto Scaling is a Query service like IAM (Version 2011-01-01, lists Name.member.N, results in
// <ActionResult>) but regional like EC2, paged with MaxRecords/NextToken; errors read
// "autoscaling:UpdateAutoScalingGroup: ...".

#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"
#include "rolecall/error.h"

namespace rolecall::aws::autoscaling {

// Where Auto Scaling calls go and the API version they send.
inline constexpr ops::QueryService kAutoScaling{"autoscaling", "2011-01-01"};

// The tag EC2 Auto Scaling puts on the instances it launches, naming their group.
inline constexpr const char* kGroupTag = "aws:autoscaling:groupName";

// An EC2 Auto Scaling group: what it launches new instances from, and its instances.
struct AutoScalingGroup {
  std::string name;
  std::string arn;
  // Its launch template (directly or in its mixed instances policy); id empty when it launches
  // from a launch configuration.
  std::string launch_template_id;
  std::string launch_template_name;
  std::string launch_template_version;  // "$Default", "$Latest" or a version number
  bool mixed_instances_policy = false;
  std::string launch_configuration;  // LaunchConfigurationName, when there is no template
  int min_size = 0;
  int max_size = 0;
  int desired_capacity = 0;
  std::vector<std::string> instance_ids;
};

// autoscaling:DescribeAutoScalingGroups parameters.
struct DescribeAutoScalingGroupsRequest {
  std::vector<std::string> group_names;  // AutoScalingGroupNames.member.N; empty = every group of the region
  int max_records = 0;                   // MaxRecords 1..100; 0 omits it (AWS: 50)
  std::string next_token;                // "" for the first page
};

// One page of autoscaling:DescribeAutoScalingGroups.
struct DescribeAutoScalingGroupsResponse {
  std::vector<AutoScalingGroup> groups;
  std::string next_token;  // "" on the last page
  std::string request_id;
};

// The ServiceCall for one page in `region`.
ServiceCall describe_auto_scaling_groups_call(const std::string& region,
                                              const DescribeAutoScalingGroupsRequest& request);
// Parses a DescribeAutoScalingGroups body; kParse naming what is missing or malformed.
Result<DescribeAutoScalingGroupsResponse> parse_describe_auto_scaling_groups(std::string_view body);
// Fetches one page.
void describe_auto_scaling_groups(AwsCaller& caller, const std::string& region,
                                  const DescribeAutoScalingGroupsRequest& request,
                                  ops::OpCallback<DescribeAutoScalingGroupsResponse> done);
// Fetches every page (group names are sent in chunks of 50, the API's limit without MaxRecords);
// the merged response has no next token.
void describe_auto_scaling_groups_all(AwsCaller& caller, const std::string& region,
                                      DescribeAutoScalingGroupsRequest request,
                                      ops::OpCallback<DescribeAutoScalingGroupsResponse> done);

// autoscaling:UpdateAutoScalingGroup parameters: the launch template (and version) the group
// launches from, in the place it has it now (directly or in its mixed instances policy).
struct UpdateAutoScalingGroupRequest {
  std::string group_name;               // AutoScalingGroupName (required)
  std::string launch_template_id;       // LaunchTemplateId (required)
  std::string launch_template_version;  // Version: "$Default", "$Latest" or a number (required)
  bool mixed_instances_policy = false;  // send it as MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification
};

// What autoscaling:UpdateAutoScalingGroup answers (no output but its request id).
struct UpdateAutoScalingGroupResponse {
  std::string request_id;
};

// The ServiceCall for autoscaling:UpdateAutoScalingGroup in `region` (mutating).
ServiceCall update_auto_scaling_group_call(const std::string& region, const UpdateAutoScalingGroupRequest& request);
// Parses an UpdateAutoScalingGroup body.
Result<UpdateAutoScalingGroupResponse> parse_update_auto_scaling_group(std::string_view body);
// Calls autoscaling:UpdateAutoScalingGroup; kInvalidArgument without a call when a required field is empty.
void update_auto_scaling_group(AwsCaller& caller, const std::string& region,
                               const UpdateAutoScalingGroupRequest& request,
                               ops::OpCallback<UpdateAutoScalingGroupResponse> done);

}  // namespace rolecall::aws::autoscaling

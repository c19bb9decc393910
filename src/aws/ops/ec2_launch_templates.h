#pragma once
// EC2 launch templates and their versions: user data and profiles baked into future instances.

#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/ops/query_call.h"
#include "rolecall/error.h"
#include "rolecall/inventory.h"

namespace rolecall::aws::ec2 {

// DescribeLaunchTemplates parameters.
struct DescribeLaunchTemplatesRequest {
  std::vector<std::string> template_ids;  // LaunchTemplateId.N; empty means all
  std::vector<Filter> filters;            // Filter.N
  int max_results = 0;                    // 1..200; 0 omits it
  std::string next_token;                 // "" for the first page
};

// One DescribeLaunchTemplates page.
struct DescribeLaunchTemplatesResponse {
  // id, name, default_version, latest_version filled; region from the call; versions empty.
  std::vector<LaunchTemplate> templates;
  std::string next_token;  // "" on the last page
  std::string request_id;
};

// DescribeLaunchTemplateVersions parameters: one template by id (preferred) or name.
struct DescribeLaunchTemplateVersionsRequest {
  std::string template_id;            // LaunchTemplateId
  std::string template_name;          // LaunchTemplateName (when template_id is empty)
  std::vector<std::string> versions;  // LaunchTemplateVersion.N: numbers, "$Latest", "$Default"; empty = all
  int max_results = 0;                // 1..200; 0 omits it
  std::string next_token;             // "" for the first page
};

// One DescribeLaunchTemplateVersions page.
struct DescribeLaunchTemplateVersionsResponse {
  // template id/name, version number, default flag, user data, profile ARN/name, HttpTokens.
  std::vector<LaunchTemplateVersion> versions;
  std::string next_token;  // "" on the last page
  std::string request_id;
};

// Parses a DescribeLaunchTemplates body; `region` is copied into each template.
Result<DescribeLaunchTemplatesResponse> parse_describe_launch_templates(std::string body, std::string_view region);

// Parses a DescribeLaunchTemplateVersions body.
Result<DescribeLaunchTemplateVersionsResponse> parse_describe_launch_template_versions(std::string body);

// The ServiceCall for one page of launch templates.
ServiceCall describe_launch_templates_call(const std::string& region, const DescribeLaunchTemplatesRequest& request);

// The ServiceCall for one page of versions (no check that the template is named).
ServiceCall describe_launch_template_versions_call(const std::string& region,
                                                   const DescribeLaunchTemplateVersionsRequest& request);

// Fetches one page of launch templates.
void describe_launch_templates(AwsCaller& caller, const std::string& region,
                               const DescribeLaunchTemplatesRequest& request,
                               Callback<DescribeLaunchTemplatesResponse> done);

// Fetches one page of versions of one launch template.
void describe_launch_template_versions(AwsCaller& caller, const std::string& region,
                                       const DescribeLaunchTemplateVersionsRequest& request,
                                       Callback<DescribeLaunchTemplateVersionsResponse> done);

}  // namespace rolecall::aws::ec2

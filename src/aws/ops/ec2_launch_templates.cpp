#include "aws/ops/ec2_launch_templates.h"

#include <utility>

#include "aws/ops/query_xml.h"

namespace rolecall::aws::ec2 {

Result<DescribeLaunchTemplatesResponse> parse_describe_launch_templates(std::string body, std::string_view region) {
  DescribeLaunchTemplatesResponse out;
  auto xml = parse_page(std::move(body), "DescribeLaunchTemplates", out);
  if (!xml) return fail(xml.error());
  for (pugi::xml_node item : xml::items(xml->root(), "launchTemplates")) {
    LaunchTemplate& t = out.templates.emplace_back();
    t.id = xml::child_string(item, "launchTemplateId");
    t.name = xml::child_string(item, "launchTemplateName");
    t.region = std::string(region);
    t.default_version = xml::child_int(item, "defaultVersionNumber");
    t.latest_version = xml::child_int(item, "latestVersionNumber");
  }
  return out;
}

Result<DescribeLaunchTemplateVersionsResponse> parse_describe_launch_template_versions(std::string body) {
  DescribeLaunchTemplateVersionsResponse out;
  auto xml = parse_page(std::move(body), "DescribeLaunchTemplateVersions", out);
  if (!xml) return fail(xml.error());
  for (pugi::xml_node item : xml::items(xml->root(), "launchTemplateVersionSet")) {
    LaunchTemplateVersion& v = out.versions.emplace_back();
    v.template_id = xml::child_string(item, "launchTemplateId");
    v.template_name = xml::child_string(item, "launchTemplateName");
    v.version_number = xml::child_int(item, "versionNumber");
    v.is_default = xml::child_bool(item, "defaultVersion");
    pugi::xml_node data = xml::child(item, "launchTemplateData");
    v.user_data = xml::child_string(data, "userData");
    v.profile_arn = std::string(xml::path_text(data, {"iamInstanceProfile", "arn"}));
    v.profile_name = std::string(xml::path_text(data, {"iamInstanceProfile", "name"}));
    v.http_tokens = std::string(xml::path_text(data, {"metadataOptions", "httpTokens"}));
  }
  return out;
}

ServiceCall describe_launch_templates_call(const std::string& region, const DescribeLaunchTemplatesRequest& request) {
  return make_describe_call(region, "DescribeLaunchTemplates", "LaunchTemplateId", request.template_ids,
                            request.filters, request.max_results, request.next_token);
}

ServiceCall describe_launch_template_versions_call(const std::string& region,
                                                   const DescribeLaunchTemplateVersionsRequest& request) {
  QueryParams params;
  if (!request.template_id.empty()) {
    params.emplace_back("LaunchTemplateId", request.template_id);
  } else {
    params.emplace_back("LaunchTemplateName", request.template_name);
  }
  add_ec2_list(params, "LaunchTemplateVersion", request.versions);
  add_paging(params, request.max_results, request.next_token);
  return make_call(region, "DescribeLaunchTemplateVersions", std::move(params));
}

void describe_launch_templates(AwsCaller& caller, const std::string& region,
                               const DescribeLaunchTemplatesRequest& request,
                               Callback<DescribeLaunchTemplatesResponse> done) {
  ops::run_op<DescribeLaunchTemplatesResponse>(
      caller, describe_launch_templates_call(region, request),
      [region](std::string body) { return parse_describe_launch_templates(std::move(body), region); }, std::move(done));
}

void describe_launch_template_versions(AwsCaller& caller, const std::string& region,
                                       const DescribeLaunchTemplateVersionsRequest& request,
                                       Callback<DescribeLaunchTemplateVersionsResponse> done) {
  if (request.template_id.empty() && request.template_name.empty()) {
    return ops::reject(done, "DescribeLaunchTemplateVersions", "LaunchTemplateId or LaunchTemplateName is required");
  }
  ops::run_op<DescribeLaunchTemplateVersionsResponse>(caller, describe_launch_template_versions_call(region, request),
                                                      parse_describe_launch_template_versions, std::move(done));
}

}  // namespace rolecall::aws::ec2

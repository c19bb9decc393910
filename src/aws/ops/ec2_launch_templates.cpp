#include "aws/ops/ec2_launch_templates.h"

#include <utility>

#include "aws/protocol/xml.h"

namespace rolecall::aws::ec2 {

Result<DescribeLaunchTemplatesResponse> parse_describe_launch_templates(std::string body, std::string_view region) {
  constexpr std::string_view kOp = "DescribeLaunchTemplates";
  auto doc = xml::Document::parse(std::move(body), kOp);
  if (!doc) return std::unexpected(std::move(doc.error()));
  if (auto ok = xml::expect_root(*doc, "DescribeLaunchTemplatesResponse", kOp); !ok) {
    return std::unexpected(ok.error());
  }
  pugi::xml_node root = doc->root();
  DescribeLaunchTemplatesResponse out;
  out.request_id = xml::request_id(root);
  out.next_token = xml::child_string(root, "nextToken");
  for (pugi::xml_node item : xml::items(root, "launchTemplates")) {
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
  constexpr std::string_view kOp = "DescribeLaunchTemplateVersions";
  auto doc = xml::Document::parse(std::move(body), kOp);
  if (!doc) return std::unexpected(std::move(doc.error()));
  if (auto ok = xml::expect_root(*doc, "DescribeLaunchTemplateVersionsResponse", kOp); !ok) {
    return std::unexpected(ok.error());
  }
  pugi::xml_node root = doc->root();
  DescribeLaunchTemplateVersionsResponse out;
  out.request_id = xml::request_id(root);
  out.next_token = xml::child_string(root, "nextToken");
  for (pugi::xml_node item : xml::items(root, "launchTemplateVersionSet")) {
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

void describe_launch_templates(AwsCaller& caller, const std::string& region,
                               const DescribeLaunchTemplatesRequest& request,
                               Callback<DescribeLaunchTemplatesResponse> done) {
  QueryParams params;
  add_ec2_list(params, "LaunchTemplateId", request.template_ids);
  add_filters(params, request.filters);
  add_paging(params, request.max_results, request.next_token);
  call_and_parse<DescribeLaunchTemplatesResponse>(
      caller, make_call(region, "DescribeLaunchTemplates", std::move(params)),
      [region](ServiceResponse r) { return parse_describe_launch_templates(std::move(r.body), region); },
      std::move(done));
}

void describe_launch_template_versions(AwsCaller& caller, const std::string& region,
                                       const DescribeLaunchTemplateVersionsRequest& request,
                                       Callback<DescribeLaunchTemplateVersionsResponse> done) {
  if (request.template_id.empty() && request.template_name.empty()) {
    return done(fail(ErrorKind::kInvalidArgument,
                     "DescribeLaunchTemplateVersions: LaunchTemplateId or LaunchTemplateName is required"));
  }
  QueryParams params;
  if (!request.template_id.empty()) {
    params.emplace_back("LaunchTemplateId", request.template_id);
  } else {
    params.emplace_back("LaunchTemplateName", request.template_name);
  }
  add_ec2_list(params, "LaunchTemplateVersion", request.versions);
  add_paging(params, request.max_results, request.next_token);
  call_and_parse<DescribeLaunchTemplateVersionsResponse>(
      caller, make_call(region, "DescribeLaunchTemplateVersions", std::move(params)),
      [](ServiceResponse r) { return parse_describe_launch_template_versions(std::move(r.body)); }, std::move(done));
}

}  // namespace rolecall::aws::ec2

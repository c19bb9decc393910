#include "aws/ops/ec2_launch_template_writes.h"

#include <utility>

#include "aws/ops/query_xml.h"

namespace rolecall::aws::ec2 {

ServiceCall create_launch_template_version_call(const std::string& region,
                                                const CreateLaunchTemplateVersionRequest& request) {
  QueryParams params{{"LaunchTemplateId", request.template_id}, {"SourceVersion", request.source_version}};
  if (!request.profile_arn.empty()) {
    params.emplace_back("LaunchTemplateData.IamInstanceProfile.Arn", request.profile_arn);
  } else if (!request.profile_name.empty()) {
    params.emplace_back("LaunchTemplateData.IamInstanceProfile.Name", request.profile_name);
  }
  if (!request.user_data.empty()) params.emplace_back("LaunchTemplateData.UserData", request.user_data);
  if (!request.description.empty()) params.emplace_back("VersionDescription", request.description);
  return make_call(region, "CreateLaunchTemplateVersion", std::move(params), ApiClass::kMutate);
}

Result<CreateLaunchTemplateVersionResponse> parse_create_launch_template_version(std::string body) {
  auto xml = ops::QueryXml::parse(std::move(body), "CreateLaunchTemplateVersion", "CreateLaunchTemplateVersion");
  if (!xml) return fail(xml.error());
  pugi::xml_node version = xml::child(xml->root(), "launchTemplateVersion");
  CreateLaunchTemplateVersionResponse out;
  auto id = ops::required_text(*xml, version, "launchTemplateId", "launchTemplateVersion");
  if (!id) return fail(id.error());
  out.template_id = std::move(*id);
  auto number = ops::strict_int(*xml, version, "versionNumber", "launchTemplateVersion", 0);
  if (!number) return fail(number.error());
  if (*number < 1) return fail(xml->missing("launchTemplateVersion/versionNumber"));
  out.version_number = *number;
  out.request_id = xml->request_id();
  return out;
}

void create_launch_template_version(AwsCaller& caller, const std::string& region,
                                    const CreateLaunchTemplateVersionRequest& request,
                                    Callback<CreateLaunchTemplateVersionResponse> done) {
  if (request.template_id.empty() || request.source_version.empty() ||
      (request.profile_arn.empty() && request.profile_name.empty() && request.user_data.empty())) {
    return ops::reject(done, "CreateLaunchTemplateVersion",
                       "LaunchTemplateId, SourceVersion and an instance profile or user data are required");
  }
  ops::run_op<CreateLaunchTemplateVersionResponse>(caller, create_launch_template_version_call(region, request),
                                                   parse_create_launch_template_version, std::move(done));
}

ServiceCall modify_launch_template_call(const std::string& region, const ModifyLaunchTemplateRequest& request) {
  return make_call(
      region, "ModifyLaunchTemplate",
      {{"LaunchTemplateId", request.template_id}, {"SetDefaultVersion", std::to_string(request.default_version)}},
      ApiClass::kMutate);
}

Result<ModifyLaunchTemplateResponse> parse_modify_launch_template(std::string body) {
  auto xml = ops::QueryXml::parse(std::move(body), "ModifyLaunchTemplate", "ModifyLaunchTemplate");
  if (!xml) return fail(xml.error());
  pugi::xml_node t = xml::child(xml->root(), "launchTemplate");
  ModifyLaunchTemplateResponse out;
  auto id = ops::required_text(*xml, t, "launchTemplateId", "launchTemplate");
  if (!id) return fail(id.error());
  out.template_id = std::move(*id);
  auto def = ops::strict_int(*xml, t, "defaultVersionNumber", "launchTemplate", 0);
  if (!def) return fail(def.error());
  if (*def < 1) return fail(xml->missing("launchTemplate/defaultVersionNumber"));
  out.default_version = *def;
  auto latest = ops::strict_int(*xml, t, "latestVersionNumber", "launchTemplate", 0);
  if (!latest) return fail(latest.error());
  out.latest_version = *latest;
  out.request_id = xml->request_id();
  return out;
}

void modify_launch_template(AwsCaller& caller, const std::string& region, const ModifyLaunchTemplateRequest& request,
                            Callback<ModifyLaunchTemplateResponse> done) {
  if (request.template_id.empty() || request.default_version < 1) {
    return ops::reject(done, "ModifyLaunchTemplate", "LaunchTemplateId and a default version >= 1 are required");
  }
  ops::run_op<ModifyLaunchTemplateResponse>(caller, modify_launch_template_call(region, request),
                                            parse_modify_launch_template, std::move(done));
}

ServiceCall delete_launch_template_version_call(const std::string& region,
                                                const DeleteLaunchTemplateVersionRequest& request) {
  return make_call(
      region, "DeleteLaunchTemplateVersions",
      {{"LaunchTemplateId", request.template_id}, {"LaunchTemplateVersion.1", std::to_string(request.version)}},
      ApiClass::kMutate);
}

Result<DeleteLaunchTemplateVersionResponse> parse_delete_launch_template_version(std::string body, long long version) {
  auto xml = ops::QueryXml::parse(std::move(body), "DeleteLaunchTemplateVersions", "DeleteLaunchTemplateVersions");
  if (!xml) return fail(xml.error());
  DeleteLaunchTemplateVersionResponse out;
  out.request_id = xml->request_id();
  const std::string wanted = std::to_string(version);
  for (pugi::xml_node item : xml::items(xml->root(), "successfullyDeletedLaunchTemplateVersionSet")) {
    if (xml::child_string(item, "versionNumber") == wanted) {
      out.deleted = true;
      return out;
    }
  }
  for (pugi::xml_node item : xml::items(xml->root(), "unsuccessfullyDeletedLaunchTemplateVersionSet")) {
    if (xml::child_string(item, "versionNumber") != wanted) continue;
    pugi::xml_node error = xml::child(item, "responseError");
    out.error_code = xml::child_string(error, "code");
    out.error_message = xml::child_string(error, "message");
    return out;
  }
  return fail(xml->missing("successfullyDeletedLaunchTemplateVersionSet/item[versionNumber=" + wanted + "]"));
}

void delete_launch_template_version(AwsCaller& caller, const std::string& region,
                                    const DeleteLaunchTemplateVersionRequest& request,
                                    Callback<DeleteLaunchTemplateVersionResponse> done) {
  if (request.template_id.empty() || request.version < 1) {
    return ops::reject(done, "DeleteLaunchTemplateVersions", "LaunchTemplateId and a version >= 1 are required");
  }
  const long long version = request.version;
  ops::run_op<DeleteLaunchTemplateVersionResponse>(
      caller, delete_launch_template_version_call(region, request),
      [version](std::string body) { return parse_delete_launch_template_version(std::move(body), version); },
      std::move(done));
}

}  // namespace rolecall::aws::ec2

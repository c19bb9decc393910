#include "emulator/services/ec2/template_xml.h"

#include <fmt/format.h>

namespace rolecall::emulator::ec2 {
namespace {

const char* kTemplateCreateTime = "2026-01-01T00:00:00.000Z";

std::string creator(const RequestContext& ctx) {
  return fmt::format("arn:{}:iam::{}:root", ctx.partition(), ctx.caller.account_id);
}

}  // namespace

void render_template_fields(XmlWriter& w, const RequestContext& ctx, const LaunchTemplate& t) {
  w.leaf("createTime", kTemplateCreateTime).leaf("createdBy", creator(ctx));
  w.leaf("defaultVersionNumber", t.default_version).leaf("latestVersionNumber", t.versions.back().number);
  w.leaf("launchTemplateId", t.id).leaf("launchTemplateName", t.name);
}

void render_version_fields(XmlWriter& w, const RequestContext& ctx, const LaunchTemplate& t, const TemplateVersion& v) {
  w.leaf("createTime", kTemplateCreateTime).leaf("createdBy", creator(ctx));
  w.leaf_bool("defaultVersion", v.number == t.default_version);
  w.open("launchTemplateData");
  // AWS answers with the form the version was given: the ARN, or the name.
  if (v.instance_profile_arn) {
    w.open("iamInstanceProfile").leaf("arn", *v.instance_profile_arn).close("iamInstanceProfile");
  } else if (v.instance_profile) {
    w.open("iamInstanceProfile").leaf("name", *v.instance_profile).close("iamInstanceProfile");
  }
  if (!v.user_data.empty()) w.leaf("userData", v.user_data);
  if (v.http_tokens) w.open("metadataOptions").leaf("httpTokens", *v.http_tokens).close("metadataOptions");
  w.close("launchTemplateData");
  w.leaf("launchTemplateId", t.id).leaf("launchTemplateName", t.name).leaf("versionNumber", v.number);
}

}  // namespace rolecall::emulator::ec2

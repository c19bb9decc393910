// EC2 launch template writes: CreateLaunchTemplate, CreateLaunchTemplateVersion, ModifyLaunchTemplate,
// DeleteLaunchTemplateVersions.
#include "emulator/services/ec2/templates.h"

#include <algorithm>

#include <fmt/format.h>

#include "emulator/common/validate.h"
#include "emulator/services/ec2/common.h"
#include "emulator/services/ec2/handlers.h"
#include "emulator/services/ec2/template_xml.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::ec2 {
namespace {

std::string template_arn(const RequestContext& ctx, const std::string& id) {
  return fmt::format("arn:{}:ec2:{}:{}:launch-template/{}", ctx.partition(), ctx.region, ctx.caller.account_id, id);
}

bool valid_template_name(const std::string& name) {
  if (name.size() < 3 || name.size() > 128) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '(' || c == ')' ||
           c == '.' || c == '-' || c == '/' || c == '_';
  });
}

ApiError invalid_value(const std::string& value, const char* parameter, const char* why) {
  return {400, "InvalidParameterValue",
          fmt::format("Value ({}) for parameter {} is invalid. {}", value, parameter, why), true};
}

}  // namespace

std::expected<LaunchTemplate*, ApiError> named_template(RequestContext& ctx, const std::string& prefix) {
  const std::string* id = ctx.params.get(prefix + "LaunchTemplateId");
  const std::string* name = ctx.params.get(prefix + "LaunchTemplateName");
  if (id && name) {
    return std::unexpected(ApiError{400, "InvalidParameterCombination",
                                    "Specify either LaunchTemplateId or LaunchTemplateName, not both", true});
  }
  if (!id && !name) return std::unexpected(missing_parameter("LaunchTemplateId or LaunchTemplateName"));
  for (auto& t : region_data(ctx).templates) {
    if ((id && t.id == *id) || (name && t.name == *name)) return &t;
  }
  if (id) {
    if (!is_hex_id(*id, "lt-", 17)) {
      return std::unexpected(ApiError{400, "InvalidLaunchTemplateId.Malformed",
                                      fmt::format("The specified ID ({}) is not valid.", *id), true});
    }
    return std::unexpected(
        ApiError{400, "InvalidLaunchTemplateId.NotFound",
                 fmt::format("The specified launch template, with template ID {}, does not exist.", *id), true});
  }
  return std::unexpected(
      ApiError{400, "InvalidLaunchTemplateName.NotFoundException",
               fmt::format("The specified launch template, with template name {}, does not exist.", *name), true});
}

std::expected<const TemplateVersion*, ApiError> template_version(const LaunchTemplate& t, const std::string& which) {
  if (const TemplateVersion* v = resolve_template_version(t, which)) return v;
  return std::unexpected(
      ApiError{400, "InvalidLaunchTemplateId.VersionNotFound",
               fmt::format("Could not find launch template version {} for launch template {}", which, t.id), true});
}

std::optional<ApiError> apply_template_data(const RequestContext& ctx, TemplateVersion& version) {
  if (const std::string* data = ctx.params.get("LaunchTemplateData.UserData")) {
    if (!is_base64(*data))
      return ApiError{400, "InvalidUserData.Malformed", "Invalid BASE64 encoding of user data.", true};
    version.user_data = *data;
  }
  if (const std::string* arn = ctx.params.get("LaunchTemplateData.IamInstanceProfile.Arn")) {
    if (!arn->starts_with("arn:") || arn->find(":instance-profile/") == std::string::npos) {
      return invalid_value(*arn, "iamInstanceProfile.arn", "Invalid IAM Instance Profile ARN");
    }
    version.instance_profile = arn->substr(arn->rfind('/') + 1);
    version.instance_profile_arn = *arn;
  } else if (const std::string* name = ctx.params.get("LaunchTemplateData.IamInstanceProfile.Name")) {
    version.instance_profile = *name;
    version.instance_profile_arn.reset();
  }
  if (const std::string* tokens = ctx.params.get("LaunchTemplateData.MetadataOptions.HttpTokens")) {
    if (*tokens != "optional" && *tokens != "required") {
      return invalid_value(*tokens, "HttpTokens", "Valid values are optional and required.");
    }
    version.http_tokens = *tokens;
  }
  return std::nullopt;
}

HandlerResult create_launch_template(RequestContext& ctx) {
  const std::string* name = ctx.params.get("LaunchTemplateName");
  if (!name) return std::unexpected(missing_parameter("LaunchTemplateName"));
  if (!valid_template_name(*name)) {
    return std::unexpected(invalid_value(*name, "LaunchTemplateName",
                                         "A launch template name must be between 3 and 128 characters, and may "
                                         "contain letters, numbers, and the following characters: - ( ) . / _.'"));
  }
  if (auto denied = authorize_or_dry_run(ctx, "ec2:CreateLaunchTemplate", template_arn(ctx, "*"))) {
    return std::unexpected(*denied);
  }
  TemplateVersion first;
  if (auto bad = apply_template_data(ctx, first)) return std::unexpected(*bad);
  auto& templates = ctx.account().regions[ctx.region].templates;
  if (std::any_of(templates.begin(), templates.end(), [&](const auto& t) { return t.name == *name; })) {
    return error(400, "InvalidLaunchTemplateName.AlreadyExistsException",
                 fmt::format("Launch template name already in use."));
  }
  LaunchTemplate t;
  t.id = random_hex_id(ctx.core, "lt-", 17);
  t.name = *name;
  t.region = ctx.region;
  t.versions.push_back(std::move(first));
  templates.push_back(std::move(t));
  XmlWriter w = begin_response(ctx);
  w.open("launchTemplate");
  render_template_fields(w, ctx, templates.back());
  w.close("launchTemplate");
  return end_response(w, ctx);
}

HandlerResult create_launch_template_version(RequestContext& ctx) {
  auto t = named_template(ctx, "");
  if (!t) return std::unexpected(t.error());
  if (auto denied = authorize_or_dry_run(ctx, "ec2:CreateLaunchTemplateVersion", template_arn(ctx, (*t)->id))) {
    return std::unexpected(*denied);
  }
  TemplateVersion version;
  if (const std::string* source = ctx.params.get("SourceVersion")) {
    auto base = template_version(**t, *source);
    if (!base) return std::unexpected(base.error());
    version = **base;
  }
  if (auto bad = apply_template_data(ctx, version)) return std::unexpected(*bad);
  version.number = (*t)->versions.back().number + 1;
  (*t)->versions.push_back(std::move(version));
  XmlWriter w = begin_response(ctx);
  w.open("launchTemplateVersion");
  render_version_fields(w, ctx, **t, (*t)->versions.back());
  w.close("launchTemplateVersion");
  return end_response(w, ctx);
}

HandlerResult modify_launch_template(RequestContext& ctx) {
  auto t = named_template(ctx, "");
  if (!t) return std::unexpected(t.error());
  if (auto denied = authorize_or_dry_run(ctx, "ec2:ModifyLaunchTemplate", template_arn(ctx, (*t)->id))) {
    return std::unexpected(*denied);
  }
  if (const std::string* which = ctx.params.get("SetDefaultVersion")) {
    if (*which == "$Latest" || *which == "$Default") {
      return std::unexpected(invalid_value(*which, "SetDefaultVersion", "Specify a version number."));
    }
    auto version = template_version(**t, *which);
    if (!version) return std::unexpected(version.error());
    (*t)->default_version = (*version)->number;
  }
  XmlWriter w = begin_response(ctx);
  w.open("launchTemplate");
  render_template_fields(w, ctx, **t);
  w.close("launchTemplate");
  return end_response(w, ctx);
}

// Deletes the listed versions, each on its own: AWS answers 200 with per-version successes and
// failures (the default version cannot be deleted; a missing one does not exist).
HandlerResult delete_launch_template_versions(RequestContext& ctx) {
  auto t = named_template(ctx, "");
  if (!t) return std::unexpected(t.error());
  std::vector<std::string> wanted = ctx.params.list("LaunchTemplateVersion");
  if (wanted.empty()) return std::unexpected(missing_parameter("LaunchTemplateVersion"));
  if (wanted.size() > 200) {
    return std::unexpected(invalid_value(std::to_string(wanted.size()), "LaunchTemplateVersion",
                                         "You can specify up to 200 versions at a time."));
  }
  if (auto denied = authorize_or_dry_run(ctx, "ec2:DeleteLaunchTemplateVersions", template_arn(ctx, (*t)->id))) {
    return std::unexpected(*denied);
  }
  LaunchTemplate& lt = **t;
  struct Failure {
    std::string version, code, message;
  };
  std::vector<long long> deleted;
  std::vector<Failure> failed;
  for (const auto& which : wanted) {
    auto v = std::find_if(lt.versions.begin(), lt.versions.end(),
                          [&](const TemplateVersion& tv) { return std::to_string(tv.number) == which; });
    if (v == lt.versions.end()) {
      failed.push_back({which, "launchTemplateVersionDoesNotExist",
                        fmt::format("The specified launch template version, {}, does not exist.", which)});
    } else if (v->number == lt.default_version) {
      failed.push_back({which, "unexpectedError",
                        "Cannot delete the default version of a launch template; use DeleteLaunchTemplate to delete "
                        "the template."});
    } else {
      deleted.push_back(v->number);
      lt.versions.erase(v);
    }
  }
  XmlWriter w = begin_response(ctx);
  w.open("successfullyDeletedLaunchTemplateVersionSet");
  for (long long n : deleted) {
    w.open("item").leaf("launchTemplateId", lt.id).leaf("launchTemplateName", lt.name).leaf("versionNumber", n);
    w.close("item");
  }
  w.close("successfullyDeletedLaunchTemplateVersionSet");
  w.open("unsuccessfullyDeletedLaunchTemplateVersionSet");
  for (const auto& f : failed) {
    w.open("item").leaf("launchTemplateId", lt.id).leaf("launchTemplateName", lt.name);
    w.leaf("versionNumber", f.version);
    w.open("responseError").leaf("code", f.code).leaf("message", f.message).close("responseError");
    w.close("item");
  }
  w.close("unsuccessfullyDeletedLaunchTemplateVersionSet");
  return end_response(w, ctx);
}

}  // namespace rolecall::emulator::ec2

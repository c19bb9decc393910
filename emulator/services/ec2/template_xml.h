#pragma once
// XML of launch templates and their versions (DescribeLaunchTemplates, DescribeLaunchTemplateVersions,
// CreateLaunchTemplate, CreateLaunchTemplateVersion, ModifyLaunchTemplate).

#include "emulator/common/xml_writer.h"
#include "emulator/services/service.h"

namespace rolecall::emulator::ec2 {

// A LaunchTemplate body (no enclosing tag): times, creator, default and latest version, id, name.
void render_template_fields(XmlWriter& w, const RequestContext& ctx, const LaunchTemplate& t);
// A LaunchTemplateVersion body (no enclosing tag), with its launchTemplateData.
void render_version_fields(XmlWriter& w, const RequestContext& ctx, const LaunchTemplate& t, const TemplateVersion& v);

}  // namespace rolecall::emulator::ec2

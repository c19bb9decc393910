// EC2 catalog reads: DescribeRegions, DescribeLaunchTemplates, DescribeLaunchTemplateVersions.
#include <algorithm>

#include <fmt/format.h>

#include "base/glob.h"
#include "emulator/services/ec2/common.h"
#include "emulator/services/ec2/handlers.h"
#include "emulator/services/ec2/template_xml.h"
#include "emulator/services/pagination.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::ec2 {
namespace {

// The templates named by LaunchTemplateId.N / LaunchTemplateName.N (all when neither).
std::expected<std::vector<const LaunchTemplate*>, ApiError> select_templates(RequestContext& ctx,
                                                                             const std::vector<std::string>& ids,
                                                                             const std::vector<std::string>& names) {
  const auto& templates = region_data(ctx).templates;
  std::vector<const LaunchTemplate*> out;
  if (ids.empty() && names.empty()) {
    for (const auto& t : templates) out.push_back(&t);
    return out;
  }
  for (const auto& id : ids) {
    auto it = std::find_if(templates.begin(), templates.end(), [&](const auto& t) { return t.id == id; });
    if (it == templates.end()) {
      return std::unexpected(ApiError{400, "InvalidLaunchTemplateId.NotFound",
                                      "At least one of the launch templates specified in the request does not exist.",
                                      true});
    }
    out.push_back(&*it);
  }
  for (const auto& name : names) {
    auto it = std::find_if(templates.begin(), templates.end(), [&](const auto& t) { return t.name == name; });
    if (it == templates.end()) {
      return std::unexpected(ApiError{400, "InvalidLaunchTemplateName.NotFoundException",
                                      "At least one of the launch templates specified in the request does not exist.",
                                      true});
    }
    out.push_back(&*it);
  }
  return out;
}

}  // namespace

HandlerResult describe_regions(RequestContext& ctx) {
  if (auto denied = authorize_or_dry_run(ctx, "ec2:DescribeRegions", "*")) return std::unexpected(*denied);
  const Estate& estate = ctx.estate();
  const Account& account = ctx.account();
  bool all = ctx.params.flag("AllRegions");
  std::vector<std::string> names = ctx.params.list("RegionName");
  for (const auto& n : names) {
    if (std::find(estate.regions.begin(), estate.regions.end(), n) == estate.regions.end()) {
      return error(400, "InvalidParameterValue", fmt::format("Invalid region name: {}", n));
    }
  }
  auto filters = ctx.params.filters();
  XmlWriter w = begin_response(ctx);
  w.open("regionInfo");
  for (const auto& region : estate.regions) {
    bool opt_in =
        std::find(estate.opt_in_regions.begin(), estate.opt_in_regions.end(), region) != estate.opt_in_regions.end();
    bool enabled = account.region_enabled(region);
    std::string status = !opt_in ? "opt-in-not-required" : enabled ? "opted-in" : "not-opted-in";
    if (!enabled && !all && names.empty()) continue;
    if (!names.empty() && std::find(names.begin(), names.end(), region) == names.end()) continue;
    std::string endpoint = fmt::format("ec2.{}.amazonaws.com", region);
    bool keep = true;
    for (const auto& [name, values] : filters) {
      const std::string& value = name == "region-name" ? region : name == "opt-in-status" ? status : endpoint;
      keep = keep && std::any_of(values.begin(), values.end(),
                                 [&](const auto& v) { return base::glob_match(v, value, false); });
    }
    if (!keep) continue;
    w.open("item")
        .leaf("regionName", region)
        .leaf("regionEndpoint", endpoint)
        .leaf("optInStatus", status)
        .close("item");
  }
  w.close("regionInfo");
  return end_response(w, ctx);
}

HandlerResult describe_launch_templates(RequestContext& ctx) {
  if (auto denied = authorize_or_dry_run(ctx, "ec2:DescribeLaunchTemplates", "*")) return std::unexpected(*denied);
  auto max = ec2_max_results(ctx, 1, 200);
  if (!max) return std::unexpected(max.error());
  auto selected = select_templates(ctx, ctx.params.list("LaunchTemplateId"), ctx.params.list("LaunchTemplateName"));
  if (!selected) return std::unexpected(selected.error());
  std::string scope = fmt::format("{}|{}|{}", ctx.action, ctx.caller.account_id, ctx.region);
  auto offset = ec2_start_offset(ctx, scope);
  if (!offset) return std::unexpected(offset.error());
  PageWindow page = page_window(selected->size(), *offset, max->value_or(selected->size() + 1));
  XmlWriter w = begin_response(ctx);
  w.open("launchTemplates");
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const LaunchTemplate& t = *(*selected)[i];
    w.open("item");
    render_template_fields(w, ctx, t);
    w.close("item");
  }
  w.close("launchTemplates");
  if (page.more) w.leaf("nextToken", make_page_token(ctx.core, scope, page.end));
  return end_response(w, ctx);
}

HandlerResult describe_launch_template_versions(RequestContext& ctx) {
  if (auto denied = authorize_or_dry_run(ctx, "ec2:DescribeLaunchTemplateVersions", "*"))
    return std::unexpected(*denied);
  auto max = ec2_max_results(ctx, 1, 200);
  if (!max) return std::unexpected(max.error());
  std::vector<std::string> ids;
  std::vector<std::string> names;
  if (const auto* id = ctx.params.get("LaunchTemplateId")) ids.push_back(*id);
  if (const auto* name = ctx.params.get("LaunchTemplateName")) names.push_back(*name);
  if (!ids.empty() && !names.empty()) {
    return error(400, "InvalidParameterCombination", "Specify either LaunchTemplateId or LaunchTemplateName, not both");
  }
  std::vector<std::string> wanted = ctx.params.list("LaunchTemplateVersion");
  if (ids.empty() && names.empty()) {
    bool only_aliases = !wanted.empty() && std::all_of(wanted.begin(), wanted.end(),
                                                       [](const auto& v) { return v == "$Latest" || v == "$Default"; });
    if (!only_aliases) return std::unexpected(missing_parameter("LaunchTemplateId or LaunchTemplateName"));
  }
  auto selected = select_templates(ctx, ids, names);
  if (!selected) return std::unexpected(selected.error());
  std::vector<std::pair<const LaunchTemplate*, const TemplateVersion*>> rows;
  for (const LaunchTemplate* t : *selected) {
    for (const auto& v : t->versions) {
      bool keep = wanted.empty();
      for (const auto& want : wanted) {
        keep = keep || want == std::to_string(v.number) || (want == "$Default" && v.number == t->default_version) ||
               (want == "$Latest" && v.number == t->versions.back().number);
      }
      if (keep) rows.emplace_back(t, &v);
    }
  }
  for (const auto& want : wanted) {
    if (want == "$Latest" || want == "$Default" || selected->size() != 1) continue;
    bool exists =
        std::any_of(rows.begin(), rows.end(), [&](const auto& r) { return std::to_string(r.second->number) == want; });
    if (!exists) {
      return error(
          400, "InvalidLaunchTemplateId.VersionNotFound",
          fmt::format("Could not find launch template version {} for launch template {}", want, selected->front()->id));
    }
  }
  std::string scope = fmt::format("{}|{}|{}|{}{}", ctx.action, ctx.caller.account_id, ctx.region,
                                  ids.empty() ? "" : ids.front(), names.empty() ? "" : names.front());
  auto offset = ec2_start_offset(ctx, scope);
  if (!offset) return std::unexpected(offset.error());
  PageWindow page = page_window(rows.size(), *offset, max->value_or(rows.size() + 1));
  XmlWriter w = begin_response(ctx);
  w.open("launchTemplateVersionSet");
  for (std::size_t i = page.begin; i < page.end; ++i) {
    w.open("item");
    render_version_fields(w, ctx, *rows[i].first, *rows[i].second);
    w.close("item");
  }
  w.close("launchTemplateVersionSet");
  if (page.more) w.leaf("nextToken", make_page_token(ctx.core, scope, page.end));
  return end_response(w, ctx);
}

}  // namespace rolecall::emulator::ec2

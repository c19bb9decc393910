#include "remediate/plan_templates_json.h"

#include <limits>

namespace rolecall {

const char* to_string(TemplateActionKind kind) {
  switch (kind) {
    case TemplateActionKind::kUpdate: return "update";
    case TemplateActionKind::kSkip: return "skip";
    case TemplateActionKind::kBlocked: return "blocked";
  }
  return "blocked";
}

bool parse_template_action_kind(const std::string& text, TemplateActionKind& out) {
  for (auto k : {TemplateActionKind::kUpdate, TemplateActionKind::kSkip, TemplateActionKind::kBlocked}) {
    if (text == to_string(k)) {
      out = k;
      return true;
    }
  }
  return false;
}

namespace remediate {
namespace {

using nlohmann::json;
constexpr long long kMaxVersion = std::numeric_limits<long long>::max();

template <typename J>
J template_to_json(const TemplateAction& t) {
  J groups = J::array();
  for (const auto& g : t.groups) {
    groups.push_back(J{{"name", g.name},
                       {"version", g.version},
                       {"mixed_instances_policy", g.mixed_instances_policy},
                       {"instances", g.instance_ids}});
  }
  return J{{"action", to_string(t.kind)},
           {"account_id", t.account_id},
           {"region", t.region},
           {"template_id", t.template_id},
           {"template_name", t.template_name},
           {"source_version", t.source_version},
           {"source_profile", t.source_profile_arn},
           {"default_version", t.default_version},
           {"latest_version", t.latest_version},
           {"target", J{{"arn", t.target.arn}, {"name", t.target.name}, {"role_arn", t.target.role_arn}}},
           {"groups", groups},
           {"reason", t.reason}};
}

// A group's version setting: "$Default", "$Latest" or a version number.
bool valid_version_setting(const std::string& v) {
  if (v == "$Default" || v == "$Latest") return true;
  return !v.empty() && v.size() < 19 && v.find_first_not_of("0123456789") == std::string::npos && v[0] != '0';
}

void read_group_json(PlanJsonReader& r, const json& obj, const std::string& path, GroupLaunch& g) {
  if (!obj.is_object()) {
    r.set_error(path, "expected an object");
    return;
  }
  r.string(obj, path, "name", g.name, true);
  r.string(obj, path, "version", g.version, true);
  r.boolean(obj, path, "mixed_instances_policy", g.mixed_instances_policy);
  r.strings(obj, path, "instances", g.instance_ids);
  if (r.ok() && g.name.empty()) r.set_error(path + ".name", "empty");
  if (r.ok() && !g.version.empty() && !valid_version_setting(g.version)) {
    r.set_error(path + ".version", "expected \"$Default\", \"$Latest\", a version number or \"\" (unknown)");
  }
}

void read_template_json(PlanJsonReader& r, const json& obj, const std::string& path, TemplateAction& t) {
  if (!obj.is_object()) {
    r.set_error(path, "expected an object");
    return;
  }
  std::string kind;
  r.string(obj, path, "action", kind, true);
  if (r.ok() && !parse_template_action_kind(kind, t.kind)) {
    r.set_error(path + ".action", "unknown action \"" + kind + "\" (expected update, skip or blocked)");
  }
  r.string(obj, path, "account_id", t.account_id, true);
  r.string(obj, path, "region", t.region, true);
  r.string(obj, path, "template_id", t.template_id, false);
  r.string(obj, path, "template_name", t.template_name, false);
  r.integer(obj, path, "source_version", t.source_version, false, 0, kMaxVersion);
  r.string(obj, path, "source_profile", t.source_profile_arn, false);
  r.integer(obj, path, "default_version", t.default_version, false, 0, kMaxVersion);
  r.integer(obj, path, "latest_version", t.latest_version, false, 0, kMaxVersion);
  if (const json* target = r.object(obj, path, "target", false)) {
    r.string(*target, path + ".target", "arn", t.target.arn, false);
    r.string(*target, path + ".target", "name", t.target.name, false);
    r.string(*target, path + ".target", "role_arn", t.target.role_arn, false);
  }
  if (const json* groups = r.array(obj, path, "groups", false)) {
    for (std::size_t i = 0; i < groups->size() && r.ok(); ++i) {
      GroupLaunch g;
      read_group_json(r, (*groups)[i], path + ".groups[" + std::to_string(i) + "]", g);
      t.groups.push_back(std::move(g));
    }
  }
  r.string(obj, path, "reason", t.reason, false);
  if (!r.ok() || t.kind != TemplateActionKind::kUpdate) return;
  // What apply needs to make, check and undo the change.
  if (t.template_id.empty()) r.set_error(path + ".template_id", "required for update");
  if (r.ok() && t.target.arn.empty()) r.set_error(path + ".target.arn", "required for update");
  for (auto [key, value] :
       {std::pair{"source_version", t.source_version}, std::pair{"default_version", t.default_version},
        std::pair{"latest_version", t.latest_version}}) {
    if (r.ok() && value < 1) r.set_error(path + "." + key, "required for update (a version number >= 1)");
  }
  for (std::size_t i = 0; i < t.groups.size() && r.ok(); ++i) {
    if (t.groups[i].version.empty()) {
      r.set_error(path + ".groups[" + std::to_string(i) + "].version", "required for update");
    }
  }
}

}  // namespace

nlohmann::ordered_json templates_to_file_json(const std::vector<TemplateAction>& templates) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& t : templates) out.push_back(template_to_json<nlohmann::ordered_json>(t));
  return out;
}

nlohmann::json templates_to_digest_json(const std::vector<TemplateAction>& templates) {
  json out = json::array();
  for (const auto& t : templates) out.push_back(template_to_json<json>(t));
  return out;
}

void read_templates(PlanJsonReader& r, const json& array, const std::string& path, std::vector<TemplateAction>& out) {
  if (!array.is_array()) {
    r.set_error(path, "expected an array");
    return;
  }
  for (std::size_t i = 0; i < array.size() && r.ok(); ++i) {
    TemplateAction t;
    read_template_json(r, array[i], path + "[" + std::to_string(i) + "]", t);
    out.push_back(std::move(t));
  }
}

}  // namespace remediate
}  // namespace rolecall

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
  J out{{"action", to_string(t.kind)},
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
  // Only when set: plans without one keep their digest.
  if (t.scrub.version > 0) {
    J lines = J::array();
    for (const auto& l : t.scrub.lines) lines.push_back(J{{"layer", l.layer}, {"line", l.line}, {"masked", l.masked}});
    out["user_data_scrub"] = J{{"version", t.scrub.version},
                               {"user_data_sha256", t.scrub.user_data_sha256},
                               {"scrubbed_sha256", t.scrub.scrubbed_sha256},
                               {"key_sha256", t.scrub.key_sha256},
                               {"keys", t.scrub.keys_redacted},
                               {"lines", lines},
                               {"diff", t.scrub.diff}};
  }
  return out;
}

bool scrub_sha256_hex(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

void read_scrub_json(PlanJsonReader& r, const json& obj, const std::string& path, UserDataScrub& s) {
  r.integer(obj, path, "version", s.version, true, 1, kMaxVersion);
  r.string(obj, path, "user_data_sha256", s.user_data_sha256, true);
  r.string(obj, path, "scrubbed_sha256", s.scrubbed_sha256, false);
  r.strings(obj, path, "key_sha256", s.key_sha256);
  r.strings(obj, path, "keys", s.keys_redacted);
  r.string(obj, path, "diff", s.diff, false);
  if (const json* lines = r.array(obj, path, "lines", false)) {
    for (std::size_t i = 0; i < lines->size() && r.ok(); ++i) {
      const std::string at = path + ".lines[" + std::to_string(i) + "]";
      if (!(*lines)[i].is_object()) {
        r.set_error(at, "expected an object");
        return;
      }
      ScrubbedLine l;
      r.string((*lines)[i], at, "layer", l.layer, true);
      r.integer((*lines)[i], at, "line", l.line, true, 1, kMaxVersion);
      r.string((*lines)[i], at, "masked", l.masked, false);
      s.lines.push_back(std::move(l));
    }
  }
  if (r.ok() && !scrub_sha256_hex(s.user_data_sha256)) r.set_error(path + ".user_data_sha256", "expected SHA-256 hex");
  if (r.ok() && !s.scrubbed_sha256.empty() && !scrub_sha256_hex(s.scrubbed_sha256)) {
    r.set_error(path + ".scrubbed_sha256", "expected SHA-256 hex");
  }
  for (std::size_t i = 0; i < s.key_sha256.size() && r.ok(); ++i) {
    if (!scrub_sha256_hex(s.key_sha256[i])) {
      r.set_error(path + ".key_sha256[" + std::to_string(i) + "]", "expected SHA-256 hex");
    }
  }
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
  if (const json* scrub = r.object(obj, path, "user_data_scrub", false)) {
    read_scrub_json(r, *scrub, path + ".user_data_scrub", t.scrub);
  }
  if (!r.ok() || t.kind != TemplateActionKind::kUpdate) return;
  // What apply needs to make, check and undo the change.
  if (t.template_id.empty()) r.set_error(path + ".template_id", "required for update");
  if (r.ok() && t.target.arn.empty() && t.scrub.version == 0) {
    r.set_error(path + ".target.arn", "required for update (unless it scrubs user data)");
  }
  if (r.ok() && t.scrub.version > 0) {
    if (t.scrub.version != t.source_version) {
      r.set_error(path + ".user_data_scrub.version", "must be the source_version");
    } else if (t.scrub.scrubbed_sha256.empty() || t.scrub.key_sha256.empty()) {
      r.set_error(path + ".user_data_scrub", "scrubbed_sha256 and key_sha256 are required for update");
    }
  }
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

// Plan files: versioned JSON (schema "rolecall.plan/v1", docs/plan-json.md).
#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "base/sha256.h"
#include "base/untrusted_json.h"
#include "remediate/plan_json_reader.h"
#include "remediate/plan_keys_json.h"
#include "remediate/plan_roles_json.h"
#include "remediate/plan_templates_json.h"
#include "rolecall/plan.h"

namespace rolecall {
namespace {

using nlohmann::json;
using remediate::PlanJsonReader;
using Out = nlohmann::ordered_json;  // written in a fixed, readable key order (schema first)

constexpr const char* kSchema = "rolecall.plan/v1";

// Written files keep a readable key order (Out); the digest's canonical form sorts keys (json).
template <typename J>
J state_to_json(const InstanceState& s) {
  return J{{"instance_id", s.instance_id},
           {"account_id", s.account_id},
           {"region", s.region},
           {"state", s.state},
           {"profile_arn", s.profile_arn},
           {"association_id", s.association_id},
           {"root_device_type", s.root_device_type},
           {"auto_scaling_group", s.auto_scaling_group}};
}

template <typename J>
J target_to_json(const TargetProfile& t) {
  return J{{"arn", t.arn}, {"name", t.name}, {"role_arn", t.role_arn}};
}

template <typename J>
J create_to_json(const ProfileToCreate& p) {
  return J{
      {"account_id", p.account_id}, {"profile_name", p.profile_name}, {"role_name", p.role_name}, {"path", p.path}};
}

template <typename J>
J permissions_to_json(const PermissionChange& p) {
  return J{{"old_role", p.old_role}, {"admin_grants", p.admin_grants}, {"dropped_policies", p.dropped_policies}};
}

// The reviewer labels of an action (added after the first digested plans): present only when set,
// in the file and in the digest alike.
template <typename J>
void labels_to_json(const PlannedAction& a, J& entry) {
  if (!a.instance_name.empty()) entry["name"] = a.instance_name;
  if (!a.permissions.old_role.empty()) entry["permissions"] = permissions_to_json<J>(a.permissions);
  if (!a.managed.tool.empty()) {
    entry["managed"] = J{{"tool", a.managed.tool},
                         {"name", a.managed.name},
                         {"logical_id", a.managed.logical_id},
                         {"allowed", a.managed.allowed}};
  }
}

// The plan-wide review fields (ticket, approver, account names), present only when set.
template <typename J>
void review_to_json(const Plan& plan, J& doc) {
  if (!plan.ticket.empty()) doc["ticket"] = plan.ticket;
  if (!plan.approved_by.empty()) doc["approved_by"] = plan.approved_by;
  if (!plan.account_names.empty()) {
    J names = J::object();
    for (const auto& [id, name] : plan.account_names) names[id] = name;
    doc["account_names"] = names;
  }
}

void read_state(PlanJsonReader& r, const json& obj, const std::string& path, InstanceState& s) {
  r.string(obj, path, "instance_id", s.instance_id, true);
  r.string(obj, path, "account_id", s.account_id, true);
  r.string(obj, path, "region", s.region, true);
  r.string(obj, path, "state", s.state, false);
  r.string(obj, path, "profile_arn", s.profile_arn, false);
  r.string(obj, path, "association_id", s.association_id, false);
  r.string(obj, path, "root_device_type", s.root_device_type, false);
  r.string(obj, path, "auto_scaling_group", s.auto_scaling_group, false);
  if (r.ok() && s.instance_id.empty()) r.set_error(path + ".instance_id", "empty");
}

void read_action(PlanJsonReader& r, const json& obj, const std::string& path, PlannedAction& a) {
  if (!obj.is_object()) {
    r.set_error(path, "expected an object");
    return;
  }
  std::string kind;
  r.string(obj, path, "action", kind, true);
  if (r.ok() && !parse_action_kind(kind, a.kind)) {
    r.set_error(path + ".action", "unknown action \"" + kind + "\" (expected associate, replace, skip or blocked)");
  }
  if (const json* before = r.object(obj, path, "before", true)) read_state(r, *before, path + ".before", a.before);
  if (const json* target = r.object(obj, path, "target", false)) {
    r.string(*target, path + ".target", "arn", a.target.arn, false);
    r.string(*target, path + ".target", "name", a.target.name, false);
    r.string(*target, path + ".target", "role_arn", a.target.role_arn, false);
  }
  r.string(obj, path, "reason", a.reason, false);
  r.strings(obj, path, "fixes", a.fixes);
  r.string(obj, path, "name", a.instance_name, false);
  if (const json* p = r.object(obj, path, "permissions", false)) {
    r.string(*p, path + ".permissions", "old_role", a.permissions.old_role, false);
    r.strings(*p, path + ".permissions", "admin_grants", a.permissions.admin_grants);
    r.strings(*p, path + ".permissions", "dropped_policies", a.permissions.dropped_policies);
  }
  if (const json* m = r.object(obj, path, "managed", false)) {
    r.string(*m, path + ".managed", "tool", a.managed.tool, true);
    r.string(*m, path + ".managed", "name", a.managed.name, false);
    r.string(*m, path + ".managed", "logical_id", a.managed.logical_id, false);
    r.boolean(*m, path + ".managed", "allowed", a.managed.allowed);
    if (r.ok() && a.managed.tool != "cloudformation" && a.managed.tool != "terraform") {
      r.set_error(path + ".managed.tool", "expected \"cloudformation\" or \"terraform\"");
    }
  }
  if (!r.ok()) return;
  if ((a.kind == ActionKind::kAssociate || a.kind == ActionKind::kReplace) && a.target.arn.empty()) {
    r.set_error(path + ".target.arn", std::string("required for ") + to_string(a.kind));
  }
  if (r.ok() && a.kind == ActionKind::kReplace && a.before.association_id.empty()) {
    r.set_error(path + ".before.association_id", "required for replace");
  }
}

void read_create(PlanJsonReader& r, const json& obj, const std::string& path, ProfileToCreate& p) {
  if (!obj.is_object()) {
    r.set_error(path, "expected an object");
    return;
  }
  r.string(obj, path, "account_id", p.account_id, true);
  r.string(obj, path, "profile_name", p.profile_name, true);
  r.string(obj, path, "role_name", p.role_name, true);
  r.string(obj, path, "path", p.path, false);
}

}  // namespace

const char* to_string(ActionKind kind) {
  switch (kind) {
    case ActionKind::kAssociate: return "associate";
    case ActionKind::kReplace: return "replace";
    case ActionKind::kSkip: return "skip";
    case ActionKind::kBlocked: return "blocked";
  }
  return "blocked";
}

bool parse_action_kind(const std::string& text, ActionKind& out) {
  for (ActionKind k : {ActionKind::kAssociate, ActionKind::kReplace, ActionKind::kSkip, ActionKind::kBlocked}) {
    if (text == to_string(k)) {
      out = k;
      return true;
    }
  }
  return false;
}

std::string plan_digest(const Plan& plan) {
  json creates = json::array();
  for (const auto& p : plan.create_profiles) creates.push_back(create_to_json<json>(p));
  json actions = json::array();
  for (const auto& a : plan.actions) {
    json entry{{"action", to_string(a.kind)},
               {"before", state_to_json<json>(a.before)},
               {"target", target_to_json<json>(a.target)},  // always, empty strings when unknown
               {"reason", a.reason},
               {"fixes", a.fixes}};
    labels_to_json(a, entry);
    actions.push_back(std::move(entry));
  }
  json doc{{"schema", kSchema},
           {"version", plan.version},
           {"created_at", plan.created_at},
           {"created_by", plan.created_by},
           {"target", plan.target_description},
           {"approved", plan.approved},
           {"create_profiles", creates},
           {"actions", actions}};
  review_to_json(plan, doc);
  if (!plan.templates.empty()) doc["launch_templates"] = remediate::templates_to_digest_json(plan.templates);
  remediate::keys_to_digest_json(plan, doc);
  remediate::roles_to_digest_json(plan, doc);
  // json_text replaces invalid UTF-8 as the written file does, so a plan read back digests the same.
  return "sha256:" + base::sha256_hex(base::json_text(doc));
}

Result<void> check_plan_digest(const Plan& plan, const std::string& source, bool allow_unsigned) {
  if (plan.digest.empty()) {
    if (allow_unsigned) return {};
    return fail(Error::invalid_argument(source +
                                        ": the plan carries no digest (written by an older rolecall?): plan again, or "
                                        "review it and pass --allow-unsigned-plan")
                    .with_code(kPlanUnsignedCode));
  }
  const std::string actual = plan_digest(plan);
  if (plan.digest != actual) {
    return fail(Error::invalid_argument(source + ": the plan was changed after planning: it says " + plan.digest +
                                        " but its content digests to " + actual +
                                        "; nothing was applied (plan again instead of editing the file)")
                    .with_code(kPlanChangedCode));
  }
  return {};
}

std::string plan_to_json(const Plan& plan) {
  Out creates = Out::array();
  for (const auto& p : plan.create_profiles) {
    creates.push_back(create_to_json<Out>(p));
  }
  Out actions = Out::array();
  for (const auto& a : plan.actions) {
    Out entry{{"action", to_string(a.kind)}, {"before", state_to_json<Out>(a.before)}};
    if (!a.target.arn.empty() || !a.target.name.empty() || !a.target.role_arn.empty()) {
      entry["target"] = target_to_json<Out>(a.target);
    }
    entry["reason"] = a.reason;
    entry["fixes"] = a.fixes;
    labels_to_json(a, entry);
    actions.push_back(std::move(entry));
  }
  Out summary{{"associate", plan.count(ActionKind::kAssociate)},
              {"replace", plan.count(ActionKind::kReplace)},
              {"blocked", plan.count(ActionKind::kBlocked)},
              {"skip", plan.count(ActionKind::kSkip)}};
  Out doc{{"schema", kSchema},
          {"version", plan.version},
          {"created_at", plan.created_at},
          {"created_by", plan.created_by},
          {"target", plan.target_description},
          {"digest", plan_digest(plan)}};
  review_to_json(plan, doc);
  doc["approved"] = plan.approved;
  doc["summary"] = summary;
  doc["create_profiles"] = creates;
  doc["actions"] = actions;
  if (!plan.templates.empty()) {
    doc["summary"]["launch_templates"] = Out{{"update", plan.count(TemplateActionKind::kUpdate)},
                                             {"skip", plan.count(TemplateActionKind::kSkip)},
                                             {"blocked", plan.count(TemplateActionKind::kBlocked)}};
    doc["launch_templates"] = remediate::templates_to_file_json(plan.templates);
  }
  remediate::keys_to_file_json(plan, doc);
  remediate::roles_to_file_json(plan, doc);
  // Invalid UTF-8 (e.g. from a tag value) is replaced rather than thrown: a plan must always be writable.
  return base::json_text(doc, 2) + "\n";
}

Result<Plan> plan_from_json(const std::string& text, const std::string& source) {
  auto parsed = base::parse_untrusted_json(text, source);
  if (!parsed) return fail(parsed.error());
  const json& doc = *parsed;
  if (!doc.is_object()) return fail(ErrorKind::kInvalidArgument, source + ": $: expected an object (a rolecall plan)");
  PlanJsonReader r(source);
  std::string schema;
  r.string(doc, "$", "schema", schema, true);
  if (!r.ok()) return fail(r.error());
  if (schema.rfind("rolecall.plan/", 0) != 0) {
    return fail(ErrorKind::kInvalidArgument, source + ": $.schema: \"" + schema + "\" is not a rolecall plan");
  }
  if (schema != kSchema) {
    return fail(ErrorKind::kInvalidArgument, source + ": $.schema: unsupported plan version \"" + schema +
                                                 "\" (this rolecall reads " + kSchema + ")");
  }
  Plan plan;
  if (auto v = doc.find("version"); v != doc.end()) {
    if (!v->is_number_integer()) return fail(ErrorKind::kInvalidArgument, source + ": $.version: expected an integer");
    // Compared as a JSON number: narrowing first would take 4294967297 for version 1.
    if (*v != Plan::kVersion) {
      return fail(ErrorKind::kInvalidArgument, source + ": $.version: unsupported plan version " + base::json_text(*v));
    }
    plan.version = Plan::kVersion;
  }
  r.string(doc, "$", "created_at", plan.created_at, false);
  r.string(doc, "$", "created_by", plan.created_by, false);
  r.string(doc, "$", "target", plan.target_description, false);
  r.string(doc, "$", "digest", plan.digest, false);
  r.string(doc, "$", "ticket", plan.ticket, false);
  r.string(doc, "$", "approved_by", plan.approved_by, false);
  if (const json* names = r.object(doc, "$", "account_names", false)) {
    for (const auto& [id, name] : names->items()) {
      if (!name.is_string()) {
        r.set_error("$.account_names." + id, "expected a string");
        break;
      }
      plan.account_names[id] = name.get<std::string>();
    }
  }
  r.strings(doc, "$", "approved", plan.approved);
  if (const json* creates = r.array(doc, "$", "create_profiles", false)) {
    for (std::size_t i = 0; i < creates->size() && r.ok(); ++i) {
      ProfileToCreate p;
      read_create(r, (*creates)[i], "$.create_profiles[" + std::to_string(i) + "]", p);
      plan.create_profiles.push_back(std::move(p));
    }
  }
  if (const json* actions = r.array(doc, "$", "actions", true)) {
    plan.actions.reserve(actions->size());
    for (std::size_t i = 0; i < actions->size() && r.ok(); ++i) {
      PlannedAction a;
      read_action(r, (*actions)[i], "$.actions[" + std::to_string(i) + "]", a);
      plan.actions.push_back(std::move(a));
    }
  }
  if (r.ok()) {
    if (auto t = doc.find("launch_templates"); t != doc.end()) {
      remediate::read_templates(r, *t, "$.launch_templates", plan.templates);
    }
  }
  if (r.ok()) remediate::read_keys(r, doc, plan);
  if (r.ok()) remediate::read_roles(r, doc, plan);
  if (!r.ok()) return fail(r.error());
  return plan;
}

}  // namespace rolecall

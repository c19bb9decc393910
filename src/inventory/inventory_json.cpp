#include "inventory/inventory_json.h"

namespace rolecall::inventory {
namespace {

using nlohmann::json;

constexpr ErrorKind kAllKinds[] = {
    ErrorKind::kInvalidArgument,
    ErrorKind::kParse,
    ErrorKind::kNetwork,
    ErrorKind::kHttp,
    ErrorKind::kAws,
    ErrorKind::kThrottled,
    ErrorKind::kCredentials,
    ErrorKind::kAccessDenied,
    ErrorKind::kNotFound,
    ErrorKind::kIo,
    ErrorKind::kInternal,
    ErrorKind::kCancelled,
};

json optional_error(const std::optional<Error>& e) { return e ? error_to_json(*e) : json(nullptr); }

std::vector<std::string> strings(JsonReader& r, const json& obj, std::string_view key, const std::string& path) {
  std::vector<std::string> out;
  const json* a = r.array(obj, key, path);
  if (a == nullptr) return out;
  std::string p = JsonReader::key_path(path, key);
  for (std::size_t i = 0; i < a->size(); ++i) {
    if (!(*a)[i].is_string()) {
      r.fail(JsonReader::index_path(p, i), "expected a string");
      return out;
    }
    out.push_back((*a)[i].get<std::string>());
  }
  return out;
}

// Calls fn(element, path) for every element of array `key`, stopping at the first problem.
template <typename Fn>
void each(JsonReader& r, const json& obj, std::string_view key, const std::string& path, Fn fn) {
  const json* a = r.array(obj, key, path);
  if (a == nullptr) return;
  std::string p = JsonReader::key_path(path, key);
  for (std::size_t i = 0; i < a->size() && !r.failed(); ++i) {
    std::string ip = JsonReader::index_path(p, i);
    if (r.expect_object((*a)[i], ip)) fn((*a)[i], ip);
  }
}

void check_schema(JsonReader& r, const json& doc, const char* schema) {
  if (!r.expect_object(doc, "")) return;
  std::string got = r.string(doc, "schema", "");
  if (!r.failed() && got != schema) r.fail("schema", "expected \"" + std::string(schema) + "\", got \"" + got + "\"");
}

json instance_to_json(const Instance& i) {
  json tags = json::array();
  for (const auto& t : i.tags) tags.push_back({{"key", t.key}, {"value", t.value}});
  return {
      {"id", i.id},
      {"state", i.state},
      {"instance_type", i.instance_type},
      {"profile_arn", i.profile_arn},
      {"profile_id", i.profile_id},
      {"launch_template_id", i.launch_template_id},
      {"launch_template_version", i.launch_template_version},
      {"root_device_type", i.root_device_type},
      {"launch_time", i.launch_time},
      {"vpc_id", i.vpc_id},
      {"subnet_id", i.subnet_id},
      {"private_ip", i.private_ip},
      {"public_ip", i.public_ip},
      {"metadata",
       {{"http_tokens", i.metadata.http_tokens},
        {"http_endpoint", i.metadata.http_endpoint},
        {"http_put_response_hop_limit", i.metadata.http_put_response_hop_limit}}},
      {"tags", tags},
      {"user_data", i.user_data ? json(*i.user_data) : json(nullptr)},
      {"user_data_error", optional_error(i.user_data_error)},
  };
}

Instance instance_from_json(JsonReader& r, const json& o, const std::string& p, const RegionInventory& region) {
  Instance i;
  i.account_id = region.account_id;
  i.region = region.region;
  i.id = r.string(o, "id", p);
  i.state = r.string(o, "state", p);
  i.instance_type = r.string(o, "instance_type", p);
  i.profile_arn = r.string(o, "profile_arn", p);
  i.profile_id = r.string(o, "profile_id", p);
  i.launch_template_id = r.string(o, "launch_template_id", p);
  i.launch_template_version = r.string(o, "launch_template_version", p);
  i.root_device_type = r.string(o, "root_device_type", p);
  i.launch_time = r.string(o, "launch_time", p);
  // The addresses trace CloudTrail calls to the instance; absent from older collections.
  i.vpc_id = r.string(o, "vpc_id", p, false);
  i.subnet_id = r.string(o, "subnet_id", p, false);
  i.private_ip = r.string(o, "private_ip", p, false);
  i.public_ip = r.string(o, "public_ip", p, false);
  if (const json* md = r.object(o, "metadata", p)) {
    std::string mp = JsonReader::key_path(p, "metadata");
    i.metadata.http_tokens = r.string(*md, "http_tokens", mp);
    i.metadata.http_endpoint = r.string(*md, "http_endpoint", mp);
    i.metadata.http_put_response_hop_limit = static_cast<int>(r.integer(*md, "http_put_response_hop_limit", mp));
  }
  each(r, o, "tags", p, [&](const json& t, const std::string& tp) {
    i.tags.push_back({r.string(t, "key", tp), r.string(t, "value", tp)});
  });
  // user_data must be present: null means "not collected", which is not the same as "none".
  if (r.member(o, "user_data", p, false) != nullptr) {
    i.user_data = r.string(o, "user_data", p);
  } else if (!o.contains("user_data")) {
    r.fail(JsonReader::key_path(p, "user_data"), "missing key (null when not collected)");
  }
  if (const json* e = r.member(o, "user_data_error", p, false)) {
    i.user_data_error = error_from_json(r, *e, JsonReader::key_path(p, "user_data_error"));
  }
  return i;
}

json template_to_json(const LaunchTemplate& lt) {
  json versions = json::array();
  for (const auto& v : lt.versions) {
    versions.push_back({{"version_number", v.version_number},
                        {"is_default", v.is_default},
                        {"user_data", v.user_data},
                        {"profile_arn", v.profile_arn},
                        {"profile_name", v.profile_name},
                        {"http_tokens", v.http_tokens}});
  }
  return {{"id", lt.id},
          {"name", lt.name},
          {"default_version", lt.default_version},
          {"latest_version", lt.latest_version},
          {"versions", versions}};
}

LaunchTemplate template_from_json(JsonReader& r, const json& o, const std::string& p, const RegionInventory& region) {
  LaunchTemplate lt;
  lt.account_id = region.account_id;
  lt.region = region.region;
  lt.id = r.string(o, "id", p);
  lt.name = r.string(o, "name", p);
  lt.default_version = r.integer(o, "default_version", p);
  lt.latest_version = r.integer(o, "latest_version", p);
  each(r, o, "versions", p, [&](const json& v, const std::string& vp) {
    LaunchTemplateVersion& out = lt.versions.emplace_back();
    out.template_id = lt.id;
    out.template_name = lt.name;
    out.version_number = r.integer(v, "version_number", vp);
    out.is_default = r.boolean(v, "is_default", vp);
    out.user_data = r.string(v, "user_data", vp);
    out.profile_arn = r.string(v, "profile_arn", vp);
    out.profile_name = r.string(v, "profile_name", vp);
    out.http_tokens = r.string(v, "http_tokens", vp);
  });
  return lt;
}

}  // namespace

json error_to_json(const Error& e) {
  return {{"kind", to_string(e.kind)},
          {"message", e.message},
          {"code", e.code},
          {"request_id", e.request_id},
          {"http_status", e.http_status}};
}

std::optional<Error> error_from_json(JsonReader& r, const json& value, const std::string& path) {
  if (value.is_null()) return std::nullopt;
  if (!r.expect_object(value, path)) return std::nullopt;
  Error e;
  std::string kind = r.string(value, "kind", path);
  bool known = false;
  for (ErrorKind k : kAllKinds) {
    if (kind == to_string(k)) {
      e.kind = k;
      known = true;
    }
  }
  if (!known && !r.failed()) r.fail(JsonReader::key_path(path, "kind"), "unknown error kind \"" + kind + "\"");
  e.message = r.string(value, "message", path);
  e.code = r.string(value, "code", path, false);
  e.request_id = r.string(value, "request_id", path, false);
  e.http_status = static_cast<int>(r.integer(value, "http_status", path, false));
  return e;
}

json account_to_json(const AccountInventory& a) {
  json roles = json::array(), profiles = json::array(), policies = json::array();
  for (const auto& role : a.roles) {
    json inline_policies = json::array();
    for (const auto& p : role.inline_policies) inline_policies.push_back({{"name", p.name}, {"document", p.document}});
    roles.push_back({{"arn", role.arn},
                     {"name", role.name},
                     {"role_id", role.role_id},
                     {"path", role.path},
                     {"trust_policy", role.trust_policy},
                     {"attached_policy_arns", role.attached_policy_arns},
                     {"inline_policies", inline_policies},
                     {"permissions_boundary_arn", role.permissions_boundary_arn}});
  }
  for (const auto& p : a.profiles) {
    profiles.push_back({{"arn", p.arn}, {"name", p.name}, {"id", p.id}, {"path", p.path}, {"role_arns", p.role_arns}});
  }
  for (const auto& p : a.policies) {
    policies.push_back(
        {{"arn", p.arn}, {"name", p.name}, {"default_version_id", p.default_version_id}, {"document", p.document}});
  }
  return {{"schema", kAccountSchema},
          {"account_id", a.account_id},
          {"partition", a.partition},
          {"iam_collected", a.iam_collected},
          {"iam_error", optional_error(a.iam_error)},
          {"roles", roles},
          {"profiles", profiles},
          {"policies", policies}};
}

AccountInventory account_from_json(JsonReader& r, const json& doc) {
  AccountInventory a;
  check_schema(r, doc, kAccountSchema);
  if (r.failed()) return a;
  a.account_id = r.string(doc, "account_id", "");
  a.partition = r.string(doc, "partition", "");
  a.iam_collected = r.boolean(doc, "iam_collected", "");
  if (const json* e = r.member(doc, "iam_error", "", false)) a.iam_error = error_from_json(r, *e, "iam_error");
  each(r, doc, "roles", "", [&](const json& o, const std::string& p) {
    Role& role = a.roles.emplace_back();
    role.arn = r.string(o, "arn", p);
    role.name = r.string(o, "name", p);
    role.role_id = r.string(o, "role_id", p);
    role.path = r.string(o, "path", p);
    role.trust_policy = r.string(o, "trust_policy", p);
    role.attached_policy_arns = strings(r, o, "attached_policy_arns", p);
    each(r, o, "inline_policies", p, [&](const json& ip, const std::string& ipp) {
      role.inline_policies.push_back({r.string(ip, "name", ipp), r.string(ip, "document", ipp)});
    });
    role.permissions_boundary_arn = r.string(o, "permissions_boundary_arn", p);
  });
  each(r, doc, "profiles", "", [&](const json& o, const std::string& p) {
    InstanceProfile& profile = a.profiles.emplace_back();
    profile.arn = r.string(o, "arn", p);
    profile.name = r.string(o, "name", p);
    profile.id = r.string(o, "id", p);
    profile.path = r.string(o, "path", p);
    profile.role_arns = strings(r, o, "role_arns", p);
  });
  each(r, doc, "policies", "", [&](const json& o, const std::string& p) {
    ManagedPolicy& policy = a.policies.emplace_back();
    policy.arn = r.string(o, "arn", p);
    policy.name = r.string(o, "name", p);
    policy.default_version_id = r.string(o, "default_version_id", p);
    policy.document = r.string(o, "document", p);
  });
  a.build_index();
  return a;
}

json egress_to_json(const RegionEgress& egress) {
  json gateways = json::array();
  for (const auto& gw : egress.nat_gateways)
    gateways.push_back({{"id", gw.id}, {"vpc_id", gw.vpc_id}, {"public_ips", gw.public_ips}});
  return {{"nat_gateways", gateways}, {"subnet_nat", egress.subnet_nat}, {"main_nat", egress.main_nat}};
}

// An object of strings ("subnet_nat": {"subnet-1": "nat-1"}) into `into`.
void string_map(JsonReader& r, const json& obj, std::string_view key, const std::string& path,
                std::map<std::string, std::string>& into) {
  const json* m = r.object(obj, key, path, false);
  if (m == nullptr) return;
  for (const auto& [k, v] : m->items()) {
    if (!v.is_string()) {
      r.fail(JsonReader::key_path(JsonReader::key_path(path, key), k), "expected a string");
      return;
    }
    into[k] = v.get<std::string>();
  }
}

RegionEgress egress_from_json(JsonReader& r, const json& doc, const std::string& p) {
  RegionEgress egress;
  each(r, doc, "nat_gateways", p, [&](const json& o, const std::string& gp) {
    NatGateway& gw = egress.nat_gateways.emplace_back();
    gw.id = r.string(o, "id", gp);
    gw.vpc_id = r.string(o, "vpc_id", gp);
    gw.public_ips = strings(r, o, "public_ips", gp);
  });
  string_map(r, doc, "subnet_nat", p, egress.subnet_nat);
  string_map(r, doc, "main_nat", p, egress.main_nat);
  return egress;
}

json region_to_json(const RegionInventory& region) {
  json instances = json::array(), templates = json::array();
  for (const auto& i : region.instances) instances.push_back(instance_to_json(i));
  for (const auto& lt : region.launch_templates) templates.push_back(template_to_json(lt));
  return {{"schema", kRegionSchema},
          {"account_id", region.account_id},
          {"region", region.region},
          {"instances_error", optional_error(region.instances_error)},
          {"launch_templates_error", optional_error(region.launch_templates_error)},
          {"launch_templates_collected", region.launch_templates_collected},
          {"user_data_collected", region.user_data_collected},
          {"egress_collected", region.egress_collected},
          {"egress_error", optional_error(region.egress_error)},
          {"egress", egress_to_json(region.egress)},
          {"instances", instances},
          {"launch_templates", templates}};
}

RegionInventory region_from_json(JsonReader& r, const json& doc) {
  RegionInventory region;
  check_schema(r, doc, kRegionSchema);
  if (r.failed()) return region;
  region.account_id = r.string(doc, "account_id", "");
  region.region = r.string(doc, "region", "");
  if (const json* e = r.member(doc, "instances_error", "", false))
    region.instances_error = error_from_json(r, *e, "instances_error");
  if (const json* e = r.member(doc, "launch_templates_error", "", false)) {
    region.launch_templates_error = error_from_json(r, *e, "launch_templates_error");
  }
  region.launch_templates_collected = r.boolean(doc, "launch_templates_collected", "");
  region.user_data_collected = r.boolean(doc, "user_data_collected", "");
  // Absent from collections before trail log files could be read offline (the scan says so).
  region.egress_collected = r.boolean(doc, "egress_collected", "", false, false);
  if (const json* e = r.member(doc, "egress_error", "", false))
    region.egress_error = error_from_json(r, *e, "egress_error");
  if (const json* e = r.object(doc, "egress", "", false)) region.egress = egress_from_json(r, *e, "egress");
  each(r, doc, "instances", "",
       [&](const json& o, const std::string& p) { region.instances.push_back(instance_from_json(r, o, p, region)); });
  each(r, doc, "launch_templates", "", [&](const json& o, const std::string& p) {
    region.launch_templates.push_back(template_from_json(r, o, p, region));
  });
  return region;
}

}  // namespace rolecall::inventory

// Strict estate loading: every key is known, every id well-formed, every reference resolves.
#include <algorithm>
#include <initializer_list>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "base/iso8601.h"
#include "base/sha256.h"
#include "emulator/common/validate.h"
#include "emulator/estate/estate_io.h"
#include "emulator/estate/group_io.h"
#include "emulator/estate/load_helpers.h"
#include "emulator/estate/managed_policies.h"
#include "emulator/estate/network_loader.h"
#include "emulator/estate/policy_io.h"
#include "emulator/estate/trail_io.h"

namespace rolecall::emulator {
namespace {

using nlohmann::json;
using namespace load;

std::string hex_digest_of(const std::string& text, std::size_t digits) {
  return base::sha256_hex(text).substr(0, digits);
}

bool region_ok(std::string_view t) { return is_region_name(t); }
bool account_id_ok(std::string_view t) { return is_account_id(t); }
// IAM's account alias rule: 3 to 63 of a-z, 0-9 and '-', not starting or ending with '-'.
bool account_alias_ok(std::string_view t) {
  if (t.size() < 3 || t.size() > 63 || t.front() == '-' || t.back() == '-') return false;
  for (char c : t) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}
bool instance_id_ok(std::string_view t) { return is_hex_id(t, "i-", 8, 17); }
bool template_id_ok(std::string_view t) { return is_hex_id(t, "lt-", 17); }
bool access_key_ok(std::string_view t) { return is_access_key_id(t); }
bool name_ok(std::string_view t) { return is_iam_name(t); }
bool org_id_ok(std::string_view t) { return is_organization_id(t); }

// An access key's moment at `key`: an ISO 8601 string, or an object with "date" or "days_ago"
// (other members are the caller's to check); unset when absent.
KeyMoment key_moment(const json& object, const std::string& path, const char* key) {
  KeyMoment m;
  auto it = object.find(key);
  if (it == object.end()) return m;
  std::string p = path + "." + key;
  if (it->is_string()) {
    m.date = it->get<std::string>();
  } else if (it->is_object()) {
    if (key == std::string_view("created")) check_keys(*it, p, {"date", "days_ago", "minutes_ago"});
    m.date = str(*it, p, "date", false);
    if (auto d = it->find("days_ago"); d != it->end()) {
      if (!d->is_number_integer() || d->get<long long>() < 0 || d->get<long long>() > 36500) {
        bad(p + ".days_ago", "expected a whole number of days between 0 and 36500");
      }
      if (!m.date.empty() || it->contains("minutes_ago")) bad(p, "give one of date, days_ago, minutes_ago");
      m.days_ago = d->get<int>();
    } else if (auto n = it->find("minutes_ago"); n != it->end()) {
      if (!n->is_number_integer() || n->get<long long>() < 0 || n->get<long long>() > 36500LL * 1440) {
        bad(p + ".minutes_ago", "expected a whole number of minutes between 0 and 52560000");
      }
      if (!m.date.empty()) bad(p, "give one of date, days_ago, minutes_ago");
      m.minutes_ago = n->get<long long>();
    } else if (m.date.empty()) {
      bad(p, "missing date, days_ago or minutes_ago");
    }
  } else {
    bad(p, "expected an ISO 8601 date or an object");
  }
  if (!m.date.empty() && !base::parse_iso8601(m.date)) bad(p, "'" + m.date + "' is not an ISO 8601 date");
  return m;
}

struct Loader {
  Estate estate;
  std::set<std::string> instance_ids;
  std::set<std::string> key_ids;
  std::set<std::string> event_ids;
  NetworkDraft draft;

  void load_user(Account& account, const json& j, const std::string& path) {
    check_keys(
        j, path,
        {"name", "path", "access_keys", "attached_policy_arns", "inline_policies", "groups", "permissions_boundary"});
    User u;
    u.name = str(j, path, "name", true);
    matches(u.name, path + ".name", name_ok, "a valid IAM name");
    u.path = check_path(j, path);
    u.arn = iam_arn(estate.partition, account.id, "user", u.path, u.name);
    u.id = derived_id("AIDA", u.arn);
    const json& keys = arr(j, path, "access_keys");
    for (std::size_t i = 0; i < keys.size(); ++i) {
      std::string p = fmt::format("{}.access_keys[{}]", path, i);
      check_keys(keys[i], p, {"id", "secret", "status", "created", "last_used"});
      AccessKey k{str(keys[i], p, "id", true), str(keys[i], p, "secret", true), true, {}, {}};
      k.created = key_moment(keys[i], p, "created");
      if (keys[i].contains("last_used")) {
        const json& used = keys[i]["last_used"];
        std::string up = p + ".last_used";
        check_keys(used, up, {"date", "days_ago", "minutes_ago", "service", "region"});
        k.last_used.when = key_moment(keys[i], p, "last_used");
        k.last_used.service = str(used, up, "service", true);
        k.last_used.region = str(used, up, "region", true);
      }
      matches(k.id, p + ".id", access_key_ok, "an access key id");
      if (k.secret.empty()) bad(p + ".secret", "must not be empty");
      std::string status = str(keys[i], p, "status", false, "Active");
      one_of(status, p + ".status", {"Active", "Inactive"});
      k.active = status == "Active";
      if (!key_ids.insert(k.id).second) bad(p + ".id", "duplicate access key id");
      u.access_keys.push_back(std::move(k));
    }
    u.attached_policy_arns = strings(j, path, "attached_policy_arns");
    u.inline_policies = inline_policies(j, path);
    u.groups = strings(j, path, "groups");
    for (std::size_t i = 0; i < u.groups.size(); ++i) {
      if (account.find_group(u.groups[i]) == nullptr) {
        bad(fmt::format("{}.groups[{}]", path, i), "'" + u.groups[i] + "' is not a group of this account");
      }
    }
    u.permissions_boundary = boundary(account, j, path);
    account.users.push_back(std::move(u));
  }

  void check_attached(const Account& account, const std::vector<std::string>& arns, const std::string& path) {
    for (std::size_t i = 0; i < arns.size(); ++i) {
      if (!account.find_customer_policy(arns[i]) && !find_aws_managed_policy(arns[i])) {
        bad(fmt::format("{}.attached_policy_arns[{}]", path, i),
            "'" + arns[i] + "' is neither a managed policy of this account nor a built-in AWS managed policy");
      }
    }
  }

  // The optional "permissions_boundary": a managed policy ARN the entity's account can attach.
  std::string boundary(const Account& account, const json& j, const std::string& path) {
    std::string arn = str(j, path, "permissions_boundary", false);
    if (!arn.empty() && !find_managed_policy(account, arn)) {
      bad(path + ".permissions_boundary",
          "'" + arn + "' is neither a managed policy of this account nor a built-in AWS managed policy");
    }
    return arn;
  }

  void load_instance(Account& account, const json& j, const std::string& path) {
    check_keys(j, path,
               {"id", "region", "state", "instance_type", "instance_profile", "launch_template", "user_data",
                "http_tokens", "root_device_type", "launch_time", "tags", "availability_zone", "image_id", "subnet",
                "private_ip", "public_ip", "security_groups", "reservation"});
    Instance in;
    in.id = str(j, path, "id", true);
    matches(in.id, path + ".id", instance_id_ok, "an instance id (i- and 8 or 17 hex digits)");
    if (!instance_ids.insert(in.id).second) bad(path + ".id", "duplicate instance id");
    in.region = str(j, path, "region", true);
    if (!account.regions.contains(in.region))
      bad(path + ".region", "'" + in.region + "' is not in the estate's regions");
    in.state = str(j, path, "state", false, "running");
    one_of(in.state, path + ".state", {"pending", "running", "stopping", "stopped", "shutting-down", "terminated"});
    in.instance_type = str(j, path, "instance_type", false, "t3.micro");
    in.profile_name = opt_str(j, path, "instance_profile");
    if (auto it = j.find("launch_template"); it != j.end() && !it->is_null()) {
      check_keys(*it, path + ".launch_template", {"id", "version"});
      LaunchTemplateRef ref{str(*it, path + ".launch_template", "id", true),
                            str(*it, path + ".launch_template", "version", false, "1")};
      matches(ref.id, path + ".launch_template.id", template_id_ok, "a launch template id");
      in.launch_template = ref;
    }
    in.user_data = str(j, path, "user_data", false);
    if (!is_base64(in.user_data)) bad(path + ".user_data", "not base64");
    in.http_tokens = str(j, path, "http_tokens", false, "optional");
    one_of(in.http_tokens, path + ".http_tokens", {"optional", "required"});
    in.root_device_type = str(j, path, "root_device_type", false, "ebs");
    one_of(in.root_device_type, path + ".root_device_type", {"ebs", "instance-store"});
    in.launch_time = str(j, path, "launch_time", false, "2026-01-01T00:00:00Z");
    in.availability_zone = str(j, path, "availability_zone", false);  // else its subnet's (network_loader)
    load_instance_networking(in, draft, j, path);
    in.image_id = str(j, path, "image_id", false);
    if (auto it = j.find("tags"); it != j.end() && !it->is_null()) {
      if (!it->is_object()) bad(path + ".tags", "expected an object of strings");
      for (const auto& [k, v] : it->items()) {
        if (!v.is_string()) bad(path + ".tags." + k, "expected a string");
        in.tags.emplace_back(k, v.get<std::string>());
      }
    }
    if (in.profile_name) {
      if (in.profile_name->empty()) bad(path + ".instance_profile", "empty profile name (use null for none)");
      Association a;
      a.id = "iip-assoc-" + hex_digest_of(in.id, 17);
      a.profile_name = *in.profile_name;
      const ProfileDef* p = account.find_profile(a.profile_name);
      a.profile_arn = p ? p->arn : iam_arn(estate.partition, account.id, "instance-profile", "/", a.profile_name);
      a.profile_id = p ? p->id : derived_id("AIPA", a.profile_arn);
      if (in.state != "terminated") in.association = std::move(a);
    }
    account.regions[in.region].instances.push_back(std::move(in));
  }

  void load_template(Account& account, const json& j, const std::string& path) {
    check_keys(j, path, {"id", "name", "region", "default_version", "versions"});
    LaunchTemplate t;
    t.id = str(j, path, "id", true);
    matches(t.id, path + ".id", template_id_ok, "a launch template id (lt- and 17 hex digits)");
    t.name = str(j, path, "name", true);
    t.region = str(j, path, "region", true);
    if (!account.regions.contains(t.region)) bad(path + ".region", "'" + t.region + "' is not in the estate's regions");
    auto dv = j.find("default_version");
    if (dv != j.end() && !dv->is_number_integer()) bad(path + ".default_version", "expected an integer");
    t.default_version = dv == j.end() ? 1 : dv->get<int>();
    const json& versions = arr(j, path, "versions");
    for (std::size_t i = 0; i < versions.size(); ++i) {
      std::string p = fmt::format("{}.versions[{}]", path, i);
      check_keys(versions[i], p, {"number", "user_data", "instance_profile", "instance_profile_arn", "http_tokens"});
      TemplateVersion v;
      auto n = versions[i].find("number");
      if (n == versions[i].end() || !n->is_number_integer() || n->get<int>() < 1)
        bad(p + ".number", "expected a positive integer");
      v.number = n->get<int>();
      v.user_data = str(versions[i], p, "user_data", false);
      if (!is_base64(v.user_data)) bad(p + ".user_data", "not base64");
      v.instance_profile = opt_str(versions[i], p, "instance_profile");
      v.instance_profile_arn = opt_str(versions[i], p, "instance_profile_arn");
      if (v.instance_profile_arn &&
          (!v.instance_profile || !v.instance_profile_arn->ends_with("/" + *v.instance_profile)))
        bad(p + ".instance_profile_arn", "must be the ARN of the version's instance_profile");
      v.http_tokens = opt_str(versions[i], p, "http_tokens");
      if (v.http_tokens) one_of(*v.http_tokens, p + ".http_tokens", {"optional", "required"});
      if (!t.versions.empty() && v.number <= t.versions.back().number) bad(p + ".number", "versions must be ascending");
      t.versions.push_back(std::move(v));
    }
    if (t.versions.empty()) bad(path + ".versions", "a launch template needs at least one version");
    if (std::none_of(t.versions.begin(), t.versions.end(),
                     [&](const auto& v) { return v.number == t.default_version; })) {
      bad(path + ".default_version", "no such version");
    }
    account.regions[t.region].templates.push_back(std::move(t));
  }

  // Security Hub: where it is enabled, and the findings a state dump carries (ProductArn, Id).
  void load_security_hub(Account& a, const json& j, const std::string& path) {
    a.security_hub_regions = strings(j, path, "security_hub_regions");
    for (std::size_t i = 0; i < a.security_hub_regions.size(); ++i) {
      if (!a.regions.contains(a.security_hub_regions[i])) {
        bad(fmt::format("{}.security_hub_regions[{}]", path, i),
            "'" + a.security_hub_regions[i] + "' is not in the estate's regions");
      }
    }
    const json& findings = arr(j, path, "security_hub_findings");
    for (std::size_t i = 0; i < findings.size(); ++i) {
      std::string p = fmt::format("{}.security_hub_findings[{}]", path, i);
      if (!findings[i].is_object()) bad(p, "expected a finding object");
      std::string product = str(findings[i], p, "ProductArn", true);
      std::string id = str(findings[i], p, "Id", true);
      if (!a.security_hub_findings.emplace(security_hub_key(product, id), findings[i]).second) {
        bad(p + ".Id", "duplicate finding (ProductArn, Id)");
      }
    }
  }

  void load_account(const json& j, const std::string& path) {
    check_keys(j, path,
               {"id",
                "name",
                "email",
                "alias",
                "status",
                "enabled_regions",
                "users",
                "groups",
                "managed_policies",
                "roles",
                "instance_profiles",
                "instances",
                "launch_templates",
                "vpcs",
                "subnets",
                "security_groups",
                "nat_gateways",
                "elastic_ips",
                "auto_scaling_groups",
                "security_hub_regions",
                "security_hub_findings",
                "cloudtrail_events"});
    Account a;
    a.id = str(j, path, "id", true);
    matches(a.id, path + ".id", account_id_ok, "a 12-digit account id");
    if (estate.find_account(a.id)) bad(path + ".id", "duplicate account id");
    a.name = str(j, path, "name", false, a.id);
    a.email = str(j, path, "email", false, a.name + "@example.com");
    a.alias = str(j, path, "alias", false, "");
    if (!a.alias.empty()) matches(a.alias, path + ".alias", account_alias_ok, "an account alias ([a-z0-9-]{3,63})");
    a.status = str(j, path, "status", false, "ACTIVE");
    one_of(a.status, path + ".status", {"ACTIVE", "SUSPENDED", "PENDING_CLOSURE"});
    for (const auto& r : estate.regions) a.regions[r];
    if (j.contains("enabled_regions")) {
      a.enabled_regions = strings(j, path, "enabled_regions");
      for (std::size_t i = 0; i < a.enabled_regions.size(); ++i) {
        if (!a.regions.contains(a.enabled_regions[i])) {
          bad(fmt::format("{}.enabled_regions[{}]", path, i),
              "'" + a.enabled_regions[i] + "' is not in the estate's regions");
        }
      }
    } else {
      for (const auto& r : estate.regions) {
        if (std::find(estate.opt_in_regions.begin(), estate.opt_in_regions.end(), r) == estate.opt_in_regions.end()) {
          a.enabled_regions.push_back(r);
        }
      }
    }
    load_security_hub(a, j, path);
    const json& policies = arr(j, path, "managed_policies");
    for (std::size_t i = 0; i < policies.size(); ++i) {
      std::string p = fmt::format("{}.managed_policies[{}]", path, i);
      ManagedPolicyDef m = load_managed_policy(policies[i], p, estate.partition, a.id);
      if (a.find_customer_policy(m.arn)) bad(p + ".name", "duplicate policy");
      a.managed_policies.push_back(std::move(m));
    }
    const json& groups = arr(j, path, "groups");
    for (std::size_t i = 0; i < groups.size(); ++i) {
      std::string p = fmt::format("{}.groups[{}]", path, i);
      check_keys(groups[i], p, {"name", "path", "attached_policy_arns", "inline_policies"});
      Group g;
      g.name = str(groups[i], p, "name", true);
      matches(g.name, p + ".name", name_ok, "a valid IAM name");
      g.path = check_path(groups[i], p);
      g.arn = iam_arn(estate.partition, a.id, "group", g.path, g.name);
      g.id = derived_id("AGPA", g.arn);
      g.attached_policy_arns = strings(groups[i], p, "attached_policy_arns");
      g.inline_policies = inline_policies(groups[i], p);
      check_attached(a, g.attached_policy_arns, p);
      if (a.find_group(g.name)) bad(p + ".name", "duplicate group");
      a.groups.push_back(std::move(g));
    }
    const json& users = arr(j, path, "users");
    for (std::size_t i = 0; i < users.size(); ++i) {
      std::string p = fmt::format("{}.users[{}]", path, i);
      load_user(a, users[i], p);
      check_attached(a, a.users.back().attached_policy_arns, p);
    }
    const json& roles = arr(j, path, "roles");
    for (std::size_t i = 0; i < roles.size(); ++i) {
      std::string p = fmt::format("{}.roles[{}]", path, i);
      check_keys(roles[i], p,
                 {"name", "path", "description", "trust_policy", "attached_policy_arns", "inline_policies",
                  "permissions_boundary"});
      RoleDef r;
      r.name = str(roles[i], p, "name", true);
      matches(r.name, p + ".name", name_ok, "a valid IAM name");
      if (a.find_role(r.name)) bad(p + ".name", "duplicate role name");
      r.path = check_path(roles[i], p);
      r.arn = iam_arn(estate.partition, a.id, "role", r.path, r.name);
      r.id = derived_id("AROA", r.arn);
      r.description = str(roles[i], p, "description", false);
      r.trust_policy = roles[i].value("trust_policy", json());
      if (!r.trust_policy.is_object()) bad(p + ".trust_policy", "expected a policy document object");
      r.attached_policy_arns = strings(roles[i], p, "attached_policy_arns");
      check_attached(a, r.attached_policy_arns, p);
      r.inline_policies = inline_policies(roles[i], p);
      r.permissions_boundary = boundary(a, roles[i], p);
      a.roles.push_back(std::move(r));
    }
    const json& profiles = arr(j, path, "instance_profiles");
    for (std::size_t i = 0; i < profiles.size(); ++i) {
      std::string p = fmt::format("{}.instance_profiles[{}]", path, i);
      check_keys(profiles[i], p, {"name", "path", "roles"});
      ProfileDef pr;
      pr.name = str(profiles[i], p, "name", true);
      matches(pr.name, p + ".name", name_ok, "a valid IAM name");
      if (a.find_profile(pr.name)) bad(p + ".name", "duplicate instance profile name");
      pr.path = check_path(profiles[i], p);
      pr.arn = iam_arn(estate.partition, a.id, "instance-profile", pr.path, pr.name);
      pr.id = derived_id("AIPA", pr.arn);
      pr.roles = strings(profiles[i], p, "roles");
      for (std::size_t k = 0; k < pr.roles.size(); ++k) {
        if (!a.find_role(pr.roles[k]))
          bad(fmt::format("{}.roles[{}]", p, k), "no role named '" + pr.roles[k] + "' in this account");
      }
      a.profiles.push_back(std::move(pr));
    }
    const json& templates = arr(j, path, "launch_templates");
    for (std::size_t i = 0; i < templates.size(); ++i)
      load_template(a, templates[i], fmt::format("{}.launch_templates[{}]", path, i));
    load_auto_scaling_groups(a, j, path);
    load_networking(a, j, path);
    const json& instances = arr(j, path, "instances");
    for (std::size_t i = 0; i < instances.size(); ++i)
      load_instance(a, instances[i], fmt::format("{}.instances[{}]", path, i));
    load_trail_events(a, j, path, event_ids);
    estate.accounts.push_back(std::move(a));
    estate.account_index[estate.accounts.back().id] = estate.accounts.size() - 1;
  }

  void load(const json& doc) {
    check_keys(doc, "$", {"schema_version", "partition", "regions", "opt_in_regions", "organization", "accounts"});
    auto sv = doc.find("schema_version");
    if (sv == doc.end() || !sv->is_number_integer() || sv->get<int>() != 1) bad("$.schema_version", "must be 1");
    estate.partition = str(doc, "$", "partition", false, "aws");
    one_of(estate.partition, "$.partition", {"aws", "aws-cn", "aws-us-gov"});
    estate.regions = strings(doc, "$", "regions");
    if (estate.regions.empty()) bad("$.regions", "at least one region is required");
    for (std::size_t i = 0; i < estate.regions.size(); ++i)
      matches(estate.regions[i], fmt::format("$.regions[{}]", i), region_ok, "a region name");
    estate.opt_in_regions = strings(doc, "$", "opt_in_regions");
    for (std::size_t i = 0; i < estate.opt_in_regions.size(); ++i) {
      if (std::find(estate.regions.begin(), estate.regions.end(), estate.opt_in_regions[i]) == estate.regions.end()) {
        bad(fmt::format("$.opt_in_regions[{}]", i), "not one of $.regions");
      }
    }
    const json& accounts = arr(doc, "$", "accounts");
    for (std::size_t i = 0; i < accounts.size(); ++i) load_account(accounts[i], fmt::format("$.accounts[{}]", i));
    if (auto it = doc.find("organization"); it != doc.end() && !it->is_null()) {
      check_keys(*it, "$.organization", {"id", "management_account"});
      Organization org{str(*it, "$.organization", "id", true), str(*it, "$.organization", "management_account", true)};
      matches(org.id, "$.organization.id", org_id_ok, "an organization id");
      if (!estate.find_account(org.management_account))
        bad("$.organization.management_account", "not one of the accounts");
      estate.organization = org;
    }
    complete_networking(estate, draft);
    estate.index();
  }
};

}  // namespace

Result<Estate> load_estate_json(const nlohmann::json& document) {
  try {
    Loader loader;
    loader.load(document);
    return std::move(loader.estate);
  } catch (const LoadError& e) {
    return fail(ErrorKind::kInvalidArgument, "estate: " + e.message);
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorKind::kInvalidArgument, std::string("estate: ") + e.what());
  }
}

}  // namespace rolecall::emulator

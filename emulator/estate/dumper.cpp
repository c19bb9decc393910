// The live estate back to docs/estate-schema.md JSON (GET /_emulator/state).
#include <fmt/format.h>

#include "emulator/estate/estate_io.h"
#include "emulator/estate/group_io.h"
#include "emulator/estate/policy_io.h"
#include "emulator/estate/trail_io.h"

namespace rolecall::emulator {
namespace {

using nlohmann::json;

// An access key's moment as the loader reads it (object form, so days_ago survives a dump).
json moment_json(const KeyMoment& m) {
  if (m.days_ago >= 0) return json{{"days_ago", m.days_ago}};
  if (m.minutes_ago >= 0) return json{{"minutes_ago", m.minutes_ago}};
  return json{{"date", m.date}};
}

json inline_json(const std::vector<InlineDoc>& docs) {
  json out = json::array();
  for (const auto& d : docs) out.push_back({{"name", d.name}, {"document", d.document}});
  return out;
}

json instance_json(const Instance& in, std::uint64_t seq) {
  json j = {{"id", in.id},
            {"region", in.region},
            {"state", effective_state(in, seq)},
            {"instance_type", in.instance_type},
            {"availability_zone", in.availability_zone}};
  const Association* a = effective_association(in, seq);
  j["instance_profile"] = a && a->disassociated_seq == 0 ? json(a->profile_name) : json(nullptr);
  if (in.launch_template)
    j["launch_template"] = {{"id", in.launch_template->id}, {"version", in.launch_template->version}};
  if (!in.user_data.empty()) j["user_data"] = in.user_data;
  if (!in.image_id.empty()) j["image_id"] = in.image_id;
  j["http_tokens"] = in.http_tokens;
  j["root_device_type"] = in.root_device_type;
  j["launch_time"] = in.launch_time;
  json tags = json::object();
  for (const auto& [k, v] : in.tags) tags[k] = v;
  j["tags"] = tags;
  j["reservation"] = in.reservation_id;
  j["subnet"] = in.subnet_id;
  j["private_ip"] = in.private_ip;
  j["public_ip"] = in.public_ip.empty() ? json(nullptr) : json(in.public_ip);
  json groups = json::array();
  for (const auto& g : in.security_groups) groups.push_back(g.id);
  j["security_groups"] = groups;
  return j;
}

json tags_json(const Tags& tags) {
  json out = json::object();
  for (const auto& [k, v] : tags) out[k] = v;
  return out;
}

// The account's networking, every region (derived defaults included, so a reload is identical).
void network_json(json& account, const Account& a) {
  json vpcs = json::array(), subnets = json::array(), groups = json::array(), nats = json::array(),
       eips = json::array();
  for (const auto& [region, data] : a.regions) {
    for (const auto& v : data.vpcs) {
      vpcs.push_back({{"id", v.id},
                      {"region", region},
                      {"cidr", v.cidr},
                      {"is_default", v.is_default},
                      {"tags", tags_json(v.tags)}});
    }
    for (const auto& s : data.subnets) {
      json sj = {{"id", s.id},
                 {"vpc", s.vpc_id},
                 {"cidr", s.cidr},
                 {"availability_zone", s.availability_zone},
                 {"public", s.is_public},
                 {"tags", tags_json(s.tags)}};
      if (!s.nat_gateway.empty()) sj["nat_gateway"] = s.nat_gateway;
      subnets.push_back(sj);
    }
    for (const auto& g : data.security_groups) {
      auto rules = [](const std::vector<SecurityGroupRule>& list) {
        json out = json::array();
        for (const auto& r : list) {
          json rj = {{"protocol", r.protocol}};
          if (r.from_port >= 0) rj["from_port"] = r.from_port;
          if (r.to_port >= 0) rj["to_port"] = r.to_port;
          rj[r.group_id.empty() ? "cidr" : "group"] = r.group_id.empty() ? r.cidr : r.group_id;
          out.push_back(rj);
        }
        return out;
      };
      groups.push_back({{"id", g.id},
                        {"vpc", g.vpc_id},
                        {"name", g.name},
                        {"description", g.description},
                        {"tags", tags_json(g.tags)},
                        {"ingress", rules(g.ingress)},
                        {"egress", rules(g.egress)}});
    }
    for (const auto& n : data.nat_gateways) {
      nats.push_back({{"id", n.id},
                      {"subnet", n.subnet_id},
                      {"public_ip", n.public_ip},
                      {"private_ip", n.private_ip},
                      {"allocation_id", n.allocation_id},
                      {"tags", tags_json(n.tags)}});
    }
    for (const auto& e : data.elastic_ips) {
      if (!e.nat_gateway_id.empty()) continue;  // written with its NAT gateway
      json ej = {{"allocation_id", e.allocation_id},
                 {"region", region},
                 {"public_ip", e.public_ip},
                 {"tags", tags_json(e.tags)}};
      if (!e.instance_id.empty()) ej["instance"] = e.instance_id;
      eips.push_back(ej);
    }
  }
  account["vpcs"] = vpcs;
  account["subnets"] = subnets;
  account["security_groups"] = groups;
  account["nat_gateways"] = nats;
  account["elastic_ips"] = eips;
}

}  // namespace

json dump_estate_json(const Estate& estate, std::uint64_t seq, TimePoint now,
                      std::chrono::seconds terminated_visibility) {
  json doc = {{"schema_version", 1},
              {"partition", estate.partition},
              {"regions", estate.regions},
              {"opt_in_regions", estate.opt_in_regions}};
  if (estate.organization) {
    doc["organization"] = {{"id", estate.organization->id},
                           {"management_account", estate.organization->management_account}};
  }
  json accounts = json::array();
  for (const auto& a : estate.accounts) {
    json aj = {{"id", a.id},
               {"name", a.name},
               {"email", a.email},
               {"status", a.status},
               {"enabled_regions", a.enabled_regions}};
    if (!a.alias.empty()) aj["alias"] = a.alias;
    if (!a.security_hub_regions.empty()) aj["security_hub_regions"] = a.security_hub_regions;
    if (!a.security_hub_findings.empty()) {
      json findings = json::array();
      for (const auto& [key, finding] : a.security_hub_findings) findings.push_back(finding);
      aj["security_hub_findings"] = findings;
    }
    json users = json::array();
    for (const auto& u : a.users) {
      json keys = json::array();
      for (const auto& k : u.access_keys) {
        json kj = {{"id", k.id}, {"secret", k.secret}, {"status", k.active ? "Active" : "Inactive"}};
        if (k.created.set()) kj["created"] = moment_json(k.created);
        if (k.last_used.when.set()) {
          json used = moment_json(k.last_used.when);
          used["service"] = k.last_used.service;
          used["region"] = k.last_used.region;
          kj["last_used"] = std::move(used);
        }
        keys.push_back(std::move(kj));
      }
      users.push_back({{"name", u.name},
                       {"path", u.path},
                       {"access_keys", keys},
                       {"attached_policy_arns", u.attached_policy_arns},
                       {"inline_policies", inline_json(u.inline_policies)}});
      if (!u.groups.empty()) users.back()["groups"] = u.groups;
      if (!u.permissions_boundary.empty()) users.back()["permissions_boundary"] = u.permissions_boundary;
    }
    aj["users"] = users;
    if (!a.groups.empty()) {
      json groups = json::array();
      for (const auto& g : a.groups) {
        groups.push_back({{"name", g.name},
                          {"path", g.path},
                          {"attached_policy_arns", g.attached_policy_arns},
                          {"inline_policies", inline_json(g.inline_policies)}});
      }
      aj["groups"] = groups;
    }
    json policies = json::array();
    for (const auto& p : a.managed_policies) policies.push_back(managed_policy_json(p));
    aj["managed_policies"] = policies;
    json roles = json::array();
    for (const auto& r : a.roles) {
      json rj = {{"name", r.name},
                 {"path", r.path},
                 {"trust_policy", r.trust_policy},
                 {"attached_policy_arns", r.attached_policy_arns},
                 {"inline_policies", inline_json(r.inline_policies)}};
      if (!r.description.empty()) rj["description"] = r.description;
      if (!r.permissions_boundary.empty()) rj["permissions_boundary"] = r.permissions_boundary;
      roles.push_back(rj);
    }
    aj["roles"] = roles;
    json profiles = json::array();
    for (const auto& p : a.profiles) profiles.push_back({{"name", p.name}, {"path", p.path}, {"roles", p.roles}});
    aj["instance_profiles"] = profiles;
    json instances = json::array();
    json templates = json::array();
    for (const auto& [region, data] : a.regions) {
      for (const auto& in : data.instances) {
        if (in.state == "terminated" && in.terminated_at.time_since_epoch().count() != 0 &&
            now - in.terminated_at > terminated_visibility) {
          continue;
        }
        instances.push_back(instance_json(in, seq));
      }
      for (const auto& t : data.templates) {
        json versions = json::array();
        for (const auto& v : t.versions) {
          json vj = {{"number", v.number}, {"user_data", v.user_data}};
          vj["instance_profile"] = v.instance_profile ? json(*v.instance_profile) : json(nullptr);
          if (v.instance_profile_arn) vj["instance_profile_arn"] = *v.instance_profile_arn;
          if (v.http_tokens) vj["http_tokens"] = *v.http_tokens;
          versions.push_back(vj);
        }
        templates.push_back({{"id", t.id},
                             {"name", t.name},
                             {"region", t.region},
                             {"default_version", t.default_version},
                             {"versions", versions}});
      }
    }
    network_json(aj, a);
    aj["instances"] = instances;
    aj["launch_templates"] = templates;
    if (json groups = auto_scaling_groups_json(a); !groups.empty()) aj["auto_scaling_groups"] = std::move(groups);
    if (json events = trail_events_json(a); !events.empty()) aj["cloudtrail_events"] = std::move(events);
    accounts.push_back(aj);
  }
  doc["accounts"] = accounts;
  return doc;
}

}  // namespace rolecall::emulator

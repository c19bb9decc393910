#include "emulator/estate/estate.h"

#include <algorithm>

#include "base/sha256.h"
#include "emulator/estate/instance_xml.h"
#include "emulator/estate/managed_policies.h"

namespace rolecall::emulator {

bool Account::region_enabled(const std::string& region) const {
  return std::find(enabled_regions.begin(), enabled_regions.end(), region) != enabled_regions.end();
}

bool Account::security_hub_enabled(const std::string& region) const {
  return std::find(security_hub_regions.begin(), security_hub_regions.end(), region) != security_hub_regions.end();
}

std::string security_hub_key(const std::string& product_arn, const std::string& id) { return product_arn + '\n' + id; }

const RoleDef* Account::find_role(const std::string& role_name) const {
  for (const auto& r : roles) {
    if (r.name == role_name) return &r;
  }
  return nullptr;
}

RoleDef* Account::find_role(const std::string& role_name) {
  for (auto& r : roles) {
    if (r.name == role_name) return &r;
  }
  return nullptr;
}

const Group* Account::find_group(const std::string& group_name) const {
  for (const auto& g : groups) {
    if (g.name == group_name) return &g;
  }
  return nullptr;
}

User* Account::find_user(const std::string& user_name) {
  for (auto& u : users) {
    if (u.name == user_name) return &u;
  }
  return nullptr;
}

const ProfileDef* Account::find_profile(const std::string& profile_name) const {
  for (const auto& p : profiles) {
    if (p.name == profile_name) return &p;
  }
  return nullptr;
}

ProfileDef* Account::find_profile(const std::string& profile_name) {
  for (auto& p : profiles) {
    if (p.name == profile_name) return &p;
  }
  return nullptr;
}

const ManagedPolicyDef* Account::find_customer_policy(const std::string& policy_arn) const {
  for (const auto& p : managed_policies) {
    if (p.arn == policy_arn) return &p;
  }
  return nullptr;
}

ManagedPolicyDef* Account::find_customer_policy(const std::string& policy_arn) {
  for (auto& p : managed_policies) {
    if (p.arn == policy_arn) return &p;
  }
  return nullptr;
}

std::vector<std::pair<std::string, nlohmann::json>> policy_versions(const ManagedPolicyDef& policy) {
  if (policy.versions.empty()) return {{"v1", policy.document}};
  return policy.versions;
}

void Estate::index() {
  account_index.clear();
  key_index.clear();
  assoc_index.clear();
  for (std::size_t a = 0; a < accounts.size(); ++a) {
    Account& account = accounts[a];
    account_index[account.id] = a;
    for (std::size_t u = 0; u < account.users.size(); ++u) {
      for (const auto& key : account.users[u].access_keys) key_index[key.id] = {a, u};
    }
    for (auto& [region, data] : account.regions) {
      data.instance_index.clear();
      for (std::size_t i = 0; i < data.instances.size(); ++i) {
        Instance& instance = data.instances[i];
        data.instance_index[instance.id] = i;
        if (instance.association) assoc_index[instance.association->id] = {a, region, i};
        instance.xml_static = render_instance_static(instance, account.id);
      }
    }
  }
}

Account* Estate::find_account(const std::string& id) {
  auto it = account_index.find(id);
  return it == account_index.end() ? nullptr : &accounts[it->second];
}

const Account* Estate::find_account(const std::string& id) const {
  auto it = account_index.find(id);
  return it == account_index.end() ? nullptr : &accounts[it->second];
}

std::string effective_state(const Instance& instance, std::uint64_t seq) {
  if (instance.state_seq == 0 || seq <= instance.state_seq) return instance.state;
  if (instance.state == "stopping") return "stopped";
  if (instance.state == "pending") return "running";
  if (instance.state == "shutting-down") return "terminated";
  return instance.state;
}

const Association* effective_association(const Instance& instance, std::uint64_t seq) {
  if (!instance.association) return nullptr;
  const Association& a = *instance.association;
  if (a.disassociated_seq != 0 && seq > a.disassociated_seq) return nullptr;
  return &a;
}

std::string association_state(const Association& association, std::uint64_t seq) {
  if (association.disassociated_seq != 0) return "disassociating";
  if (association.created_seq != 0 && seq <= association.created_seq) return "associating";
  return "associated";
}

void settle(Instance& instance, std::uint64_t seq, TimePoint now) {
  std::string state = effective_state(instance, seq);
  if (state != instance.state) {
    if (state == "terminated") instance.terminated_at = now;
    instance.state = state;
    instance.state_seq = 0;
  }
  if (instance.association && !effective_association(instance, seq)) instance.association.reset();
}

int state_code(const std::string& state) {
  if (state == "pending") return 0;
  if (state == "running") return 16;
  if (state == "shutting-down") return 32;
  if (state == "terminated") return 48;
  if (state == "stopping") return 64;
  if (state == "stopped") return 80;
  return 16;
}

std::string egress_ip(const RegionData& region, const Instance& instance) {
  if (!instance.public_ip.empty()) return instance.public_ip;
  const Subnet* subnet = region.find_subnet(instance.subnet_id);
  if (!subnet || subnet->nat_gateway.empty()) return {};
  const NatGateway* nat = region.find_nat_gateway(subnet->nat_gateway);
  return nat ? nat->public_ip : std::string();
}

namespace {

std::string dashed(const std::string& ip) {
  std::string out = ip;
  std::replace(out.begin(), out.end(), '.', '-');
  return out;
}

template <typename T>
const T* find_by_id(const std::vector<T>& items, const std::string& id) {
  for (const auto& item : items) {
    if (item.id == id) return &item;
  }
  return nullptr;
}

}  // namespace

const TemplateVersion* resolve_template_version(const LaunchTemplate& t, std::string_view which) {
  if (which == "$Latest") return t.versions.empty() ? nullptr : &t.versions.back();
  const std::string number =
      which.empty() || which == "$Default" ? std::to_string(t.default_version) : std::string(which);
  for (const auto& v : t.versions) {
    if (std::to_string(v.number) == number) return &v;
  }
  return nullptr;
}

const Vpc* RegionData::find_vpc(const std::string& id) const { return find_by_id(vpcs, id); }
const Subnet* RegionData::find_subnet(const std::string& id) const { return find_by_id(subnets, id); }
const NatGateway* RegionData::find_nat_gateway(const std::string& id) const { return find_by_id(nat_gateways, id); }

std::string private_dns_name(const std::string& ip, const std::string& region) {
  if (region == "us-east-1") return "ip-" + dashed(ip) + ".ec2.internal";
  return "ip-" + dashed(ip) + "." + region + ".compute.internal";
}

std::string public_dns_name(const std::string& ip, const std::string& region) {
  if (ip.empty()) return {};
  if (region == "us-east-1") return "ec2-" + dashed(ip) + ".compute-1.amazonaws.com";
  return "ec2-" + dashed(ip) + "." + region + ".compute.amazonaws.com";
}

std::string derived_hex_id(const std::string& prefix, const std::string& seed) {
  return prefix + base::sha256_hex(seed).substr(0, 17);
}

std::string eni_id(const Instance& instance) { return derived_hex_id("eni-", instance.id + "/eni"); }
std::string eni_attachment_id(const Instance& instance) {
  return derived_hex_id("eni-attach-", instance.id + "/attach");
}
std::string root_volume_id(const Instance& instance) { return derived_hex_id("vol-", instance.id + "/root"); }

std::string mac_address(const Instance& instance) {
  std::string hex = base::sha256_hex(instance.id + "/mac");
  return "02:" + hex.substr(0, 2) + ":" + hex.substr(2, 2) + ":" + hex.substr(4, 2) + ":" + hex.substr(6, 2) + ":" +
         hex.substr(8, 2);
}

std::string eip_association_id(const Instance& instance) {
  if (instance.eip_allocation_id.empty()) return {};
  return derived_hex_id("eipassoc-", instance.eip_allocation_id + "/" + instance.id);
}

std::string iam_arn(const std::string& partition, const std::string& account, const std::string& kind,
                    const std::string& path, const std::string& name) {
  return "arn:" + partition + ":iam::" + account + ":" + kind + path + name;
}

std::string derived_id(const std::string& prefix, const std::string& arn) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const base::Sha256Digest digest = base::sha256(arn);
  std::string id = prefix;
  for (int i = 0; i < 17; ++i) id += kAlphabet[digest[static_cast<std::size_t>(i)] % 32];
  return id;
}

std::vector<policy::NamedPolicy> identity_policies(const Account& account, const std::vector<std::string>& attached,
                                                   const std::vector<InlineDoc>& inline_policies) {
  std::vector<policy::NamedPolicy> out;
  for (const auto& arn : attached) {
    if (const auto* p = account.find_customer_policy(arn)) {
      out.push_back({p->arn, &p->document});
    } else if (const auto* m = find_aws_managed_policy(arn)) {
      out.push_back({arn, &m->document});
    }
  }
  for (const auto& doc : inline_policies) out.push_back({doc.name, &doc.document});
  return out;
}

std::vector<policy::NamedPolicy> user_policies(const Account& account, const User& user) {
  auto out = identity_policies(account, user.attached_policy_arns, user.inline_policies);
  for (const auto& name : user.groups) {
    const Group* group = account.find_group(name);
    if (group == nullptr) continue;  // the loader refuses unknown groups
    auto more = identity_policies(account, group->attached_policy_arns, group->inline_policies);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

const ManagedPolicyDef* find_managed_policy(const Account& account, const std::string& arn) {
  if (const auto* p = account.find_customer_policy(arn)) return p;
  return find_aws_managed_policy(arn);
}

std::optional<policy::NamedPolicy> boundary_policy(const Account& account, const std::string& arn) {
  if (arn.empty()) return std::nullopt;
  const ManagedPolicyDef* p = find_managed_policy(account, arn);
  if (p == nullptr) return std::nullopt;
  return policy::NamedPolicy{arn, &p->document};
}

std::map<std::string, PolicyUse> policy_uses(const Account& account) {
  std::map<std::string, PolicyUse> uses;
  auto attached = [&](const std::vector<std::string>& arns) {
    for (const auto& arn : arns) ++uses[arn].attachments;
  };
  auto bounds = [&](const std::string& arn) {
    if (!arn.empty()) ++uses[arn].boundaries;
  };
  for (const auto& u : account.users) {
    attached(u.attached_policy_arns);
    bounds(u.permissions_boundary);
  }
  for (const auto& g : account.groups) attached(g.attached_policy_arns);
  for (const auto& r : account.roles) {
    attached(r.attached_policy_arns);
    bounds(r.permissions_boundary);
  }
  return uses;
}

PolicyUse policy_use(const Account& account, const std::string& arn) {
  auto uses = policy_uses(account);
  auto it = uses.find(arn);
  return it == uses.end() ? PolicyUse{} : it->second;
}

}  // namespace rolecall::emulator

#pragma once
// The emulator's in-memory estate: accounts, IAM entities, per-region instances and launch
// templates, live associations and issued session credentials, with the indexes requests need.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/estate/access_keys.h"
#include "emulator/estate/trail_event.h"
#include "emulator/policy/policy_eval.h"

namespace rolecall::emulator {

using TimePoint = std::chrono::system_clock::time_point;

// A long-term access key of an IAM user.
struct AccessKey {
  std::string id;
  std::string secret;
  bool active = true;
  KeyMoment created;     // unset: the emulator's fixed IAM create date
  KeyLastUse last_used;  // when unset: never used
};

// An inline policy (user or role).
struct InlineDoc {
  std::string name;
  nlohmann::json document;
};

struct User {
  std::string name;
  std::string path = "/";
  std::string arn;
  std::string id;  // AIDA...
  std::vector<AccessKey> access_keys;
  std::vector<std::string> attached_policy_arns;
  std::vector<InlineDoc> inline_policies;
  std::vector<std::string> groups;   // names of the account's groups it belongs to
  std::string permissions_boundary;  // the managed policy's ARN bounding its permissions; "" = none
};

// An IAM group: its members (User::groups) get its policies.
struct Group {
  std::string name;
  std::string path = "/";
  std::string arn;
  std::string id;  // AGPA...
  std::vector<std::string> attached_policy_arns;
  std::vector<InlineDoc> inline_policies;
};

// A managed policy: customer managed (from the estate) or AWS managed (built in).
struct ManagedPolicyDef {
  std::string name;
  std::string path = "/";
  std::string arn;
  std::string id;           // ANPA...
  std::string description;  // CreatePolicy's Description; "" when none
  nlohmann::json document;  // the default version's document (what evaluation reads)
  // Every version ("v1", "v2", ...) with its document, oldest first; empty = the single version v1 =
  // document. The default version's document is always `document` too.
  std::vector<std::pair<std::string, nlohmann::json>> versions;
  std::string default_version = "v1";
  int versions_issued = 1;  // the highest version number issued: IAM never reissues a deleted one's id
};

struct RoleDef {
  std::string name;
  std::string path = "/";
  std::string arn;
  std::string id;  // AROA...
  std::string description;
  nlohmann::json trust_policy;
  std::vector<std::string> attached_policy_arns;
  std::vector<InlineDoc> inline_policies;
  std::vector<std::pair<std::string, std::string>> tags;  // TagRole
  std::string permissions_boundary;  // the managed policy's ARN bounding its permissions; "" = none
};

struct ProfileDef {
  std::string name;
  std::string path = "/";
  std::string arn;
  std::string id;                  // AIPA...
  std::vector<std::string> roles;  // role names in the same account
};

// An instance profile association. Its visible state depends on the sequence number of the
// request reading it: "associating" for the creating request, "associated" for every later one;
// once disassociated it reads "disassociating" for that request and is gone afterwards.
struct Association {
  std::string id;            // iip-assoc-...
  std::string profile_name;  // as named in the estate (may no longer exist in IAM)
  std::string profile_arn;
  std::string profile_id;
  std::uint64_t created_seq = 0;        // 0 = loaded with the estate (already associated)
  std::uint64_t disassociated_seq = 0;  // 0 = live
};

struct LaunchTemplateRef {
  std::string id;
  std::string version;
};

// A security group as an instance names it (id and name, rendered in groupSet).
struct GroupRef {
  std::string id;
  std::string name;
};

struct Instance {
  std::string id;
  std::string region;
  std::string availability_zone;
  std::string state;            // last stored state (see effective_state)
  std::uint64_t state_seq = 0;  // request that set a transitional state; 0 = never completes
  TimePoint terminated_at{};
  std::string instance_type = "t3.micro";
  std::string image_id;
  std::optional<std::string> profile_name;  // estate's instance_profile at load time
  std::optional<LaunchTemplateRef> launch_template;
  std::string user_data;  // base64
  std::string http_tokens = "optional";
  std::string root_device_type = "ebs";
  std::string launch_time = "2026-01-01T00:00:00Z";
  std::vector<std::pair<std::string, std::string>> tags;
  std::optional<Association> association;
  // Networking (docs/estate-schema.md "Networking"); derived by the loader when the estate omits it.
  std::string reservation_id;  // r-...; shared by instances launched together
  int launch_index = 0;        // position within its reservation (amiLaunchIndex)
  std::string vpc_id;
  std::string subnet_id;
  std::string private_ip;
  std::string public_ip;          // empty = none (private subnet, stopped without an Elastic IP, ...)
  std::string eip_allocation_id;  // set when public_ip is an Elastic IP
  std::vector<GroupRef> security_groups;
  std::string xml_static;  // cached DescribeInstances item body (everything that never changes)
};

struct TemplateVersion {
  int number = 1;
  std::string user_data;
  std::optional<std::string> instance_profile;      // the profile's name
  std::optional<std::string> instance_profile_arn;  // set when it was given by ARN: AWS answers in the form given
  std::optional<std::string> http_tokens;
};

struct LaunchTemplate {
  std::string id;
  std::string name;
  std::string region;
  int default_version = 1;
  std::vector<TemplateVersion> versions;
};

using Tags = std::vector<std::pair<std::string, std::string>>;

// The tag EC2 Auto Scaling puts on the instances it launches, naming their group.
inline constexpr const char* kAutoScalingGroupTag = "aws:autoscaling:groupName";

// An EC2 Auto Scaling group (docs/estate-schema.md, "Auto Scaling groups"). It launches from a
// launch template (directly or through a mixed instances policy) or from a launch configuration;
// its instances are those of its region tagged kAutoScalingGroupTag with its name.
struct AutoScalingGroup {
  std::string name;
  std::string region;
  std::optional<LaunchTemplateRef> launch_template;  // version "$Default", "$Latest" or a number
  bool mixed_instances_policy = false;               // the template sits in MixedInstancesPolicy
  std::string launch_configuration;                  // set when there is no launch template
  int min_size = 0;
  int max_size = 0;
  int desired_capacity = 0;
  std::string created_time = "2026-01-01T00:00:00Z";
  Tags tags;
};

struct Vpc {
  std::string id;  // vpc-...
  std::string cidr;
  bool is_default = false;
  Tags tags;
};

struct Subnet {
  std::string id;  // subnet-...
  std::string vpc_id;
  std::string cidr;
  std::string availability_zone;
  bool is_public = false;   // routed to the VPC's internet gateway; launches get a public IP
  bool is_default = false;  // a default VPC's subnet
  std::string nat_gateway;  // private subnets: the NAT gateway their default route uses ("" = none)
  Tags tags;
};

struct NatGateway {
  std::string id;  // nat-...
  std::string subnet_id;
  std::string vpc_id;
  std::string public_ip;
  std::string private_ip;
  std::string allocation_id;  // of its Elastic IP
  std::string eni_id;
  Tags tags;
};

// An Elastic IP: unassociated, on an instance, or a NAT gateway's.
struct ElasticIp {
  std::string allocation_id;  // eipalloc-...
  std::string public_ip;
  std::string instance_id;     // "" unless associated with an instance
  std::string nat_gateway_id;  // "" unless a NAT gateway's
  Tags tags;
};

// One security group rule: `protocol` ("-1" all traffic, "tcp", "udp", "icmp") on ports
// from_port..to_port (-1 for all traffic), from (ingress) or to (egress) `cidr` or `group_id`.
struct SecurityGroupRule {
  std::string protocol = "-1";
  int from_port = -1;
  int to_port = -1;
  std::string cidr;      // "0.0.0.0/0"; empty when `group_id` is the peer
  std::string group_id;  // sg-... of the same VPC
};

struct SecurityGroup {
  std::string id;  // sg-...
  std::string vpc_id;
  std::string name;
  std::string description;
  Tags tags;
  std::vector<SecurityGroupRule> ingress;  // none unless the estate gives some (default group: itself)
  std::vector<SecurityGroupRule> egress;   // all traffic to 0.0.0.0/0 unless the estate says otherwise
};

// One region of one account.
struct RegionData {
  std::vector<Instance> instances;  // estate order; pagination offsets index this
  std::unordered_map<std::string, std::size_t> instance_index;
  std::vector<LaunchTemplate> templates;
  std::vector<Vpc> vpcs;
  std::vector<Subnet> subnets;
  std::vector<NatGateway> nat_gateways;
  std::vector<ElasticIp> elastic_ips;
  std::vector<SecurityGroup> security_groups;
  std::vector<AutoScalingGroup> auto_scaling_groups;
  std::vector<TrailEvent> events;  // CloudTrail management events, estate order (emulator/estate/trail_event.h)

  const Vpc* find_vpc(const std::string& id) const;
  const Subnet* find_subnet(const std::string& id) const;
  const NatGateway* find_nat_gateway(const std::string& id) const;
};

struct Account {
  std::string id;
  std::string name;
  std::string email;
  std::string alias;  // IAM account alias (ListAccountAliases); empty: none
  std::string status = "ACTIVE";
  std::vector<std::string> enabled_regions;
  std::vector<User> users;
  std::vector<Group> groups;
  std::vector<ManagedPolicyDef> managed_policies;
  std::vector<RoleDef> roles;
  std::vector<ProfileDef> profiles;
  std::map<std::string, RegionData> regions;      // every estate region, possibly empty
  std::vector<std::string> security_hub_regions;  // regions where Security Hub is enabled
  // Security Hub findings imported into this account, keyed by security_hub_key(ProductArn, Id);
  // the ProductArn names the region they were imported in.
  std::map<std::string, nlohmann::json> security_hub_findings;

  bool region_enabled(const std::string& region) const;
  bool security_hub_enabled(const std::string& region) const;
  const RoleDef* find_role(const std::string& name) const;
  RoleDef* find_role(const std::string& name);
  User* find_user(const std::string& name);
  const Group* find_group(const std::string& name) const;
  const ProfileDef* find_profile(const std::string& name) const;
  ProfileDef* find_profile(const std::string& name);
  const ManagedPolicyDef* find_customer_policy(const std::string& arn) const;
  ManagedPolicyDef* find_customer_policy(const std::string& arn);
};

// The key of a Security Hub finding in Account::security_hub_findings: (ProductArn, Id).
std::string security_hub_key(const std::string& product_arn, const std::string& id);

struct Organization {
  std::string id;
  std::string management_account;
};

// The whole estate as loaded (plus whatever requests changed since).
struct Estate {
  int schema_version = 1;
  std::string partition = "aws";
  std::vector<std::string> regions;
  std::vector<std::string> opt_in_regions;
  std::optional<Organization> organization;
  std::vector<Account> accounts;

  // Derived indexes, rebuilt by index().
  std::unordered_map<std::string, std::size_t> account_index;
  std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> key_index;  // key id -> (account, user)
  std::unordered_map<std::string, std::tuple<std::size_t, std::string, std::size_t>>
      assoc_index;  // -> (account, region, instance)

  // Rebuilds the derived indexes and each instance's cached XML.
  void index();
  Account* find_account(const std::string& id);
  const Account* find_account(const std::string& id) const;
};

// Credentials issued by AssumeRole / AssumeRoleWithWebIdentity.
struct Session {
  std::string access_key_id;
  std::string secret;
  std::string token;
  std::string account_id;
  std::string role_name;
  std::string session_name;
  TimePoint expiration;
  // Where its calls come from in CloudTrail: "" the client's address; an instance's egress address
  // for the credentials its metadata service hands out (emulator/services/imds).
  std::string source_ip;
};

// The transitional instance state as seen by request `seq` (stopping -> stopped, pending -> running,
// shutting-down -> terminated once a later request reads it).
std::string effective_state(const Instance& instance, std::uint64_t seq);
// The association as seen by request `seq`; nullptr when there is none (or it is gone).
const Association* effective_association(const Instance& instance, std::uint64_t seq);
// "associating" | "associated" | "disassociating" as seen by request `seq`.
std::string association_state(const Association& association, std::uint64_t seq);
// Stores the effective state and association (before a mutation changes them).
void settle(Instance& instance, std::uint64_t seq, TimePoint now);
// The version `which` ("$Default", "$Latest" or a number; "" = "$Default") of `t`, as EC2 and Auto
// Scaling resolve it; nullptr when there is no such version.
const TemplateVersion* resolve_template_version(const LaunchTemplate& t, std::string_view which);
// EC2 state code for a state name (running = 16, ...).
int state_code(const std::string& state);
// The public address `instance`'s outbound traffic leaves from: its public IP, else its subnet's
// NAT gateway's; "" when it has no route to the internet.
std::string egress_ip(const RegionData& region, const Instance& instance);
// EC2's private DNS name for `ip` in `region` (ip-10-0-1-5.ec2.internal in us-east-1).
std::string private_dns_name(const std::string& ip, const std::string& region);
// EC2's public DNS name for `ip` in `region` ("" for "").
std::string public_dns_name(const std::string& ip, const std::string& region);
// "<prefix>" + 17 hex digits of SHA-256(`seed`): stable derived resource ids (eni-, vol-, ...).
std::string derived_hex_id(const std::string& prefix, const std::string& seed);
// The ids an instance's primary network interface and root volume carry, derived from its id.
std::string eni_id(const Instance& instance);
std::string eni_attachment_id(const Instance& instance);
std::string root_volume_id(const Instance& instance);
std::string mac_address(const Instance& instance);  // 02:xx:xx:xx:xx:xx
// The association id of `instance`'s Elastic IP ("" without one).
std::string eip_association_id(const Instance& instance);

// ARNs and ids derived as docs/estate-schema.md says.
std::string iam_arn(const std::string& partition, const std::string& account, const std::string& kind,
                    const std::string& path, const std::string& name);
std::string derived_id(const std::string& prefix, const std::string& arn);

// Every version of `policy` as (version id, document), oldest first.
std::vector<std::pair<std::string, nlohmann::json>> policy_versions(const ManagedPolicyDef& policy);

// The identity policies (attached managed + inline) of a user or role in `account`.
std::vector<policy::NamedPolicy> identity_policies(const Account& account, const std::vector<std::string>& attached,
                                                   const std::vector<InlineDoc>& inline_policies);

// A user's policies: its own and those of its groups (IAM evaluates them together).
std::vector<policy::NamedPolicy> user_policies(const Account& account, const User& user);

// The managed policy `arn` names for `account`: one of its customer managed policies or a built-in
// AWS managed policy; nullptr when neither.
const ManagedPolicyDef* find_managed_policy(const Account& account, const std::string& arn);

// The permissions boundary `arn` (User/RoleDef::permissions_boundary, which the view's source
// points into) as a view into the estate; nullopt for "" or a policy that no longer exists.
std::optional<policy::NamedPolicy> boundary_policy(const Account& account, const std::string& arn);

// How an account's entities use one managed policy (GetPolicy's AttachmentCount and
// PermissionsBoundaryUsageCount).
struct PolicyUse {
  long long attachments = 0;  // users, groups and roles that have it attached
  long long boundaries = 0;   // users and roles it bounds as their permissions boundary
};

// Every managed policy (customer or AWS managed) `account`'s users, groups and roles use, by ARN.
std::map<std::string, PolicyUse> policy_uses(const Account& account);
// How `account`'s users, groups and roles use policy `arn` (zeros for one nothing uses).
PolicyUse policy_use(const Account& account, const std::string& arn);

}  // namespace rolecall::emulator

#pragma once
// The estate as data: what rolecall collected, joined so checks can judge instance → profile → role.
// Everything here is plain data; collecting it is src/inventory's job, judging it src/checks'.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rolecall/error.h"
#include "rolecall/key_intel.h"

namespace rolecall {

// What a collection fetches besides instances. A scan asks for what its checks need
// (CheckInfo::needs); `rolecall collect` for everything any check may need.
struct DataNeeds {
  bool iam = false;               // roles, profiles, policies (GetAccountAuthorizationDetails)
  bool user_data = false;         // DescribeInstanceAttribute userData per instance
  bool launch_templates = false;  // DescribeLaunchTemplates + versions
  // CloudTrail evidence of long-term key use (LookupEvents per found key), and the egress
  // (DescribeNatGateways, DescribeRouteTables) that traces an event's address to instances.
  bool key_evidence = false;
  // Only the egress (NAT gateways, route tables), without the CloudTrail reads: `rolecall collect`
  // saves it so an offline scan with trail log files can trace addresses (key_evidence implies it).
  bool egress = false;
};

// A resource tag.
struct Tag {
  std::string key;
  std::string value;
};

// An inline policy embedded in a role (document is the decoded JSON text).
struct InlinePolicy {
  std::string name;
  std::string document;
};

// A managed policy (AWS or customer managed) with its default version's document.
struct ManagedPolicy {
  std::string arn;
  std::string name;
  std::string default_version_id;
  std::string document;  // decoded JSON text of the default version; empty if not collected
};

// An IAM role with everything needed to judge it.
struct Role {
  std::string arn;
  std::string name;
  std::string role_id;
  std::string path;
  std::string trust_policy;                       // decoded AssumeRolePolicyDocument JSON
  std::vector<std::string> attached_policy_arns;  // managed policies attached to the role
  std::vector<InlinePolicy> inline_policies;
  std::string permissions_boundary_arn;  // empty when none
  std::vector<Tag> tags;                 // Tags, where the response carries them (GetRole, CreateRole)
};

// An IAM user's own permissions and its groups (GetAccountAuthorizationDetails, Filter User).
struct IamUser {
  std::string arn;
  std::string name;
  std::string path;
  std::vector<std::string> groups;                // GroupList: the names of its groups
  std::vector<std::string> attached_policy_arns;  // managed policies attached to the user
  std::vector<InlinePolicy> inline_policies;      // UserPolicyList
  std::string permissions_boundary_arn;           // PermissionsBoundary; empty when none
};

// An IAM group's permissions (GetAccountAuthorizationDetails, Filter Group).
struct IamGroup {
  std::string arn;
  std::string name;
  std::vector<std::string> attached_policy_arns;
  std::vector<InlinePolicy> inline_policies;  // GroupPolicyList
};

// An IAM instance profile and the roles it holds (zero or one in practice).
struct InstanceProfile {
  std::string arn;
  std::string name;
  std::string id;  // AIPA...
  std::string path;
  std::vector<std::string> role_arns;
};

// EC2 instance metadata options relevant to credential theft.
struct MetadataOptions {
  std::string http_tokens = "optional";  // "required" means IMDSv2 only
  std::string http_endpoint = "enabled";
  int http_put_response_hop_limit = 1;
};

// One EC2 instance as DescribeInstances reports it, plus its user data when collected.
struct Instance {
  std::string id;
  std::string account_id;
  std::string region;
  std::string state;  // pending, running, stopping, stopped, shutting-down, terminated
  std::string instance_type;
  std::string profile_arn;         // IamInstanceProfile.Arn; empty when none
  std::string profile_id;          // IamInstanceProfile.Id
  std::string launch_template_id;  // from the aws:ec2launchtemplate:id tag, when launched from one
  std::string launch_template_version;
  std::string root_device_type;  // "ebs" or "instance-store"
  std::string launch_time;       // ISO 8601
  std::string vpc_id;            // "" for EC2-Classic leftovers and terminated instances
  std::string subnet_id;
  std::string private_ip;  // privateIpAddress (primary)
  std::string public_ip;   // ipAddress: public or Elastic IP; "" when none
  MetadataOptions metadata;
  std::vector<Tag> tags;
  std::optional<std::string> user_data;  // base64 as returned by DescribeInstanceAttribute; empty string: none set
  std::optional<Error> user_data_error;  // set when the user data could not be read

  // Value of tag `key`, or "" when absent.
  std::string tag(const std::string& key) const {
    for (const auto& t : tags) {
      if (t.key == key) return t.value;
    }
    return {};
  }
};

// One version of an EC2 launch template (only the fields the checks judge).
struct LaunchTemplateVersion {
  std::string template_id;
  std::string template_name;
  long long version_number = 0;
  bool is_default = false;
  std::string user_data;     // base64; empty when none
  std::string profile_arn;   // IamInstanceProfile.Arn if given
  std::string profile_name;  // IamInstanceProfile.Name if given
  std::string http_tokens;   // MetadataOptions.HttpTokens if given
};

// A launch template and its versions.
struct LaunchTemplate {
  std::string id;
  std::string name;
  std::string account_id;
  std::string region;
  long long default_version = 0;
  long long latest_version = 0;
  std::vector<LaunchTemplateVersion> versions;
};

// A NAT gateway: the public addresses private subnets routed through it reach the internet from.
struct NatGateway {
  std::string id;
  std::string vpc_id;
  std::vector<std::string> public_ips;
};

// Where a region's instances without a public address reach the internet from.
struct RegionEgress {
  std::vector<NatGateway> nat_gateways;  // available (or pending) ones
  // Subnets explicitly associated with a route table -> the NAT gateway of its default route
  // ("" when that route goes elsewhere or there is none: the main table does not apply to them).
  std::map<std::string, std::string> subnet_nat;
  // VPC -> the NAT gateway of its main route table's default route ("" when none): the other subnets.
  std::map<std::string, std::string> main_nat;

  // The NAT gateway `subnet_id` in `vpc_id` routes its default route through ("" when none).
  std::string nat_of(const std::string& vpc_id, const std::string& subnet_id) const {
    if (auto it = subnet_nat.find(subnet_id); it != subnet_nat.end()) return it->second;
    auto main = main_nat.find(vpc_id);
    return main == main_nat.end() ? std::string() : main->second;
  }
};

// What was collected for one account+region.
struct RegionInventory {
  std::string account_id;
  std::string region;
  std::vector<Instance> instances;
  std::vector<LaunchTemplate> launch_templates;
  std::optional<Error> instances_error;         // DescribeInstances failed: the region is unknown
  std::optional<Error> launch_templates_error;  // launch templates could not be read
  bool launch_templates_collected = false;
  bool user_data_collected = false;
  RegionEgress egress;                // with DataNeeds::key_evidence
  std::optional<Error> egress_error;  // the NAT gateways or route tables could not be read
  bool egress_collected = false;
};

// What was collected for one account's IAM (global).
struct AccountInventory {
  std::string account_id;
  std::string partition = "aws";
  // The account's name: Organizations' when the caller may read it, else the IAM account alias;
  // empty when neither could be read (never an error).
  std::string account_name;
  std::vector<Role> roles;
  std::vector<InstanceProfile> profiles;
  std::vector<ManagedPolicy> policies;  // managed policies attached to any collected role
  std::optional<Error> iam_error;       // IAM could not be read: role-based checks are ERROR
  bool iam_collected = false;

  // Lookups by ARN; nullptr when absent. Indexes are built by build_index().
  const Role* role(const std::string& arn) const { return lookup(role_index_, roles, arn); }
  const InstanceProfile* profile(const std::string& arn) const { return lookup(profile_index_, profiles, arn); }
  const ManagedPolicy* policy(const std::string& arn) const { return lookup(policy_index_, policies, arn); }
  // (Re)builds the ARN indexes; call after filling the vectors.
  void build_index() {
    role_index_.clear();
    profile_index_.clear();
    policy_index_.clear();
    for (std::size_t i = 0; i < roles.size(); ++i) role_index_[roles[i].arn] = i;
    for (std::size_t i = 0; i < profiles.size(); ++i) profile_index_[profiles[i].arn] = i;
    for (std::size_t i = 0; i < policies.size(); ++i) policy_index_[policies[i].arn] = i;
  }

 private:
  template <typename T>
  static const T* lookup(const std::map<std::string, std::size_t>& index, const std::vector<T>& items,
                         const std::string& key) {
    auto it = index.find(key);
    return it == index.end() ? nullptr : &items[it->second];
  }

  std::map<std::string, std::size_t> role_index_;
  std::map<std::string, std::size_t> profile_index_;
  std::map<std::string, std::size_t> policy_index_;
};

// A scope (account, or account+region) that could not be scanned at all.
struct ScopeError {
  std::string account_id;
  std::string region;  // empty for account-wide failures (e.g. AssumeRole denied)
  Error error;
};

// The whole collected estate.
struct Inventory {
  std::map<std::string, AccountInventory> accounts;  // by account id
  std::vector<RegionInventory> regions;
  std::vector<ScopeError> scope_errors;
  // Key intelligence by full key id, for the key ids found at rest (filled after collection by the
  // scan's lookups; empty offline or with --no-key-intel). Key ids here are never shown unredacted.
  std::map<std::string, KeyIntel> key_intel;
  // CloudTrail evidence of those keys' use (DataNeeds::key_evidence; not collected offline).
  KeyEvidence key_evidence;

  // The account's IAM inventory, or nullptr when it was not collected.
  const AccountInventory* account(const std::string& account_id) const {
    auto it = accounts.find(account_id);
    return it == accounts.end() ? nullptr : &it->second;
  }
};

}  // namespace rolecall

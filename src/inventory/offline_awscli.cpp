#include "inventory/offline_awscli.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "aws/ops/policy_document.h"
#include "inventory/offline_json.h"

namespace rolecall::inventory {
namespace {

using nlohmann::json;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Account id from an ARN ("arn:aws:iam::123456789012:role/x" → "123456789012").
std::string arn_account(const std::string& arn) {
  std::size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    pos = arn.find(':', pos);
    if (pos == std::string::npos) return {};
    ++pos;
  }
  std::size_t end = arn.find(':', pos);
  return end == std::string::npos ? std::string() : arn.substr(pos, end - pos);
}

std::string arn_partition(const std::string& arn) {
  std::size_t a = arn.find(':');
  if (a == std::string::npos) return "aws";
  std::size_t b = arn.find(':', a + 1);
  return b == std::string::npos ? "aws" : arn.substr(a + 1, b - a - 1);
}

// A policy document: the CLI prints a JSON object; the raw API form is a URL-encoded string.
std::string document(JsonReader& r, const json& obj, std::string_view key, const std::string& path) {
  const json* v = r.member(obj, key, path, true);
  if (v == nullptr) return {};
  if (v->is_object()) return v->dump();
  if (!v->is_string()) {
    r.fail(JsonReader::key_path(path, key), std::string("expected a policy document, got ") + v->type_name());
    return {};
  }
  const std::string& text = v->get_ref<const std::string&>();
  if (!text.empty() && text.front() == '{') return text;
  auto decoded = aws::decode_policy_document(text, JsonReader::key_path(path, key));
  if (!decoded) {
    r.fail(JsonReader::key_path(path, key), decoded.error().message);
    return {};
  }
  return *decoded;
}

template <typename Fn>
void each_awscli(JsonReader& r, const json& obj, std::string_view key, const std::string& path, bool required, Fn fn) {
  const json* a = r.array(obj, key, path, required);
  if (a == nullptr) return;
  std::string p = JsonReader::key_path(path, key);
  for (std::size_t i = 0; i < a->size() && !r.failed(); ++i) {
    std::string ip = JsonReader::index_path(p, i);
    if (r.expect_object((*a)[i], ip)) fn((*a)[i], ip);
  }
}

void add_profile(AccountInventory& account, InstanceProfile profile) {
  for (auto& p : account.profiles) {
    if (p.arn != profile.arn) continue;
    for (auto& arn : profile.role_arns) {
      if (std::find(p.role_arns.begin(), p.role_arns.end(), arn) == p.role_arns.end()) p.role_arns.push_back(arn);
    }
    return;
  }
  account.profiles.push_back(std::move(profile));
}

InstanceProfile read_profile(JsonReader& r, const json& o, const std::string& p) {
  InstanceProfile profile;
  profile.arn = r.string(o, "Arn", p);
  profile.name = r.string(o, "InstanceProfileName", p);
  profile.id = r.string(o, "InstanceProfileId", p);
  profile.path = r.string(o, "Path", p, false);
  each_awscli(r, o, "Roles", p, false,
              [&](const json& role, const std::string& rp) { profile.role_arns.push_back(r.string(role, "Arn", rp)); });
  return profile;
}

void reject_paged(JsonReader& r, const json& doc, const char* token_key, const char* hint) {
  if (const json* t = r.member(doc, token_key, "", false); t != nullptr && !(t->is_boolean() && !t->get<bool>())) {
    r.fail(token_key, fmt::format("the output is one page of several (truncated); {}", hint));
  }
}

}  // namespace

std::string region_of_zone(const std::string& zone) {
  // Parts up to and including the first one that starts with a digit: us-gov-west-1a → us-gov-west-1.
  std::string out;
  std::size_t start = 0;
  while (start < zone.size()) {
    std::size_t dash = zone.find('-', start);
    std::string part = zone.substr(start, dash == std::string::npos ? std::string::npos : dash - start);
    if (part.empty()) return {};
    if (is_digit(part.front())) {
      std::size_t digits = 0;
      while (digits < part.size() && is_digit(part[digits])) ++digits;
      if (out.empty()) return {};
      return out + "-" + part.substr(0, digits);
    }
    out += (out.empty() ? "" : "-") + part;
    if (dash == std::string::npos) break;
    start = dash + 1;
  }
  return {};
}

Result<void> AwsCliInventoryBuilder::add_file(const std::string& path) {
  auto doc = read_json_file(env_, path);
  if (!doc) return fail(doc.error());
  JsonReader r(path);
  if (!r.expect_object(*doc, "")) return fail(r.error());
  ++files_;

  if (doc->contains("Reservations")) {
    reject_paged(r, *doc, "NextToken", "run aws ec2 describe-instances without --max-items/--no-paginate");
    each_awscli(r, *doc, "Reservations", "", true, [&](const json& res, const std::string& rp) {
      std::string owner = r.string(res, "OwnerId", rp);
      each_awscli(r, res, "Instances", rp, true, [&](const json& o, const std::string& p) {
        Instance i;
        i.account_id = owner;
        i.id = r.string(o, "InstanceId", p);
        if (const json* state = r.object(o, "State", p))
          i.state = r.string(*state, "Name", JsonReader::key_path(p, "State"));
        i.instance_type = r.string(o, "InstanceType", p, false);
        if (const json* prof = r.object(o, "IamInstanceProfile", p, false)) {
          i.profile_arn = r.string(*prof, "Arn", JsonReader::key_path(p, "IamInstanceProfile"));
          i.profile_id = r.string(*prof, "Id", JsonReader::key_path(p, "IamInstanceProfile"), false);
        }
        i.root_device_type = r.string(o, "RootDeviceType", p, false);
        i.launch_time = r.string(o, "LaunchTime", p, false);
        if (const json* md = r.object(o, "MetadataOptions", p, false)) {
          std::string mp = JsonReader::key_path(p, "MetadataOptions");
          i.metadata.http_tokens = r.string(*md, "HttpTokens", mp, false);
          if (i.metadata.http_tokens.empty()) i.metadata.http_tokens = "optional";
          std::string endpoint = r.string(*md, "HttpEndpoint", mp, false);
          if (!endpoint.empty()) i.metadata.http_endpoint = endpoint;
          i.metadata.http_put_response_hop_limit =
              static_cast<int>(r.integer(*md, "HttpPutResponseHopLimit", mp, false, 1));
        }
        each_awscli(r, o, "Tags", p, false, [&](const json& t, const std::string& tp) {
          Tag tag{r.string(t, "Key", tp), r.string(t, "Value", tp, false)};
          if (tag.key == "aws:ec2launchtemplate:id") i.launch_template_id = tag.value;
          if (tag.key == "aws:ec2launchtemplate:version") i.launch_template_version = tag.value;
          i.tags.push_back(std::move(tag));
        });
        std::string zone;
        if (const json* placement = r.object(o, "Placement", p, false)) {
          zone = r.string(*placement, "AvailabilityZone", JsonReader::key_path(p, "Placement"), false);
        }
        i.region = zone.empty() ? fallback_region_ : region_of_zone(zone);
        if (r.failed()) return;
        if (i.region.empty()) {
          r.fail(JsonReader::key_path(p, "Placement.AvailabilityZone"),
                 zone.empty() ? "missing, and no --region was given to place the instance"
                              : "\"" + zone + "\" is not an availability zone name");
          return;
        }
        RegionInventory& region = regions_[{owner, i.region}];
        region.account_id = owner;
        region.region = i.region;
        region.instances.push_back(std::move(i));
      });
    });
  } else if (doc->contains("RoleDetailList") || doc->contains("Policies") || doc->contains("UserDetailList") ||
             doc->contains("GroupDetailList")) {
    if (const json* t = r.member(*doc, "IsTruncated", "", false); t != nullptr && t->is_boolean() && t->get<bool>()) {
      r.fail("IsTruncated", "true: the output is one page of several; run the command without --max-items");
    }
    reject_paged(r, *doc, "Marker", "run the command without --max-items");
    reject_paged(r, *doc, "NextToken", "run the command without --max-items");
    each_awscli(r, *doc, "RoleDetailList", "", true, [&](const json& o, const std::string& p) {
      Role role;
      role.arn = r.string(o, "Arn", p);
      role.name = r.string(o, "RoleName", p);
      role.role_id = r.string(o, "RoleId", p, false);
      role.path = r.string(o, "Path", p, false);
      role.trust_policy = document(r, o, "AssumeRolePolicyDocument", p);
      each_awscli(r, o, "AttachedManagedPolicies", p, false, [&](const json& a, const std::string& ap) {
        role.attached_policy_arns.push_back(r.string(a, "PolicyArn", ap));
      });
      each_awscli(r, o, "RolePolicyList", p, false, [&](const json& ip, const std::string& ipp) {
        role.inline_policies.push_back({r.string(ip, "PolicyName", ipp), document(r, ip, "PolicyDocument", ipp)});
      });
      if (const json* b = r.object(o, "PermissionsBoundary", p, false)) {
        role.permissions_boundary_arn =
            r.string(*b, "PermissionsBoundaryArn", JsonReader::key_path(p, "PermissionsBoundary"), false);
      }
      if (r.failed()) return;
      std::string account_id = arn_account(role.arn);
      if (account_id.empty()) return r.fail(JsonReader::key_path(p, "Arn"), "not an IAM ARN: " + role.arn);
      AccountInventory& account = accounts_[account_id];
      account.account_id = account_id;
      account.partition = arn_partition(role.arn);
      each_awscli(r, o, "InstanceProfileList", p, false, [&](const json& ip, const std::string& ipp) {
        InstanceProfile profile = read_profile(r, ip, ipp);
        // The list is "profiles that contain this role", as the live collector reads it.
        if (std::find(profile.role_arns.begin(), profile.role_arns.end(), role.arn) == profile.role_arns.end()) {
          profile.role_arns.push_back(role.arn);
        }
        add_profile(account, std::move(profile));
      });
      account.roles.push_back(std::move(role));
    });
    each_awscli(r, *doc, "Policies", "", false, [&](const json& o, const std::string& p) {
      ManagedPolicy policy;
      policy.arn = r.string(o, "Arn", p);
      policy.name = r.string(o, "PolicyName", p);
      policy.default_version_id = r.string(o, "DefaultVersionId", p, false);
      each_awscli(r, o, "PolicyVersionList", p, true, [&](const json& v, const std::string& vp) {
        if (!r.boolean(v, "IsDefaultVersion", vp)) return;
        policy.document = document(r, v, "Document", vp);
        if (policy.default_version_id.empty()) policy.default_version_id = r.string(v, "VersionId", vp, false);
      });
      if (r.failed()) return;
      std::string account_id = arn_account(policy.arn);
      // AWS managed policies (account "aws") are global: every account in the file may use them.
      if (account_id == "aws" || account_id.empty()) {
        for (auto& [id, account] : accounts_) account.policies.push_back(policy);
        pending_aws_policies_.push_back(std::move(policy));
        return;
      }
      AccountInventory& account = accounts_[account_id];
      account.account_id = account_id;
      account.policies.push_back(std::move(policy));
    });
  } else if (doc->contains("InstanceProfiles")) {
    reject_paged(r, *doc, "Marker", "run aws iam list-instance-profiles without --max-items");
    reject_paged(r, *doc, "NextToken", "run aws iam list-instance-profiles without --max-items");
    each_awscli(r, *doc, "InstanceProfiles", "", true, [&](const json& o, const std::string& p) {
      InstanceProfile profile = read_profile(r, o, p);
      if (r.failed()) return;
      std::string account_id = arn_account(profile.arn);
      if (account_id.empty()) return r.fail(JsonReader::key_path(p, "Arn"), "not an IAM ARN: " + profile.arn);
      AccountInventory& account = accounts_[account_id];
      account.account_id = account_id;
      account.partition = arn_partition(profile.arn);
      add_profile(account, std::move(profile));
    });
  } else if (doc->contains("schema")) {
    return fail(ErrorKind::kParse, fmt::format("{}: a rolecall inventory file outside a complete collection (no "
                                               "manifest.json beside it: was `rolecall collect` interrupted?); pass "
                                               "the collection directory to --from",
                                               path));
  } else {
    std::string keys;
    for (auto it = doc->begin(); it != doc->end() && keys.size() < 200; ++it)
      keys += (keys.empty() ? "" : ", ") + it.key();
    return fail(ErrorKind::kParse,
                fmt::format("{}: not output of aws ec2 describe-instances, aws iam get-account-authorization-details "
                            "or aws iam list-instance-profiles, nor a rolecall collect directory (top-level keys: {})",
                            path, keys.empty() ? "none" : keys));
  }
  if (r.failed()) return fail(r.error());
  return {};
}

Result<Inventory> AwsCliInventoryBuilder::finish() {
  if (files_ == 0) return fail(ErrorKind::kInvalidArgument, "no input files to audit");
  Inventory inventory;
  for (auto& [id, account] : accounts_) {
    // AWS managed policies seen before this account's roles still apply to it.
    for (const auto& policy : pending_aws_policies_) {
      bool have = std::any_of(account.policies.begin(), account.policies.end(),
                              [&](const ManagedPolicy& p) { return p.arn == policy.arn; });
      if (!have) account.policies.push_back(policy);
    }
    account.iam_collected = true;
    account.build_index();
    inventory.accounts[id] = account;
    inventory.accounts[id].build_index();
  }
  for (auto& [key, region] : regions_) {
    // describe-instances carries neither user data nor launch templates: those checks are ERROR.
    region.user_data_collected = false;
    region.launch_templates_collected = false;
    region.launch_templates_error = Error::not_found("not collected: the offline input has no launch templates");
    inventory.regions.push_back(std::move(region));
  }
  if (inventory.regions.empty() && inventory.accounts.empty()) {
    return fail(ErrorKind::kInvalidArgument, "the input files hold no instances and no IAM data");
  }
  return inventory;
}

}  // namespace rolecall::inventory

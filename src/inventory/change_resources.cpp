#include "inventory/change_resources.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <utility>

#include "base/ascii.h"
#include "base/untrusted_json.h"

namespace rolecall::inventory {
namespace {

// Records nest a few levels (RunInstances: instancesSet.items[].instanceId); deeper is not looked at.
constexpr int kChangeResourceDepth = 8;

// Every string under a key named `key` (any case: EC2's newer calls write InstanceId, its older
// ones instanceId) in `j`, depth first.
void change_collect_strings(const nlohmann::json& j, std::string_view key, int depth, std::vector<std::string>& out) {
  if (depth > kChangeResourceDepth) return;
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (v.is_string() && base::iequals(k, key)) out.push_back(v.get<std::string>());
      if (v.is_structured()) change_collect_strings(v, key, depth + 1, out);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) change_collect_strings(v, key, depth + 1, out);
  }
}

// The one string under `key` in request and response; "" when absent or when they disagree.
std::string change_one_string(const nlohmann::json& request, const nlohmann::json& response, std::string_view key) {
  std::vector<std::string> found;
  change_collect_strings(request, key, 0, found);
  change_collect_strings(response, key, 0, found);
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found.size() == 1 ? found.front() : std::string();
}

// Whether `id` looks like `prefix` followed by letters and digits ("i-0abc", "lt-0abc").
bool change_resource_id_like(std::string_view id, std::string_view prefix) {
  if (!id.starts_with(prefix) || id.size() == prefix.size() || id.size() > 64) return false;
  return std::all_of(id.begin() + static_cast<std::ptrdiff_t>(prefix.size()), id.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

// IAM names: letters, digits and +=,.@_- (up to 128); ARNs as "arn:...".
bool change_iam_name_like(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("+=,.@_-").find(c) != std::string_view::npos;
  });
}

// Every call that can turn a verdict, sorted by name, with what it changes.
constexpr std::array<std::pair<std::string_view, ChangeKind>, 27> kVerdictCalls = {{
    {"AddRoleToInstanceProfile", ChangeKind::kProfile},
    {"AssociateIamInstanceProfile", ChangeKind::kInstance},
    {"AttachRolePolicy", ChangeKind::kRole},
    {"CreateAccessKey", ChangeKind::kAccessKey},
    {"CreateLaunchTemplate", ChangeKind::kLaunchTemplate},
    {"CreateLaunchTemplateVersion", ChangeKind::kLaunchTemplate},
    {"CreatePolicyVersion", ChangeKind::kPolicy},
    {"DeleteAccessKey", ChangeKind::kAccessKey},
    {"DeleteInstanceProfile", ChangeKind::kProfile},
    {"DeleteLaunchTemplate", ChangeKind::kLaunchTemplate},
    {"DeleteLaunchTemplateVersions", ChangeKind::kLaunchTemplate},
    {"DeleteRole", ChangeKind::kRole},
    {"DeleteRolePolicy", ChangeKind::kRole},
    {"DetachRolePolicy", ChangeKind::kRole},
    {"DisassociateIamInstanceProfile", ChangeKind::kInstance},
    {"ModifyInstanceAttribute", ChangeKind::kInstance},
    {"ModifyInstanceMetadataOptions", ChangeKind::kInstance},
    {"ModifyLaunchTemplate", ChangeKind::kLaunchTemplate},
    {"PutRolePolicy", ChangeKind::kRole},
    {"RemoveRoleFromInstanceProfile", ChangeKind::kProfile},
    {"ReplaceIamInstanceProfileAssociation", ChangeKind::kInstance},
    {"RunInstances", ChangeKind::kInstance},
    {"SetDefaultPolicyVersion", ChangeKind::kPolicy},
    {"StartInstances", ChangeKind::kInstance},
    {"TerminateInstances", ChangeKind::kInstance},
    {"UpdateAccessKey", ChangeKind::kAccessKey},
    {"UpdateAssumeRolePolicy", ChangeKind::kRole},
}};
static_assert(std::is_sorted(kVerdictCalls.begin(), kVerdictCalls.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; }));

}  // namespace

ChangeKind change_kind_of(std::string_view event_name) {
  auto it = std::lower_bound(kVerdictCalls.begin(), kVerdictCalls.end(), event_name,
                             [](const auto& entry, std::string_view name) { return entry.first < name; });
  return it != kVerdictCalls.end() && it->first == event_name ? it->second : ChangeKind::kOther;
}

ChangeResources read_change_resources(std::string_view event_name, const nlohmann::json& request,
                                      const nlohmann::json& response) {
  ChangeResources out;
  switch (change_kind_of(event_name)) {
    case ChangeKind::kInstance: {
      change_collect_strings(request, "instanceId", 0, out.instance_ids);
      change_collect_strings(response, "instanceId", 0, out.instance_ids);
      std::sort(out.instance_ids.begin(), out.instance_ids.end());
      out.instance_ids.erase(std::unique(out.instance_ids.begin(), out.instance_ids.end()), out.instance_ids.end());
      out.known = !out.instance_ids.empty() &&
                  std::all_of(out.instance_ids.begin(), out.instance_ids.end(),
                              [](const std::string& id) { return change_resource_id_like(id, "i-"); });
      break;
    }
    case ChangeKind::kRole:
      out.role_name = change_one_string(request, nullptr, "roleName");
      out.known = change_iam_name_like(out.role_name);
      break;
    case ChangeKind::kProfile:
      out.profile_name = change_one_string(request, nullptr, "instanceProfileName");
      out.role_name = change_one_string(request, nullptr, "roleName");
      out.known = change_iam_name_like(out.profile_name) &&
                  (event_name == "DeleteInstanceProfile" || change_iam_name_like(out.role_name));
      break;
    case ChangeKind::kPolicy:
      out.policy_arn = change_one_string(request, nullptr, "policyArn");
      out.known = out.policy_arn.starts_with("arn:") && out.policy_arn.size() <= 2048;
      break;
    case ChangeKind::kLaunchTemplate:
      out.launch_template_id = change_one_string(request, response, "launchTemplateId");
      out.known = change_resource_id_like(out.launch_template_id, "lt-");
      break;
    case ChangeKind::kAccessKey:
      out.user_name = change_one_string(request, nullptr, "userName");
      out.access_key_id = change_one_string(request, response, "accessKeyId");
      // Without userName the caller changed its own keys: who that is, the record's identity says.
      out.known = change_iam_name_like(out.user_name);
      break;
    case ChangeKind::kOther: break;
  }
  if (!out.known) out = ChangeResources{};
  return out;
}

ChangeResources read_change_resources_text(std::string_view event_name, std::string_view request,
                                           std::string_view response) {
  auto parse = [](std::string_view text, const char* what) -> std::optional<nlohmann::json> {
    if (text.empty()) return nlohmann::json();
    auto j = base::parse_untrusted_json(text, what);
    if (!j) return std::nullopt;
    return std::move(*j);
  };
  auto req = parse(request, "requestParameters");
  auto resp = parse(response, "responseElements");
  if (!req || !resp) return {};
  return read_change_resources(event_name, *req, *resp);
}

}  // namespace rolecall::inventory

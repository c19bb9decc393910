// IAM managed policy versions: CreatePolicyVersion, ListPolicyVersions, DeletePolicyVersion,
// SetDefaultPolicyVersion. A customer managed policy keeps up to five versions; its default one is
// what evaluation reads (ManagedPolicyDef::document).
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "emulator/services/authorize.h"
#include "emulator/services/iam/common.h"
#include "emulator/services/iam/edit.h"
#include "emulator/services/iam/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::iam {
namespace {

constexpr std::size_t kVersionsPerPolicy = 5;

// True when `id` matches the model's policyVersionIdType: v[1-9][0-9]*(\.[A-Za-z0-9-]*)?
bool version_id_ok(const std::string& id) {
  if (id.size() < 2 || id[0] != 'v' || id[1] < '1' || id[1] > '9') return false;
  std::size_t i = 2;
  while (i < id.size() && std::isdigit(static_cast<unsigned char>(id[i]))) ++i;
  if (i == id.size()) return true;
  if (id[i] != '.') return false;
  return std::all_of(id.begin() + static_cast<std::ptrdiff_t>(i) + 1, id.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
}

// The required VersionId, or ValidationError when absent or not a version id.
std::expected<std::string, ApiError> version_param(const RequestContext& ctx) {
  auto id = required_param(ctx, "VersionId");
  if (!id) return std::unexpected(id.error());
  if (!version_id_ok(*id)) {
    return std::unexpected(ApiError{400, "ValidationError",
                                    fmt::format("1 validation error detected: Value '{}' at 'versionId' failed to "
                                                "satisfy constraint: Member must satisfy regular expression pattern: "
                                                "v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
                                                *id),
                                    true});
  }
  return *id;
}

// The PolicyArn of the request, well formed and authorized for `action`.
std::expected<std::string, ApiError> policy_arn_param(RequestContext& ctx, const char* action) {
  auto arn = required_param(ctx, "PolicyArn");
  if (!arn) return std::unexpected(arn.error());
  if (auto bad = check_policy_arn(*arn)) return std::unexpected(*bad);
  if (auto denied = authorize(ctx, action, *arn)) return std::unexpected(*denied);
  return *arn;
}

// The customer managed policy `arn` of the caller's account (AWS managed ones are not the
// account's to change), or NoSuchEntity.
std::expected<ManagedPolicyDef*, ApiError> policy_to_change(RequestContext& ctx, const std::string& arn) {
  ManagedPolicyDef* policy = ctx.account().find_customer_policy(arn);
  if (!policy) return std::unexpected(no_such_entity(fmt::format("Policy {} was not found.", arn)));
  return policy;
}

// The version a DeletePolicyVersion or SetDefaultPolicyVersion request names.
struct VersionTarget {
  ManagedPolicyDef* policy = nullptr;
  std::vector<std::pair<std::string, nlohmann::json>> versions;  // policy_versions(*policy)
  std::size_t index = 0;                                         // the named one's
};

// PolicyArn and VersionId, authorized for `action`: InvalidInput / ValidationError, AccessDenied,
// then NoSuchEntity for a policy or version the account does not have.
std::expected<VersionTarget, ApiError> version_to_change(RequestContext& ctx, const char* action) {
  auto arn = policy_arn_param(ctx, action);
  if (!arn) return std::unexpected(arn.error());
  auto id = version_param(ctx);
  if (!id) return std::unexpected(id.error());
  auto policy = policy_to_change(ctx, *arn);
  if (!policy) return std::unexpected(policy.error());
  VersionTarget target{*policy, policy_versions(**policy), 0};
  auto it = std::find_if(target.versions.begin(), target.versions.end(), [&](const auto& v) { return v.first == *id; });
  if (it == target.versions.end()) {
    return std::unexpected(
        no_such_entity(fmt::format("Policy {} version {} does not exist or is not attachable.", *arn, *id)));
  }
  target.index = static_cast<std::size_t>(it - target.versions.begin());
  return target;
}

}  // namespace

HandlerResult create_policy_version(RequestContext& ctx) {
  auto text = required_param(ctx, "PolicyDocument");
  if (!text) return std::unexpected(text.error());
  auto arn = policy_arn_param(ctx, "iam:CreatePolicyVersion");
  if (!arn) return std::unexpected(arn.error());
  auto policy = policy_to_change(ctx, *arn);
  if (!policy) return std::unexpected(policy.error());
  auto doc = parse_policy_document(*text, PolicyKind::kIdentity, kManagedPolicyChars, "PolicySize");
  if (!doc) return std::unexpected(doc.error());
  auto versions = policy_versions(**policy);
  if (versions.size() >= kVersionsPerPolicy) {
    return std::unexpected(
        limit_exceeded("A managed policy can have up to 5 versions. Before you create a new version, you must "
                       "delete an existing version."));
  }
  // Ids count up and are never reissued, not even the id of a deleted version.
  int issued = (*policy)->versions_issued;
  for (const auto& [id, document] : versions) issued = std::max(issued, std::atoi(id.c_str() + 1));
  std::string id = fmt::format("v{}", issued + 1);
  (*policy)->versions_issued = issued + 1;
  bool make_default = ctx.params.flag("SetAsDefault");
  versions.emplace_back(id, *doc);
  (*policy)->versions = std::move(versions);
  if (make_default) {
    (*policy)->default_version = id;
    (*policy)->document = std::move(*doc);
  }
  XmlWriter w = begin_response(ctx);
  w.open("PolicyVersion").leaf("VersionId", id).leaf_bool("IsDefaultVersion", make_default);
  w.leaf("CreateDate", kIamCreateDate).close("PolicyVersion");
  return end_response(w, ctx);
}

HandlerResult list_policy_versions(RequestContext& ctx) {
  auto arn = policy_arn_param(ctx, "iam:ListPolicyVersions");
  if (!arn) return std::unexpected(arn.error());
  const ManagedPolicyDef* policy = find_managed_policy(ctx.account(), *arn);
  if (!policy) return std::unexpected(no_such_entity(fmt::format("Policy {} was not found.", *arn)));
  auto versions = policy_versions(*policy);
  std::string scope = fmt::format("{}|{}|{}", ctx.action, ctx.caller.account_id, *arn);
  auto page = iam_page(ctx, scope, versions.size());
  if (!page) return std::unexpected(page.error());
  XmlWriter w = begin_response(ctx);
  w.open("Versions");
  // As in IAM, the list names the versions without their documents (GetPolicyVersion has them).
  for (std::size_t i = page->begin; i < page->end; ++i) {
    const std::string& id = versions[i].first;
    w.open("member").leaf("VersionId", id).leaf_bool("IsDefaultVersion", id == policy->default_version);
    w.leaf("CreateDate", kIamCreateDate).close("member");
  }
  w.close("Versions");
  render_truncation(w, ctx, scope, *page);
  return end_response(w, ctx);
}

HandlerResult delete_policy_version(RequestContext& ctx) {
  auto target = version_to_change(ctx, "iam:DeletePolicyVersion");
  if (!target) return std::unexpected(target.error());
  auto& [policy, versions, index] = *target;
  if (versions[index].first == policy->default_version) {
    return std::unexpected(delete_conflict("Cannot delete the default version of a policy."));
  }
  versions.erase(versions.begin() + static_cast<std::ptrdiff_t>(index));
  policy->versions = std::move(versions);
  return no_output_response(ctx);
}

HandlerResult set_default_policy_version(RequestContext& ctx) {
  auto target = version_to_change(ctx, "iam:SetDefaultPolicyVersion");
  if (!target) return std::unexpected(target.error());
  auto& [policy, versions, index] = *target;
  // Evaluation and the checks read `document`: the default version's, from now on.
  policy->document = versions[index].second;
  policy->default_version = versions[index].first;
  policy->versions = std::move(versions);
  return no_output_response(ctx);
}

}  // namespace rolecall::emulator::iam

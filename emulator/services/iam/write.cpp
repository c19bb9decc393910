// IAM changes and simulation: CreateInstanceProfile, AddRoleToInstanceProfile, SimulatePrincipalPolicy.
#include <fmt/format.h>

#include "emulator/common/validate.h"
#include "emulator/services/authorize.h"
#include "emulator/services/iam/common.h"
#include "emulator/services/iam/edit.h"
#include "emulator/services/iam/handlers.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::iam {

HandlerResult create_instance_profile(RequestContext& ctx) {
  auto name = required_param(ctx, "InstanceProfileName");
  if (!name) return std::unexpected(name.error());
  if (!is_iam_name(*name)) {
    return error(400, "ValidationError",
                 fmt::format("1 validation error detected: Value '{}' at 'instanceProfileName' failed to satisfy "
                             "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
                             *name));
  }
  std::string path = ctx.params.value("Path", "/");
  if (path.empty() || path.front() != '/' || path.back() != '/' || path.size() > 512) {
    return error(400, "ValidationError",
                 "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric "
                 "characters and/or / characters.");
  }
  Account& account = ctx.account();
  ProfileDef profile;
  profile.name = *name;
  profile.path = path;
  profile.arn = iam_arn(ctx.partition(), account.id, "instance-profile", path, *name);
  profile.id = new_unique_id(ctx, "AIPA");  // a recreated profile gets a new id, as in IAM
  if (auto denied = authorize(ctx, "iam:CreateInstanceProfile", profile.arn)) return std::unexpected(*denied);
  if (account.find_profile(*name)) {
    return error(409, "EntityAlreadyExists", fmt::format("Instance Profile {} already exists.", *name));
  }
  account.profiles.push_back(profile);
  XmlWriter w = begin_response(ctx);
  w.open("InstanceProfile");
  render_profile_fields(w, account, account.profiles.back());
  w.close("InstanceProfile");
  return end_response(w, ctx);
}

HandlerResult add_role_to_instance_profile(RequestContext& ctx) {
  auto profile_name = required_param(ctx, "InstanceProfileName");
  if (!profile_name) return std::unexpected(profile_name.error());
  auto role_name = required_param(ctx, "RoleName");
  if (!role_name) return std::unexpected(role_name.error());
  Account& account = ctx.account();
  ProfileDef* profile = account.find_profile(*profile_name);
  std::string arn =
      profile ? profile->arn : iam_arn(ctx.partition(), account.id, "instance-profile", "/", *profile_name);
  if (auto denied = authorize(ctx, "iam:AddRoleToInstanceProfile", arn)) return std::unexpected(*denied);
  if (!profile) return error(404, "NoSuchEntity", fmt::format("Instance Profile {} cannot be found.", *profile_name));
  const RoleDef* role = account.find_role(*role_name);
  if (!role) return error(404, "NoSuchEntity", fmt::format("The role with name {} cannot be found.", *role_name));
  if (auto denied = authorize(ctx, "iam:PassRole", role->arn)) return std::unexpected(*denied);
  if (!profile->roles.empty()) {
    return error(409, "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
  }
  profile->roles.push_back(role->name);
  XmlWriter w = begin_response(ctx);
  return end_response(w, ctx);
}

namespace {

// The SourcePolicyId of the boundary given in PermissionsBoundaryPolicyInputList, and the prefix
// of those of PolicyInputList's documents ("PolicyInputList.1", ...).
constexpr const char* kBoundaryInputId = "PermissionsBoundaryPolicyInputList.1";
constexpr const char* kPolicyInputPrefix = "PolicyInputList.";
constexpr std::size_t kSimulatedPolicyChars = 131072;  // the model's policyDocumentType length

// SimulatePrincipalPolicy's SourcePolicyType for a NamedPolicy of a user or role (documents given
// in the request belong to no entity: "none").
std::string source_type(const std::string& source, bool role) {
  if (source == kBoundaryInputId || source.starts_with(kPolicyInputPrefix)) return "none";
  if (source.find(":iam::aws:policy/") != std::string::npos) return "aws-managed";
  if (source.starts_with("arn:")) return "user-managed";
  return role ? "role" : "user";
}

}  // namespace

HandlerResult simulate_principal_policy(RequestContext& ctx) {
  auto source = required_param(ctx, "PolicySourceArn");
  if (!source) return std::unexpected(source.error());
  std::vector<std::string> actions = ctx.params.list("ActionNames.member");
  if (actions.empty()) return std::unexpected(required_param(ctx, "ActionNames").error());
  std::vector<std::string> resources = ctx.params.list("ResourceArns.member");
  if (resources.empty()) resources.push_back("*");
  if (auto denied = authorize(ctx, "iam:SimulatePrincipalPolicy", *source)) return std::unexpected(*denied);
  // ContextEntries: the condition keys the simulated request carries (a list value's first item).
  policy::ConditionContext context;
  for (int i = 1;; ++i) {
    const std::string prefix = "ContextEntries.member." + std::to_string(i) + ".";
    const std::string* key = ctx.params.get(prefix + "ContextKeyName");
    if (!key) break;
    auto values = ctx.params.list(prefix + "ContextKeyValues.member");
    if (!values.empty()) context[*key] = values.front();
  }
  // PermissionsBoundaryPolicyInputList: one boundary document simulated instead of the principal's.
  std::vector<std::string> boundary_inputs = ctx.params.list("PermissionsBoundaryPolicyInputList.member");
  if (boundary_inputs.size() > 1) {
    return error(400, "InvalidInput", "Only one permissions boundary policy may be simulated.");
  }
  std::optional<nlohmann::json> boundary_input;
  if (!boundary_inputs.empty()) {
    auto doc = parse_policy_document(boundary_inputs.front(), PolicyKind::kIdentity, kManagedPolicyChars, "PolicySize");
    if (!doc) return std::unexpected(doc.error());
    boundary_input = std::move(*doc);
  }
  // PolicyInputList: identity policies simulated as if the principal had them too.
  std::vector<std::string> policy_inputs = ctx.params.list("PolicyInputList.member");
  std::vector<nlohmann::json> input_docs;
  input_docs.reserve(policy_inputs.size());  // the views below point into it
  for (const auto& text : policy_inputs) {
    auto doc = parse_policy_document(text, PolicyKind::kIdentity, kSimulatedPolicyChars, "PolicySize");
    if (!doc) return std::unexpected(doc.error());
    input_docs.push_back(std::move(*doc));
  }
  std::vector<std::string> input_ids;
  for (std::size_t i = 0; i < input_docs.size(); ++i)
    input_ids.push_back(fmt::format("{}{}", kPolicyInputPrefix, i + 1));

  auto principal = parse_iam_arn(*source);
  if (!principal) return error(400, "InvalidInput", fmt::format("Invalid ARN: {}", *source));
  const Account* account = ctx.estate().find_account(principal->account);
  if (!account || account->id != ctx.caller.account_id) {
    return error(404, "NoSuchEntity", fmt::format("The principal {} cannot be found.", *source));
  }
  bool is_role = principal->kind == "role";
  std::vector<policy::NamedPolicy> policies;
  std::optional<policy::NamedPolicy> boundary;  // the principal's permissions boundary
  bool found = false;
  if (is_role) {
    if (const RoleDef* role = account->find_role(principal->name); role && role->arn == *source) {
      policies = identity_policies(*account, role->attached_policy_arns, role->inline_policies);
      boundary = boundary_policy(*account, role->permissions_boundary);
      found = true;
    }
  } else {
    for (const auto& user : account->users) {
      if (user.arn != *source) continue;
      policies = user_policies(*account, user);
      boundary = boundary_policy(*account, user.permissions_boundary);
      found = true;
    }
  }
  if (!found) return error(404, "NoSuchEntity", fmt::format("The principal {} cannot be found.", *source));
  if (boundary_input) boundary = policy::NamedPolicy{kBoundaryInputId, &*boundary_input};
  for (std::size_t i = 0; i < input_docs.size(); ++i) policies.push_back({input_ids[i], &input_docs[i]});

  std::size_t total = actions.size() * resources.size();
  std::string scope = fmt::format("{}|{}|{}|{}", ctx.action, ctx.caller.account_id, *source, total);
  auto page = iam_page(ctx, scope, total);
  if (!page) return std::unexpected(page.error());
  XmlWriter w = begin_response(ctx);
  w.open("EvaluationResults");
  for (std::size_t i = page->begin; i < page->end; ++i) {
    const std::string& action = actions[i / resources.size()];
    const std::string& resource = resources[i % resources.size()];
    auto bounded = policy::evaluate_bounded(policies, boundary ? &*boundary : nullptr, action, resource, context);
    const policy::Evaluation& e = bounded.evaluation;
    w.open("member").leaf("EvalActionName", action).leaf("EvalResourceName", resource);
    w.leaf("EvalDecision", policy::to_string(e.decision));
    w.open("MatchedStatements");
    if (!e.matched_source.empty()) {
      w.open("member")
          .leaf("SourcePolicyId", e.matched_source)
          .leaf("SourcePolicyType", source_type(e.matched_source, is_role));
      w.open("StartPosition")
          .leaf("Line", 1LL)
          .leaf("Column", static_cast<long long>(e.matched_statement) + 1)
          .close("StartPosition");
      w.open("EndPosition")
          .leaf("Line", 1LL)
          .leaf("Column", static_cast<long long>(e.matched_statement) + 2)
          .close("EndPosition");
      w.close("member");
    }
    w.close("MatchedStatements");
    w.empty("MissingContextValues");
    if (bounded.has_boundary) {
      w.open("PermissionsBoundaryDecisionDetail")
          .leaf_bool("AllowedByPermissionsBoundary", bounded.boundary_allows)
          .close("PermissionsBoundaryDecisionDetail");
    }
    w.close("member");
  }
  w.close("EvaluationResults");
  render_truncation(w, ctx, scope, *page);
  return end_response(w, ctx);
}

}  // namespace rolecall::emulator::iam

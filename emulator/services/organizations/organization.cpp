// Organizations (JSON 1.1): DescribeOrganization, ListAccounts.
#include <fmt/format.h>

#include "emulator/services/authorize.h"
#include "emulator/services/organizations/handlers.h"
#include "emulator/services/pagination.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::organizations {
namespace {

constexpr long long kJoinedTimestamp = 1767225600;  // 2026-01-01T00:00:00Z

std::optional<ApiError> require_organization(const RequestContext& ctx) {
  if (!ctx.core.estate.organization) {
    return ApiError{400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.", true};
  }
  return std::nullopt;
}

const Account& management(const RequestContext& ctx) {
  return *ctx.core.estate.find_account(ctx.core.estate.organization->management_account);
}

}  // namespace

HandlerResult describe_organization(RequestContext& ctx) {
  if (auto denied = authorize(ctx, "organizations:DescribeOrganization", "*")) return std::unexpected(*denied);
  if (auto none = require_organization(ctx)) return std::unexpected(*none);
  const Organization& org = *ctx.estate().organization;
  const Account& mgmt = management(ctx);
  nlohmann::json body = {
      {"Organization",
       {{"Id", org.id},
        {"Arn", fmt::format("arn:{}:organizations::{}:organization/{}", ctx.partition(), mgmt.id, org.id)},
        {"FeatureSet", "ALL"},
        {"MasterAccountArn",
         fmt::format("arn:{}:organizations::{}:account/{}/{}", ctx.partition(), mgmt.id, org.id, mgmt.id)},
        {"MasterAccountId", mgmt.id},
        {"MasterAccountEmail", mgmt.email},
        {"AvailablePolicyTypes",
         nlohmann::json::array({{{"Type", "SERVICE_CONTROL_POLICY"}, {"Status", "ENABLED"}}})}}}};
  return json_reply(body);
}

HandlerResult list_accounts(RequestContext& ctx) {
  if (auto denied = authorize(ctx, "organizations:ListAccounts", "*")) return std::unexpected(*denied);
  if (auto none = require_organization(ctx)) return std::unexpected(*none);
  const Organization& org = *ctx.estate().organization;
  if (ctx.caller.account_id != org.management_account) {
    return error(400, "AccessDeniedException", "You don't have permissions to access this resource.");
  }
  std::size_t limit = 20;
  if (auto it = ctx.json.find("MaxResults"); it != ctx.json.end()) {
    if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 20) {
      return error(
          400, "InvalidInputException",
          "You provided a value that does not match the required pattern. MaxResults must be between 1 and 20.");
    }
    limit = it->get<std::size_t>();
  }
  std::string scope = fmt::format("ListAccounts|{}", org.id);
  std::size_t offset = 0;
  if (auto it = ctx.json.find("NextToken"); it != ctx.json.end() && !it->is_null()) {
    auto o = it->is_string() ? read_page_token(ctx.core, scope, it->get<std::string>()) : std::nullopt;
    if (!o) return error(400, "InvalidInputException", "You specified an invalid value for nextToken.");
    offset = *o;
  }
  const auto& accounts = ctx.estate().accounts;
  PageWindow page = page_window(accounts.size(), offset, limit);
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const Account& a = accounts[i];
    list.push_back({{"Id", a.id},
                    {"Arn", fmt::format("arn:{}:organizations::{}:account/{}/{}", ctx.partition(),
                                        org.management_account, org.id, a.id)},
                    {"Email", a.email},
                    {"Name", a.name},
                    {"Status", a.status},
                    {"JoinedMethod", a.id == org.management_account ? "INVITED" : "CREATED"},
                    {"JoinedTimestamp", kJoinedTimestamp}});
  }
  nlohmann::json body = {{"Accounts", list}};
  if (page.more) body["NextToken"] = make_page_token(ctx.core, scope, page.end);
  return json_reply(body);
}

}  // namespace rolecall::emulator::organizations

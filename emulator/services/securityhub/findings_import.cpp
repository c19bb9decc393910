// Security Hub BatchImportFindings: each finding checked against the ASFF rules AWS documents
// (required attributes, a 12-digit AwsAccountId, the caller's default product ARN in this region,
// ISO 8601 times); refused ones are listed in FailedFindings while the rest are upserted by
// (ProductArn, Id), keeping the first CreatedAt.

#include <fmt/format.h>

#include "base/iso8601.h"
#include "base/json_text.h"
#include "emulator/common/validate.h"
#include "emulator/services/authorize.h"
#include "emulator/services/securityhub/handlers.h"

namespace rolecall::emulator::securityhub {
namespace {

// "Maximum of 100 findings per request" (BatchImportFindingsRequest.Findings).
constexpr std::size_t kMaxBatch = 100;
// AwsSecurityFinding's required members (botocore's service model).
constexpr const char* kRequiredStrings[] = {"SchemaVersion", "Id",        "ProductArn", "GeneratorId", "AwsAccountId",
                                            "CreatedAt",     "UpdatedAt", "Title",      "Description"};

// A finding's AwsAccountId may be the caller's own, or, for the organization's management account
// (the Security Hub administrator), any account of the organization.
bool may_import_for(const RequestContext& ctx, const std::string& account_id) {
  if (account_id == ctx.caller.account_id) return true;
  const Estate& estate = ctx.core.estate;
  return estate.organization && estate.organization->management_account == ctx.caller.account_id &&
         estate.find_account(account_id) != nullptr;
}

struct Refusal {
  std::string code;
  std::string message;
};

// Why `f` cannot be imported, or nullopt when it can.
std::optional<Refusal> check_finding(const RequestContext& ctx, const nlohmann::json& f) {
  if (!f.is_object()) return Refusal{"InvalidInput", "Finding is not an object"};
  for (const char* key : kRequiredStrings) {
    auto it = f.find(key);
    if (it == f.end() || !it->is_string() || it->get<std::string>().empty()) {
      return Refusal{"InvalidInput", fmt::format("Finding does not adhere to Amazon Finding Format. data should have "
                                                 "required property '{}' as a non-empty string",
                                                 key)};
    }
  }
  auto resources = f.find("Resources");
  if (resources == f.end() || !resources->is_array() || resources->empty() || resources->size() > 32) {
    return Refusal{"InvalidInput",
                   "Finding does not adhere to Amazon Finding Format. data.Resources should be an array of 1 to 32 "
                   "resources"};
  }
  for (const auto& r : *resources) {
    if (!r.is_object() || !r.contains("Type") || !r["Type"].is_string() || !r.contains("Id") || !r["Id"].is_string()) {
      return Refusal{"InvalidInput",
                     "Finding does not adhere to Amazon Finding Format. each resource needs Type and Id strings"};
    }
  }
  const std::string account = f["AwsAccountId"].get<std::string>();
  if (!is_account_id(account)) {
    return Refusal{"InvalidInput",
                   "Finding does not adhere to Amazon Finding Format. data.AwsAccountId should match pattern "
                   "\"^\\d{12}$\""};
  }
  for (const char* key : {"CreatedAt", "UpdatedAt"}) {
    if (!base::parse_iso8601(f[key].get<std::string>())) {
      return Refusal{"InvalidInput",
                     fmt::format("Finding does not adhere to Amazon Finding Format. data.{} should be an ISO 8601 "
                                 "date-time",
                                 key)};
    }
  }
  if (auto state = f.find("RecordState"); state != f.end()) {
    if (!state->is_string() || (*state != "ACTIVE" && *state != "ARCHIVED")) {
      return Refusal{"InvalidInput",
                     "Finding does not adhere to Amazon Finding Format. data.RecordState should be ACTIVE or "
                     "ARCHIVED"};
    }
  }
  const std::string own_product = fmt::format("arn:{}:securityhub:{}:{}:product/{}/default", ctx.partition(),
                                              ctx.region, ctx.caller.account_id, ctx.caller.account_id);
  if (f["ProductArn"] != own_product) {
    return Refusal{"AccessDeniedException",
                   fmt::format("Product {} is not the caller's default product {} in this region",
                               f["ProductArn"].get<std::string>(), own_product)};
  }
  if (!may_import_for(ctx, account)) {
    return Refusal{"AccessDeniedException",
                   fmt::format("Account {} may not import findings for account {}", ctx.caller.account_id, account)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<ApiError> require_enabled(RequestContext& ctx) {
  if (ctx.account().security_hub_enabled(ctx.region)) return std::nullopt;
  return ApiError{401, "InvalidAccessException",
                  fmt::format("Account {} is not subscribed to AWS Security Hub", ctx.caller.account_id), true};
}

HandlerResult batch_import_findings(RequestContext& ctx) {
  if (auto denied = authorize(ctx, "securityhub:BatchImportFindings",
                              fmt::format("arn:{}:securityhub:{}:{}:product/{}/default", ctx.partition(), ctx.region,
                                          ctx.caller.account_id, ctx.caller.account_id))) {
    return std::unexpected(*denied);
  }
  auto findings = ctx.json.find("Findings");
  if (findings == ctx.json.end() || !findings->is_array()) {
    return error(400, "InvalidInputException", "Findings is required and must be a list");
  }
  if (findings->size() > kMaxBatch) {
    return error(400, "InvalidInputException",
                 fmt::format("Findings must contain at most {} findings, got {}", kMaxBatch, findings->size()));
  }
  if (auto off = require_enabled(ctx)) return std::unexpected(*off);
  auto& store = ctx.account().security_hub_findings;
  nlohmann::json failed = nlohmann::json::array();
  int success = 0;
  for (const auto& f : *findings) {
    if (auto refused = check_finding(ctx, f)) {
      std::string id = f.is_object() && f.contains("Id") && f["Id"].is_string() ? f["Id"].get<std::string>() : "";
      failed.push_back(
          {{"Id", id.empty() ? "unknown" : id}, {"ErrorCode", refused->code}, {"ErrorMessage", refused->message}});
      continue;
    }
    nlohmann::json stored = f;
    if (!stored.contains("RecordState")) stored["RecordState"] = "ACTIVE";
    std::string key = security_hub_key(f["ProductArn"].get<std::string>(), f["Id"].get<std::string>());
    if (auto it = store.find(key); it != store.end()) {
      stored["CreatedAt"] = it->second["CreatedAt"];  // an update keeps the first import's CreatedAt
      it->second = std::move(stored);
    } else {
      store.emplace(std::move(key), std::move(stored));
    }
    ++success;
  }
  nlohmann::json body = {{"FailedCount", failed.size()}, {"SuccessCount", success}, {"FailedFindings", failed}};
  return Reply{200, base::json_text(body), "application/json"};
}

}  // namespace rolecall::emulator::securityhub

// Security Hub GetFindings: the caller's findings imported in this region, narrowed by string
// filters (EQUALS, PREFIX, CONTAINS and their negations, joined as AWS documents: the positive
// comparisons of one attribute by OR, the negative ones by AND, attributes by AND), in pages.
#include <algorithm>

#include <fmt/format.h>

#include "base/json_text.h"
#include "emulator/services/authorize.h"
#include "emulator/services/pagination.h"
#include "emulator/services/securityhub/handlers.h"

namespace rolecall::emulator::securityhub {
namespace {

// "You can filter by up to 10 finding attributes. For each attribute, you can provide up to 20 filter values."
constexpr std::size_t kMaxAttributes = 10;
constexpr std::size_t kMaxValues = 20;
constexpr std::size_t kMaxResults = 100;

// The values of filter attribute `name` in finding `f`: a member, a nested member or every
// resource's; false when the emulator does not know the attribute.
bool attribute_values(const nlohmann::json& f, const std::string& name, std::vector<std::string>& out) {
  auto text = [&](const nlohmann::json& j, const char* key) {
    if (j.is_object() && j.contains(key) && j[key].is_string()) out.push_back(j[key].get<std::string>());
  };
  static const char* const kTopLevel[] = {"Id",          "ProductArn",  "GeneratorId", "AwsAccountId", "RecordState",
                                          "ProductName", "CompanyName", "Region",      "Title",        "Description"};
  for (const char* key : kTopLevel) {
    if (name == key) {
      text(f, key);
      return true;
    }
  }
  static const std::pair<const char*, std::pair<const char*, const char*>> kNested[] = {
      {"ComplianceStatus", {"Compliance", "Status"}},
      {"WorkflowStatus", {"Workflow", "Status"}},
      {"SeverityLabel", {"Severity", "Label"}}};
  for (const auto& [filter, member] : kNested) {
    if (name == filter) {
      if (f.contains(member.first)) text(f[member.first], member.second);
      return true;
    }
  }
  if (name == "ResourceId" || name == "ResourceType" || name == "ResourceRegion") {
    const char* key = name == "ResourceId" ? "Id" : name == "ResourceType" ? "Type" : "Region";
    if (f.contains("Resources") && f["Resources"].is_array()) {
      for (const auto& r : f["Resources"]) text(r, key);
    }
    return true;
  }
  return false;
}

bool compare(const std::string& value, const std::string& comparison, const std::string& wanted) {
  if (comparison == "EQUALS" || comparison == "NOT_EQUALS") return value == wanted;
  if (comparison == "PREFIX" || comparison == "PREFIX_NOT_EQUALS") return value.starts_with(wanted);
  return value.find(wanted) != std::string::npos;  // CONTAINS, NOT_CONTAINS
}

struct Condition {
  std::string comparison;
  std::string value;
  bool negative = false;
};
using Filters = std::vector<std::pair<std::string, std::vector<Condition>>>;

std::expected<Filters, ApiError> read_filters(const nlohmann::json& body) {
  Filters out;
  auto it = body.find("Filters");
  if (it == body.end() || it->is_null()) return out;
  auto invalid = [](std::string message) { return std::unexpected(ApiError{400, "InvalidInputException", message}); };
  if (!it->is_object()) return invalid("Filters must be an object");
  if (it->size() > kMaxAttributes)
    return invalid(fmt::format("Filters may name at most {} attributes", kMaxAttributes));
  for (const auto& [name, list] : it->items()) {
    std::vector<std::string> probe;
    if (!attribute_values(nlohmann::json::object(), name, probe))
      return invalid(fmt::format("Filter attribute {} is not supported by the emulator", name));
    if (!list.is_array() || list.size() > kMaxValues)
      return invalid(fmt::format("Filters.{} must be a list of at most {} filters", name, kMaxValues));
    std::vector<Condition> conditions;
    for (const auto& c : list) {
      if (!c.is_object() || !c.contains("Value") || !c["Value"].is_string() || !c.contains("Comparison") ||
          !c["Comparison"].is_string()) {
        return invalid(fmt::format("Filters.{}: each filter needs Value and Comparison strings", name));
      }
      std::string comparison = c["Comparison"].get<std::string>();
      bool negative = comparison.starts_with("NOT_") || comparison == "PREFIX_NOT_EQUALS";
      if (comparison != "EQUALS" && comparison != "PREFIX" && comparison != "CONTAINS" && !negative) {
        return invalid(fmt::format("Filters.{}: unknown Comparison {}", name, comparison));
      }
      conditions.push_back({comparison, c["Value"].get<std::string>(), negative});
    }
    out.emplace_back(name, std::move(conditions));
  }
  return out;
}

bool matches(const nlohmann::json& f, const Filters& filters) {
  for (const auto& [name, conditions] : filters) {
    std::vector<std::string> values;
    attribute_values(f, name, values);
    bool any_positive = false;
    bool positive_hit = false;
    for (const auto& c : conditions) {
      bool hit =
          std::any_of(values.begin(), values.end(), [&](const auto& v) { return compare(v, c.comparison, c.value); });
      if (c.negative) {
        if (hit) return false;
      } else {
        any_positive = true;
        positive_hit = positive_hit || hit;
      }
    }
    if (any_positive && !positive_hit) return false;
  }
  return true;
}

}  // namespace

HandlerResult get_findings(RequestContext& ctx) {
  if (auto denied = authorize(
          ctx, "securityhub:GetFindings",
          fmt::format("arn:{}:securityhub:{}:{}:hub/default", ctx.partition(), ctx.region, ctx.caller.account_id))) {
    return std::unexpected(*denied);
  }
  auto filters = read_filters(ctx.json);
  if (!filters) return std::unexpected(filters.error());
  std::size_t limit = kMaxResults;
  if (auto it = ctx.json.find("MaxResults"); it != ctx.json.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 100)
      return error(400, "InvalidInputException", "MaxResults must be between 1 and 100");
    limit = it->get<std::size_t>();
  }
  if (auto off = require_enabled(ctx)) return std::unexpected(*off);
  // Findings imported in this region: their ProductArn names it.
  const std::string region_part = fmt::format(":securityhub:{}:", ctx.region);
  std::vector<const nlohmann::json*> selected;
  for (const auto& [key, f] : ctx.account().security_hub_findings) {
    if (f.value("ProductArn", std::string()).find(region_part) == std::string::npos) continue;
    if (matches(f, *filters)) selected.push_back(&f);
  }
  std::string scope = fmt::format("GetFindings|{}|{}|{}", ctx.caller.account_id, ctx.region,
                                  base::json_text(ctx.json.value("Filters", nlohmann::json())));
  std::size_t offset = 0;
  if (auto it = ctx.json.find("NextToken"); it != ctx.json.end() && !it->is_null()) {
    auto o = it->is_string() ? read_page_token(ctx.core, scope, it->get<std::string>()) : std::nullopt;
    if (!o) return error(400, "InvalidInputException", "The NextToken is not valid for this request");
    offset = *o;
  }
  PageWindow page = page_window(selected.size(), offset, limit);
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i = page.begin; i < page.end; ++i) list.push_back(*selected[i]);
  nlohmann::json body = {{"Findings", std::move(list)}};
  if (page.more) body["NextToken"] = make_page_token(ctx.core, scope, page.end);
  return Reply{200, base::json_text(body), "application/json"};
}

}  // namespace rolecall::emulator::securityhub

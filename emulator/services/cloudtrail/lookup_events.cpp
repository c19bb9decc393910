// CloudTrail LookupEvents (JSON 1.1): the caller's account's management events in the request's
// region, newest first, within the last 90 days, at most one lookup attribute, 50 per page.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "emulator/services/authorize.h"
#include "emulator/services/cloudtrail/event_record.h"
#include "emulator/services/cloudtrail/handlers.h"
#include "emulator/services/pagination.h"
#include "emulator/services/response.h"

namespace rolecall::emulator::cloudtrail {
namespace {

using nlohmann::json;

constexpr auto kRetention = std::chrono::hours(24 * 90);
constexpr std::size_t kDefaultMaxResults = 50;
constexpr std::array<std::string_view, 8> kAttributeKeys = {
    "EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"};

struct Query {
  std::string key;  // "" = no lookup attribute
  std::string value;
  long long start = 0;                 // epoch seconds, inclusive
  long long end = 0;                   // epoch seconds, inclusive
  std::string start_given, end_given;  // as the request gave them ("" = absent), for the token scope
  std::size_t limit = kDefaultMaxResults;
  std::string token;
};

long long seconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// A timestamp member (epoch seconds, possibly fractional); nullopt when absent.
std::expected<std::optional<double>, ApiError> timestamp(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  // Past year 30000 either way is no timestamp (and would overflow the conversion to seconds).
  if (!it->is_number() || !std::isfinite(it->get<double>()) || std::fabs(it->get<double>()) > 1e12)
    return std::unexpected(ApiError{400, "SerializationException", fmt::format("{} is not a timestamp", key), true});
  return it->get<double>();
}

std::expected<Query, ApiError> parse(const json& body, TimePoint now) {
  Query q;
  if (auto it = body.find("LookupAttributes"); it != body.end() && !it->is_null()) {
    if (!it->is_array())
      return std::unexpected(ApiError{400, "SerializationException", "LookupAttributes is not a list", true});
    if (it->size() > 1)
      return std::unexpected(
          ApiError{400, "InvalidLookupAttributesException", "You can specify only one lookup attribute.", true});
    if (it->size() == 1) {
      const json& a = (*it)[0];
      const json* key = a.is_object() && a.contains("AttributeKey") ? &a["AttributeKey"] : nullptr;
      const json* value = a.is_object() && a.contains("AttributeValue") ? &a["AttributeValue"] : nullptr;
      bool key_ok =
          key && key->is_string() &&
          std::find(kAttributeKeys.begin(), kAttributeKeys.end(), key->get<std::string>()) != kAttributeKeys.end();
      if (!key_ok)
        return std::unexpected(
            ApiError{400, "InvalidLookupAttributesException",
                     "AttributeKey must be one of EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, "
                     "EventSource, AccessKeyId.",
                     true});
      if (!value || !value->is_string() || value->get<std::string>().empty() || value->get<std::string>().size() > 2000)
        return std::unexpected(ApiError{400, "InvalidLookupAttributesException",
                                        "AttributeValue must be between 1 and 2000 characters.", true});
      q.key = key->get<std::string>();
      q.value = value->get<std::string>();
    }
  }
  auto start = timestamp(body, "StartTime");
  if (!start) return std::unexpected(start.error());
  auto end = timestamp(body, "EndTime");
  if (!end) return std::unexpected(end.error());
  if (*start && *end && **start > **end)
    return std::unexpected(
        ApiError{400, "InvalidTimeRangeException", "Start time must be earlier than or equal to the end time.", true});
  q.start = *start ? static_cast<long long>(std::ceil(**start)) : seconds(now - kRetention);
  q.end = *end ? static_cast<long long>(std::floor(**end)) : seconds(now);
  q.start_given = *start ? fmt::format("{}", **start) : "";
  q.end_given = *end ? fmt::format("{}", **end) : "";
  if (auto it = body.find("MaxResults"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 50)
      return std::unexpected(ApiError{400, "InvalidMaxResultsException", "Value of MaxResults is not valid.", true});
    q.limit = it->get<std::size_t>();
  }
  if (auto it = body.find("NextToken"); it != body.end() && !it->is_null()) {
    if (!it->is_string())
      return std::unexpected(ApiError{400, "InvalidNextTokenException", "Invalid NextToken.", true});
    q.token = it->get<std::string>();
  }
  if (auto it = body.find("EventCategory"); it != body.end() && !it->is_null() && *it != "insight")
    return std::unexpected(
        ApiError{400, "InvalidEventCategoryException", "EventCategory must be insight when given.", true});
  return q;
}

bool matches(const TrailEvent& e, const Query& q) {
  if (q.key.empty()) return true;
  if (q.key == "EventId") return e.id == q.value;
  if (q.key == "EventName") return e.name == q.value;
  if (q.key == "ReadOnly") return q.value == (e.read_only ? "true" : "false");
  if (q.key == "Username") return (e.identity_type == "IAMUser" ? e.user_name : e.session_name) == q.value;
  if (q.key == "EventSource") return e.source == q.value;
  if (q.key == "AccessKeyId") return e.access_key_id == q.value;
  for (const auto& r : e.resources) {
    if ((q.key == "ResourceType" ? r.type : r.name) == q.value) return true;
  }
  return false;
}

}  // namespace

HandlerResult lookup_events(RequestContext& ctx) {
  if (auto denied = authorize(ctx, "cloudtrail:LookupEvents", "*")) return std::unexpected(*denied);
  auto query = parse(ctx.json, ctx.now);
  if (!query) return std::unexpected(query.error());
  Query& q = *query;
  // The listing a token resumes is fixed on the first page: a token carries that page's end
  // ("<end>.<opaque>"), so events recorded meanwhile do not shift the later pages.
  std::size_t offset = 0;
  if (!q.token.empty()) {
    auto dot = q.token.find('.');
    long long end = 0;
    bool ok = dot != std::string::npos &&
              std::from_chars(q.token.data(), q.token.data() + dot, end).ptr == q.token.data() + dot;
    std::string scope = fmt::format("LookupEvents|{}|{}|{}|{}|{}|{}|{}", ctx.caller.account_id, ctx.region, q.key,
                                    q.value, q.start_given, q.end_given, end);
    auto o = ok ? read_page_token(ctx.core, scope, std::string_view(q.token).substr(dot + 1)) : std::nullopt;
    if (!o) return error(400, "InvalidNextTokenException", "Invalid NextToken.");
    offset = *o;
    q.end = end;
  }
  const long long oldest = seconds(ctx.now - kRetention);
  std::vector<const TrailEvent*> selected;
  const Account& account = ctx.account();
  if (auto region = account.regions.find(ctx.region); region != account.regions.end()) {
    selected = events_newest_first(region->second.events, ctx.now, [&](const TrailEvent& e, TimePoint when) {
      const long long t = seconds(when);
      return t >= oldest && t >= q.start && t <= q.end && matches(e, q);
    });
  }
  PageWindow page = page_window(selected.size(), offset, q.limit);
  json events = json::array();
  for (std::size_t i = page.begin; i < page.end; ++i)
    events.push_back(lookup_item(*selected[i], ctx.partition(), account.id, ctx.region, ctx.now));
  json body = {{"Events", std::move(events)}};
  if (page.more) {
    std::string scope = fmt::format("LookupEvents|{}|{}|{}|{}|{}|{}|{}", ctx.caller.account_id, ctx.region, q.key,
                                    q.value, q.start_given, q.end_given, q.end);
    body["NextToken"] = fmt::format("{}.{}", q.end, make_page_token(ctx.core, scope, page.end));
  }
  return json_reply(body);
}

}  // namespace rolecall::emulator::cloudtrail

#include "report/watch_webhook.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "report/watch_line.h"

namespace rolecall::report {
namespace {

// Slack's mrkdwn reserves &, < and > (links, mentions); everything else is shown as sent.
std::string slack_escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

// "FAIL (was PASS)", "FAIL (new)", "gone (was FAIL)".
std::string slack_verdict(const VerdictChange& change) {
  switch (change.kind) {
    case VerdictChange::Kind::kNew: return fmt::format("{} (new)", to_string(change.finding.status));
    case VerdictChange::Kind::kGone:
      return fmt::format("gone (was {})", to_string(change.before.value_or(change.finding.status)));
    case VerdictChange::Kind::kChanged: break;
  }
  return change.before ? fmt::format("{} (was {})", to_string(change.finding.status), to_string(*change.before))
                       : std::string(to_string(change.finding.status));
}

std::string slack_text(const std::vector<VerdictChange>& changes, const std::string& at) {
  std::string text = fmt::format("*rolecall watch*: {} verdict(s) changed at {}", changes.size(), at);
  std::size_t listed = 0;
  for (const auto& change : changes) {
    if (listed == kSlackWebhookMaxLines) break;
    const Finding& f = change.finding;
    text += fmt::format("\n• *{}* `{}` {} {} {}: {}", slack_verdict(change), slack_escaped(f.check_id),
                        slack_escaped(f.resource_id), slack_escaped(f.account_id),
                        slack_escaped(f.region.empty() ? "global" : f.region), slack_escaped(f.message));
    ++listed;
  }
  if (changes.size() > listed) text += fmt::format("\n… and {} more", changes.size() - listed);
  return text;
}

}  // namespace

std::optional<WebhookFormat> parse_webhook_format(std::string_view text) {
  if (text == "json") return WebhookFormat::kJson;
  if (text == "slack") return WebhookFormat::kSlack;
  return std::nullopt;
}

std::string watch_webhook_body(const std::vector<VerdictChange>& changes, const std::string& at, WebhookFormat format) {
  if (format == WebhookFormat::kSlack)
    return base::json_text(nlohmann::ordered_json{{"text", slack_text(changes, at)}});
  nlohmann::ordered_json lines = nlohmann::ordered_json::array();
  for (const auto& change : changes) lines.push_back(watch_line_object(change, at));
  return base::json_text(
      nlohmann::ordered_json{{"source", "rolecall"}, {"sent_at", at}, {"changes", std::move(lines)}});
}

}  // namespace rolecall::report

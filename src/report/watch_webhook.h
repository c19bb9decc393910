#pragma once
// The body `rolecall watch --webhook` posts after each audit (docs/watch.md, "Webhook"): the
// audit's changed verdicts as one JSON document, or as a Slack incoming-webhook message.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rolecall/watch.h"

namespace rolecall::report {

// What the receiver expects.
enum class WebhookFormat {
  kJson,   // {"source":"rolecall","sent_at":...,"changes":[<watch line objects>]}
  kSlack,  // {"text":...}: a summary Slack (and Mattermost, Teams' Slack-compatible hooks) render
};

// Parses "json" / "slack"; nullopt otherwise.
std::optional<WebhookFormat> parse_webhook_format(std::string_view text);

// The Slack message lists at most this many changes, then says how many more there were.
inline constexpr std::size_t kSlackWebhookMaxLines = 20;

// The body for `changes` (one audit's), stamped `at` (ISO 8601 UTC).
std::string watch_webhook_body(const std::vector<VerdictChange>& changes, const std::string& at, WebhookFormat format);

}  // namespace rolecall::report

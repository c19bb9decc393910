// CSV for spreadsheets and data lakes: RFC 4180 (CRLF, quoted when needed), one row per finding.
#include <string_view>

#include "report/common.h"
#include "report/report.h"
#include "report/view.h"

namespace rolecall::report {
namespace {

constexpr std::string_view kColumns[] = {
    "check_id",      "check_title",  "status",        "severity",  "account_id",      "region",
    "resource_type", "resource_id",  "resource_arn",  "message",   "mute_reason",     "profile_arn",
    "role_arn",      "policy_arn",   "statement",     "location",  "key_id_redacted", "fingerprint_sha256",
    "detail",        "account_name", "resource_name", "key_intel", "role_session",
};

}  // namespace

void write_csv(const ScanResult& result, std::ostream& out) {
  bool first = true;
  for (auto column : kColumns) {
    if (!first) out << ',';
    out << column;
    first = false;
  }
  for (const auto& key : result.context_tags) out << ',' << csv_field("tag:" + key);
  out << "\r\n";
  for (const auto& f : result.findings) {
    const Evidence& e = f.evidence;
    const std::string values[] = {
        f.check_id,
        check_title(f.check_id),
        to_string(f.status),
        to_string(f.severity),
        f.account_id,
        f.region,
        f.resource_type,
        f.resource_id,
        resource_arn(f),
        f.message,
        f.mute_reason,
        e.profile_arn,
        e.role_arn,
        e.policy_arn,
        e.statement,
        e.location,
        e.key_id_redacted,
        e.fingerprint,
        e.detail,
        account_name(result, f.account_id),
        f.resource_name,
        e.key_intel,
        e.role_session,
    };
    static_assert(sizeof(values) / sizeof(values[0]) == std::size(kColumns));
    for (std::size_t i = 0; i < std::size(kColumns); ++i) {
      if (i > 0) out << ',';
      out << csv_field(values[i]);
    }
    for (std::size_t i = 0; i < result.context_tags.size(); ++i) {
      out << ',' << csv_field(i < f.tag_values.size() ? f.tag_values[i] : std::string());
    }
    out << "\r\n";
  }
}

}  // namespace rolecall::report

// OCSF 1.1 Detection Findings (class 2004) for data lakes (Security Lake, SIEMs), shaped as
// Prowler emits them so the same pipelines ingest both.
#include <fmt/format.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "base/iso8601.h"
#include "base/json_text.h"
#include "report/common.h"
#include "report/report.h"
#include "rolecall/build_info.h"

namespace rolecall::report {
namespace {

constexpr int kClassUid = 2004;  // Detection Finding
constexpr int kCategoryUid = 2;  // Findings
constexpr int kActivityCreate = 1;
constexpr int kStatusNew = 1;
constexpr int kStatusSuppressed = 3;
constexpr int kAccountTypeAws = 10;  // account.type_id "AWS Account"

int severity_id(Severity s) {
  switch (s) {
    case Severity::kInfo: return 1;
    case Severity::kLow: return 2;
    case Severity::kMedium: return 3;
    case Severity::kHigh: return 4;
    case Severity::kCritical: return 5;
  }
  return 0;
}

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::kInfo: return "Informational";
    case Severity::kLow: return "Low";
    case Severity::kMedium: return "Medium";
    case Severity::kHigh: return "High";
    case Severity::kCritical: return "Critical";
  }
  return "Unknown";
}

// status_code as Prowler writes it: the verdict, with a muted finding keeping its FAIL.
const char* status_code(Status s) {
  switch (s) {
    case Status::kPass: return "PASS";
    case Status::kFail:
    case Status::kMuted: return "FAIL";
    case Status::kError: return "ERROR";
  }
  return "ERROR";
}

nlohmann::json ocsf_finding_json(const ScanResult& result, const Finding& f, const CheckMeta& meta,
                                 std::int64_t time_ms, const std::string& time_dt, const RenderOptions& options) {
  const auto* info = meta.info;
  const bool muted = f.status == Status::kMuted;
  const std::string doc_url = check_doc_url(options.docs_base_url, f.check_id);
  nlohmann::json references = nlohmann::json::array({doc_url.empty() ? check_doc_ref(f.check_id) : doc_url});
  nlohmann::json resource = {
      {"uid", resource_arn(f)},
      {"name", f.resource_id},
      {"type", aws_resource_type(f)},
      {"cloud_partition", partition_of(f.region)},
      {"data", {{"evidence", evidence_json(f.evidence)}}},
  };
  if (!f.region.empty()) resource["region"] = f.region;
  nlohmann::json cloud = {
      {"provider", "AWS"},
      {"account", {{"uid", f.account_id}, {"type", "AWS Account"}, {"type_id", kAccountTypeAws}}},
  };
  if (!f.region.empty()) cloud["region"] = f.region;
  const nlohmann::json context = context_json(result, f);
  if (context.contains("account_name")) cloud["account"]["name"] = context["account_name"];
  if (context.contains("tags")) {
    resource["labels"] = nlohmann::json::array();  // OCSF 1.1 resources carry tags as "key:value" labels
    for (auto& [key, value] : context["tags"].items())
      resource["labels"].push_back(key + ":" + value.get<std::string>());
  }
  nlohmann::json j = {
      {"activity_id", kActivityCreate},
      {"activity_name", "Create"},
      {"category_uid", kCategoryUid},
      {"category_name", "Findings"},
      {"class_uid", kClassUid},
      {"class_name", "Detection Finding"},
      {"type_uid", kClassUid * 100 + kActivityCreate},
      {"type_name", "Detection Finding: Create"},
      {"severity_id", severity_id(f.severity)},
      {"severity", severity_name(f.severity)},
      {"status_id", muted ? kStatusSuppressed : kStatusNew},
      {"status", muted ? "Suppressed" : "New"},
      {"status_code", status_code(f.status)},
      {"status_detail", f.message},
      {"message", f.message},
      {"time", time_ms},
      {"time_dt", time_dt},
      {"finding_info",
       {{"uid", fmt::format("rolecall-aws-{}-{}-{}-{}", f.check_id, f.account_id,
                            f.region.empty() ? "global" : f.region, f.resource_id)},
        {"title", meta.title},
        {"desc", info != nullptr ? std::string(info->rationale) : f.message},
        {"types",
         {"Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"}},
        {"created_time", time_ms},
        {"created_time_dt", time_dt},
        {"product_uid", "rolecall"}}},
      {"metadata",
       {{"product", {{"name", "rolecall"}, {"uid", "rolecall"}, {"vendor_name", "rolecall"}, {"version", kVersion}}},
        {"version", "1.1.0"},
        {"event_code", f.check_id},
        {"profiles", {"cloud", "datetime"}}}},
      {"cloud", std::move(cloud)},
      {"resources", nlohmann::json::array({std::move(resource)})},
      {"remediation",
       {{"desc", info != nullptr ? std::string(info->remediation) : "See the error message."},
        {"references", std::move(references)}}},
      {"unmapped",
       {{"rolecall",
         {{"check_id", f.check_id},
          {"status", to_string(f.status)},
          {"resource_type", f.resource_type},
          {"compliance", meta.requirements}}}}},
  };
  if (info != nullptr) j["risk_details"] = std::string(info->rationale);
  if (muted) j["unmapped"]["rolecall"]["mute_reason"] = f.mute_reason;
  for (auto& [key, value] : context.items()) j["unmapped"]["rolecall"][key] = value;
  return j;
}

}  // namespace

void write_ocsf(const ScanResult& result, const RenderOptions& options, std::ostream& out) {
  const std::string time_dt = report_time(result, *options.clock);
  const auto time = base::parse_iso8601(time_dt);
  const std::int64_t time_ms =
      time ? std::chrono::floor<std::chrono::milliseconds>(time->time_since_epoch()).count() : 0;
  CheckMetaCache meta;
  // One element at a time: a large estate never holds the whole document in memory.
  out << '[';
  bool first = true;
  for (const auto& f : result.findings) {
    out << (first ? "\n" : ",\n")
        << base::json_text(ocsf_finding_json(result, f, meta.get(f.check_id), time_ms, time_dt, options), 2);
    first = false;
  }
  out << "\n]\n";
}

}  // namespace rolecall::report

// AWS Security Finding Format: the Findings list of securityhub:BatchImportFindings, so a finding
// lands in Security Hub beside the findings of AWS Config and Prowler.
#include <algorithm>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "report/common.h"
#include "report/report.h"

namespace rolecall::report {
namespace {

// Security Hub's documented limits (characters).
constexpr std::size_t kMaxId = 512;
constexpr std::size_t kMaxTitle = 256;
constexpr std::size_t kMaxDescription = 1024;
constexpr std::size_t kMaxText = 512;  // Remediation.Recommendation.Text, Note.Text
constexpr std::size_t kMaxRelatedRequirements = 32;
// A finding needs a region (ProductArn, Region); account-wide scope errors have none.
constexpr const char* kFallbackRegion = "us-east-1";

const char* severity_label(Severity s) {
  switch (s) {
    case Severity::kInfo: return "INFORMATIONAL";
    case Severity::kLow: return "LOW";
    case Severity::kMedium: return "MEDIUM";
    case Severity::kHigh: return "HIGH";
    case Severity::kCritical: return "CRITICAL";
  }
  return "MEDIUM";
}

const char* compliance_status(Status s) {
  switch (s) {
    case Status::kPass: return "PASSED";
    case Status::kFail:
    case Status::kMuted: return "FAILED";
    case Status::kError: return "NOT_AVAILABLE";
  }
  return "NOT_AVAILABLE";
}

// The 12-digit account a finding belongs to in Security Hub: a scope's own id, or for an
// organization-level error ("<caller account>-organization") the caller's account, since
// AwsAccountId must be an account id.
std::string asff_account_id(const std::string& account_id) {
  const bool digits = account_id.size() >= 12 && std::all_of(account_id.begin(), account_id.begin() + 12,
                                                             [](char c) { return c >= '0' && c <= '9'; });
  if (digits && (account_id.size() == 12 || account_id[12] == '-')) return account_id.substr(0, 12);
  return account_id;
}

nlohmann::json finding_json(const ScanResult& result, const Finding& f, const CheckMeta& meta, const std::string& now,
                            const RenderOptions& options) {
  const auto* info = meta.info;
  const std::string account = asff_account_id(f.account_id);
  const std::string region = f.region.empty() ? kFallbackRegion : f.region;
  const std::string partition = partition_of(region);
  std::string id = fmt::format("rolecall/{}/{}/{}/{}", f.check_id, f.account_id, f.region.empty() ? "global" : f.region,
                               f.resource_id);
  if (id.size() > kMaxId) id = "rolecall/" + finding_key(f);
  std::string description = f.message;
  if (info != nullptr) description += "\n\n" + std::string(info->rationale);

  nlohmann::json compliance = {{"Status", compliance_status(f.status)}};
  if (!meta.requirements.empty()) {
    const std::size_t n = std::min(meta.requirements.size(), kMaxRelatedRequirements);
    compliance["RelatedRequirements"] =
        std::vector<std::string>(meta.requirements.begin(), meta.requirements.begin() + n);
  }
  if (f.status == Status::kError) {
    compliance["StatusReasons"] = {
        {{"ReasonCode", "CONFIG_EVALUATIONS_EMPTY"}, {"Description", truncate_chars(valid_utf8(f.message), 2048)}}};
  }

  nlohmann::json recommendation = {
      {"Text", truncate_chars(valid_utf8(info != nullptr ? std::string(info->remediation) : "See the description."),
                              kMaxText)}};
  if (auto url = check_doc_url(options.docs_base_url, f.check_id); !url.empty()) recommendation["Url"] = url;

  nlohmann::json product_fields = {
      {"ProviderName", "rolecall"},
      {"rolecall/check_id", f.check_id},
      {"rolecall/status", to_string(f.status)},
      {"rolecall/resource_type", f.resource_type},
      {"rolecall/documentation", check_doc_ref(f.check_id)},
  };
  const nlohmann::json context = context_json(result, f);
  if (context.contains("account_name")) product_fields["rolecall/account_name"] = context["account_name"];
  if (context.contains("resource_name")) product_fields["rolecall/resource_name"] = context["resource_name"];
  nlohmann::json resource_tags = nlohmann::json::object();  // Resources[].Tags: the Name tag and the --tags values
  if (!f.resource_name.empty() && f.resource_type == "instance") resource_tags["Name"] = f.resource_name;
  for (auto& [key, value] : context_tags(result, f)) resource_tags[key] = value;
  const nlohmann::json evidence = evidence_json(f.evidence);
  for (const auto& [key, value] : evidence.items()) {
    product_fields["rolecall/evidence/" + key] = truncate_chars(valid_utf8(value.get<std::string>()), 2048);
  }

  nlohmann::json j = {
      {"SchemaVersion", "2018-10-08"},
      {"Id", id},
      {"ProductArn", fmt::format("arn:{}:securityhub:{}:{}:product/{}/default", partition, region, account, account)},
      {"ProductName", "rolecall"},
      {"CompanyName", "rolecall"},
      {"GeneratorId", "rolecall-" + f.check_id},
      {"AwsAccountId", account},
      {"Region", region},
      {"Types", {"Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"}},
      {"CreatedAt", now},
      {"UpdatedAt", now},
      {"Severity", {{"Label", severity_label(f.severity)}, {"Original", to_string(f.severity)}}},
      {"Title", truncate_chars(valid_utf8(meta.title), kMaxTitle)},
      {"Description", truncate_chars(valid_utf8(description), kMaxDescription)},
      {"Remediation", {{"Recommendation", std::move(recommendation)}}},
      {"ProductFields", std::move(product_fields)},
      {"Resources",
       {{{"Type", aws_resource_type(f)}, {"Id", resource_arn(f)}, {"Partition", partition}, {"Region", region}}}},
      {"Compliance", std::move(compliance)},
      {"Workflow", {{"Status", f.status == Status::kMuted ? "SUPPRESSED" : "NEW"}}},
      {"RecordState", "ACTIVE"},
  };
  if (!resource_tags.empty()) j["Resources"][0]["Tags"] = std::move(resource_tags);
  if (f.status == Status::kMuted) {
    j["Note"] = {{"Text", truncate_chars(valid_utf8(f.mute_reason.empty() ? "muted" : f.mute_reason), kMaxText)},
                 {"UpdatedBy", "rolecall"},
                 {"UpdatedAt", now}};
  }
  return j;
}

}  // namespace

std::vector<nlohmann::json> asff_findings(const ScanResult& result, const RenderOptions& options) {
  const std::string now = report_time(result, *options.clock);
  CheckMetaCache meta;
  std::vector<nlohmann::json> out;
  out.reserve(result.findings.size());
  for (const auto& f : result.findings) out.push_back(finding_json(result, f, meta.get(f.check_id), now, options));
  return out;
}

void write_asff(const ScanResult& result, const RenderOptions& options, std::ostream& out) {
  const std::string now = report_time(result, *options.clock);
  CheckMetaCache meta;
  // One element at a time: a large estate never holds the whole document in memory.
  out << '[';
  bool first = true;
  for (const auto& f : result.findings) {
    out << (first ? "\n" : ",\n") << base::json_text(finding_json(result, f, meta.get(f.check_id), now, options), 2);
    first = false;
  }
  out << "\n]\n";
}

}  // namespace rolecall::report

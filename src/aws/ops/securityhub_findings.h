#pragma once
// AWS Security Hub (REST-JSON, signing name "securityhub"), regional: BatchImportFindings
// (POST /findings/import) and GetFindings (POST /findings). Findings travel as ASFF JSON objects,
// kept whole so a finding read back can be imported again with only RecordState changed.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/client.h"
#include "aws/ops/query_call.h"

namespace rolecall::aws::securityhub {

// "Maximum of 100 findings per request" (BatchImportFindingsRequest.Findings).
inline constexpr std::size_t kMaxImportBatch = 100;

// One finding BatchImportFindings refused (ImportFindingsError).
struct ImportFailure {
  std::string id;             // Id
  std::string error_code;     // ErrorCode, e.g. "InvalidInput"
  std::string error_message;  // ErrorMessage
};
// securityhub:BatchImportFindings result.
struct BatchImportFindingsResponse {
  int success_count = 0;                // SuccessCount
  int failed_count = 0;                 // FailedCount
  std::vector<ImportFailure> failures;  // FailedFindings
};
// The ServiceCall importing `findings` (a JSON array of at most kMaxImportBatch ASFF objects) in `region`.
ServiceCall batch_import_findings_call(const std::string& region, const nlohmann::json& findings);
// Parses a BatchImportFindings body; SuccessCount and FailedCount are required.
Result<BatchImportFindingsResponse> parse_batch_import_findings(std::string_view body);
// Imports one batch; more than kMaxImportBatch findings is refused before any call (kInvalidArgument).
void batch_import_findings(AwsCaller& caller, const std::string& region, const nlohmann::json& findings,
                           ops::OpCallback<BatchImportFindingsResponse> done);

// One StringFilter of AwsSecurityFindingFilters.
struct StringFilter {
  std::string value;                  // Value
  std::string comparison = "EQUALS";  // Comparison: EQUALS, PREFIX, NOT_EQUALS, PREFIX_NOT_EQUALS, ...
};
// securityhub:GetFindings parameters.
struct GetFindingsRequest {
  std::string region;
  std::map<std::string, std::vector<StringFilter>> filters;  // Filters by attribute, e.g. "RecordState"
  std::optional<int> max_results;                            // MaxResults (1-100)
  std::string next_token;                                    // NextToken from the previous page
};
// One page of securityhub:GetFindings.
struct GetFindingsResponse {
  std::vector<nlohmann::json> findings;  // Findings, each an ASFF object with Id and ProductArn
  std::string next_token;                // NextToken; empty on the last page
};
// The ServiceCall for one page of GetFindings.
ServiceCall get_findings_call(const GetFindingsRequest& request);
// Parses a GetFindings body; a finding that is not an object with Id and ProductArn is kParse.
Result<GetFindingsResponse> parse_get_findings(std::string_view body);
// Fetches every page from request.next_token on, concatenated (next_token empty).
void get_findings_all(AwsCaller& caller, GetFindingsRequest request, ops::OpCallback<GetFindingsResponse> done);

}  // namespace rolecall::aws::securityhub

#include "aws/ops/securityhub_findings.h"

#include <memory>

#include <fmt/format.h>

#include "aws/protocol/json11.h"
#include "aws/protocol/pagination.h"
#include "base/json_text.h"

namespace rolecall::aws::securityhub {
namespace {

ServiceCall make_call(const std::string& region, std::string action, std::string path, std::string body,
                      ApiClass api_class) {
  ServiceCall call;
  call.service = "securityhub";
  call.region = region;
  call.protocol = Protocol::kRestJson;
  call.action = std::move(action);
  call.rest_path = std::move(path);
  call.json_body = std::move(body);
  call.api_class = api_class;
  return call;
}

Error parse_error(std::string_view operation, std::string_view message) {
  return Error::parse(fmt::format("{}: {}", operation, message));
}

}  // namespace

ServiceCall batch_import_findings_call(const std::string& region, const nlohmann::json& findings) {
  nlohmann::json body = {{"Findings", findings}};
  return make_call(region, "BatchImportFindings", "/findings/import", base::json_text(body), ApiClass::kMutate);
}

Result<BatchImportFindingsResponse> parse_batch_import_findings(std::string_view body) {
  constexpr std::string_view kOperation = "securityhub:BatchImportFindings";
  auto json = json11::parse(body, kOperation);
  if (!json) return fail(json.error());
  if (!json->is_object() || !json->contains("SuccessCount") || !json->contains("FailedCount")) {
    return fail(parse_error(kOperation, "response lacks SuccessCount or FailedCount"));
  }
  BatchImportFindingsResponse out;
  out.success_count = static_cast<int>(json11::get_int(*json, "SuccessCount", -1));
  out.failed_count = static_cast<int>(json11::get_int(*json, "FailedCount", -1));
  if (out.success_count < 0 || out.failed_count < 0) {
    return fail(parse_error(kOperation, "SuccessCount or FailedCount is not a count"));
  }
  for (const auto& f : json11::get_array(*json, "FailedFindings")) {
    ImportFailure failure{json11::get_string(f, "Id"), json11::get_string(f, "ErrorCode"),
                          json11::get_string(f, "ErrorMessage")};
    if (failure.error_code.empty()) return fail(parse_error(kOperation, "a FailedFindings entry lacks ErrorCode"));
    out.failures.push_back(std::move(failure));
  }
  if (out.failures.size() != static_cast<std::size_t>(out.failed_count)) {
    return fail(parse_error(
        kOperation, fmt::format("FailedCount {} but {} FailedFindings", out.failed_count, out.failures.size())));
  }
  return out;
}

void batch_import_findings(AwsCaller& caller, const std::string& region, const nlohmann::json& findings,
                           ops::OpCallback<BatchImportFindingsResponse> done) {
  if (!findings.is_array() || findings.size() > kMaxImportBatch) {
    ops::reject(done, "securityhub:BatchImportFindings",
                fmt::format("a batch is a list of at most {} findings", kMaxImportBatch));
    return;
  }
  ops::run_op<BatchImportFindingsResponse>(caller, batch_import_findings_call(region, findings),
                                           parse_batch_import_findings, std::move(done));
}

ServiceCall get_findings_call(const GetFindingsRequest& request) {
  nlohmann::json body = nlohmann::json::object();
  if (!request.filters.empty()) {
    nlohmann::json filters = nlohmann::json::object();
    for (const auto& [name, list] : request.filters) {
      nlohmann::json values = nlohmann::json::array();
      for (const auto& f : list) values.push_back({{"Value", f.value}, {"Comparison", f.comparison}});
      filters[name] = std::move(values);
    }
    body["Filters"] = std::move(filters);
  }
  if (request.max_results) body["MaxResults"] = *request.max_results;
  if (!request.next_token.empty()) body["NextToken"] = request.next_token;
  return make_call(request.region, "GetFindings", "/findings", base::json_text(body), ApiClass::kRead);
}

Result<GetFindingsResponse> parse_get_findings(std::string_view body) {
  constexpr std::string_view kOperation = "securityhub:GetFindings";
  auto json = json11::parse(body, kOperation);
  if (!json) return fail(json.error());
  if (!json->is_object() || !json->contains("Findings") || !(*json)["Findings"].is_array()) {
    return fail(parse_error(kOperation, "response lacks the Findings list"));
  }
  GetFindingsResponse out;
  std::size_t index = 0;
  for (auto& f : (*json)["Findings"]) {
    ++index;
    if (json11::get_string(f, "Id").empty() || json11::get_string(f, "ProductArn").empty()) {
      return fail(parse_error(kOperation, fmt::format("Findings[{}] lacks Id or ProductArn", index)));
    }
    out.findings.push_back(std::move(f));
  }
  out.next_token = json11::get_string(*json, "NextToken");
  return out;
}

void get_findings_all(AwsCaller& caller, GetFindingsRequest request, ops::OpCallback<GetFindingsResponse> done) {
  auto merged = std::make_shared<GetFindingsResponse>();
  paginate_pages<GetFindingsResponse>(
      caller,
      [request = std::move(request)](const std::string& token) {
        GetFindingsRequest page = request;
        if (!token.empty()) page.next_token = token;
        return get_findings_call(page);
      },
      [](ServiceResponse response) { return parse_get_findings(response.body); },
      [](const GetFindingsResponse& page) { return page.next_token; },
      [merged](GetFindingsResponse&& page) {
        merged->findings.insert(merged->findings.end(), std::make_move_iterator(page.findings.begin()),
                                std::make_move_iterator(page.findings.end()));
      },
      [merged, done = std::move(done)](Result<void> outcome) {
        if (!outcome) {
          done(fail(outcome.error().with_context("securityhub:GetFindings")));
          return;
        }
        merged->next_token.clear();
        done(std::move(*merged));
      });
}

}  // namespace rolecall::aws::securityhub

#include "aws/ops/sts.h"

#include <fmt/format.h>

#include "aws/credentials/timestamp.h"
#include "aws/ops/query_xml.h"
#include "aws/protocol/query.h"

namespace rolecall::aws::sts {
namespace {

struct ParsedCredentials {
  Credentials credentials;
  std::string assumed_role_arn;
  std::string assumed_role_id;
};

// Reads <Credentials> and <AssumedRoleUser> from an AssumeRole* result. Messages name fields only.
Result<ParsedCredentials> parse_role_credentials(const ops::QueryXml& xml, pugi::xml_node result) {
  const pugi::xml_node node = xml::child(result, "Credentials");
  if (!node) return fail(xml.missing("Credentials"));
  ParsedCredentials out;
  for (auto [name, field] : {std::pair{"AccessKeyId", &Credentials::access_key_id},
                             std::pair{"SecretAccessKey", &Credentials::secret_access_key},
                             std::pair{"SessionToken", &Credentials::session_token}}) {
    auto value = ops::required_text(xml, node, name, "Credentials");
    if (!value) return fail(value.error());
    out.credentials.*field = std::move(*value);
  }
  auto expiration_text = ops::required_text(xml, node, "Expiration", "Credentials");
  if (!expiration_text) return fail(expiration_text.error());
  auto expiration = parse_iso8601(*expiration_text, "Credentials/Expiration");
  if (!expiration) return fail(expiration.error().with_context(xml.operation()));
  out.credentials.expiration = *expiration;
  out.assumed_role_arn = std::string(xml::path_text(result, {"AssumedRoleUser", "Arn"}));
  out.assumed_role_id = std::string(xml::path_text(result, {"AssumedRoleUser", "AssumedRoleId"}));
  return out;
}

ServiceCall make_sts_call(std::string region, std::string action, QueryParams params) {
  return ops::make_query_call(ops::kSts, sts_region(region), std::move(action), std::move(params));
}

}  // namespace

std::string sts_region(const std::string& region) { return region.empty() ? "us-east-1" : region; }

ServiceCall get_caller_identity_call(const GetCallerIdentityRequest& request) {
  return make_sts_call(request.region, "GetCallerIdentity", {});
}

Result<GetCallerIdentityResponse> parse_get_caller_identity(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "sts:GetCallerIdentity", "GetCallerIdentity");
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  auto account = ops::required_text(*xml, result, "Account", "GetCallerIdentityResult");
  if (!account) return fail(account.error());
  auto arn = ops::required_text(*xml, result, "Arn", "GetCallerIdentityResult");
  if (!arn) return fail(arn.error());
  return GetCallerIdentityResponse{std::move(*account), std::move(*arn), xml::child_string(result, "UserId")};
}

void get_caller_identity(AwsCaller& caller, const GetCallerIdentityRequest& request,
                         ops::OpCallback<GetCallerIdentityResponse> done) {
  ops::run_op<GetCallerIdentityResponse>(caller, get_caller_identity_call(request), parse_get_caller_identity,
                                         std::move(done));
}

ServiceCall assume_role_call(const AssumeRoleRequest& request) {
  QueryParams params{{"RoleArn", request.role_arn}, {"RoleSessionName", request.role_session_name}};
  if (!request.external_id.empty()) params.emplace_back("ExternalId", request.external_id);
  if (request.duration_seconds) params.emplace_back("DurationSeconds", std::to_string(*request.duration_seconds));
  if (!request.serial_number.empty()) {
    params.emplace_back("SerialNumber", request.serial_number);
    params.emplace_back("TokenCode", request.token_code);
  }
  return make_sts_call(request.region, "AssumeRole", std::move(params));
}

Result<AssumeRoleResponse> parse_assume_role(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "sts:AssumeRole", "AssumeRole");
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  auto parsed = parse_role_credentials(*xml, result);
  if (!parsed) return fail(parsed.error());
  return AssumeRoleResponse{std::move(parsed->credentials), std::move(parsed->assumed_role_arn),
                            std::move(parsed->assumed_role_id)};
}

void assume_role(AwsCaller& caller, const AssumeRoleRequest& request, ops::OpCallback<AssumeRoleResponse> done) {
  if (request.role_arn.empty()) return ops::reject(done, "sts:AssumeRole", "RoleArn is empty");
  if (request.role_session_name.empty()) return ops::reject(done, "sts:AssumeRole", "RoleSessionName is empty");
  ops::run_op<AssumeRoleResponse>(caller, assume_role_call(request), parse_assume_role, std::move(done));
}

ServiceCall assume_role_with_web_identity_call(const AssumeRoleWithWebIdentityRequest& request) {
  QueryParams params{{"RoleArn", request.role_arn},
                     {"RoleSessionName", request.role_session_name},
                     {"WebIdentityToken", request.web_identity_token}};
  if (request.duration_seconds) params.emplace_back("DurationSeconds", std::to_string(*request.duration_seconds));
  return make_sts_call(request.region, "AssumeRoleWithWebIdentity", std::move(params));
}

Result<AssumeRoleWithWebIdentityResponse> parse_assume_role_with_web_identity(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "sts:AssumeRoleWithWebIdentity", "AssumeRoleWithWebIdentity");
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  auto parsed = parse_role_credentials(*xml, result);
  if (!parsed) return fail(parsed.error());
  return AssumeRoleWithWebIdentityResponse{std::move(parsed->credentials), std::move(parsed->assumed_role_arn),
                                           xml::child_string(result, "SubjectFromWebIdentityToken"),
                                           xml::child_string(result, "Provider")};
}

HttpRequest build_query_request(const ServiceCall& call, const Endpoint& endpoint) {
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint.url + "/";
  request.set_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  request.body = encode_query_body(call.action, call.api_version, call.params);
  return request;
}

HttpRequest build_assume_role_with_web_identity_request(const AssumeRoleWithWebIdentityRequest& request,
                                                        const Endpoint& endpoint) {
  return build_query_request(assume_role_with_web_identity_call(request), endpoint);
}

}  // namespace rolecall::aws::sts

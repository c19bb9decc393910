#include "aws/ops/iam_policies.h"

#include "aws/ops/policy_document.h"
#include "aws/ops/query_xml.h"

namespace rolecall::aws::iam {

ServiceCall get_policy_call(const GetPolicyRequest& request) {
  return make_call("GetPolicy", {{"PolicyArn", request.policy_arn}});
}

Result<GetPolicyResponse> parse_get_policy(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "iam:GetPolicy", "GetPolicy");
  if (!xml) return fail(xml.error());
  const pugi::xml_node policy = xml::child(xml->result(), "Policy");
  if (!policy) return fail(xml->missing("Policy"));
  auto arn = ops::required_text(*xml, policy, "Arn", "Policy");
  if (!arn) return fail(arn.error());
  auto version = ops::required_text(*xml, policy, "DefaultVersionId", "Policy");
  if (!version) return fail(version.error());
  return GetPolicyResponse{std::move(*arn), xml::child_string(policy, "PolicyName"), std::move(*version)};
}

void get_policy(AwsCaller& caller, const GetPolicyRequest& request, ops::OpCallback<GetPolicyResponse> done) {
  if (request.policy_arn.empty()) return ops::reject(done, "iam:GetPolicy", "PolicyArn is empty");
  ops::run_op<GetPolicyResponse>(caller, get_policy_call(request), parse_get_policy, std::move(done));
}

ServiceCall get_policy_version_call(const GetPolicyVersionRequest& request) {
  return make_call("GetPolicyVersion", {{"PolicyArn", request.policy_arn}, {"VersionId", request.version_id}});
}

Result<GetPolicyVersionResponse> parse_get_policy_version(std::string_view body) {
  auto xml = ops::QueryXml::parse_result(body, "iam:GetPolicyVersion", "GetPolicyVersion");
  if (!xml) return fail(xml.error());
  const pugi::xml_node result = xml->result();
  const pugi::xml_node version = xml::child(result, "PolicyVersion");
  if (!version) return fail(xml->missing("PolicyVersion"));
  auto encoded = ops::required_text(*xml, version, "Document", "PolicyVersion");
  if (!encoded) return fail(encoded.error());
  auto document = decode_policy_document(*encoded, "PolicyVersion/Document");
  if (!document) return fail(document.error().with_context(xml->operation()));
  return GetPolicyVersionResponse{xml::child_string(version, "VersionId"), xml::child_bool(version, "IsDefaultVersion"),
                                  std::move(*document)};
}

void get_policy_version(AwsCaller& caller, const GetPolicyVersionRequest& request,
                        ops::OpCallback<GetPolicyVersionResponse> done) {
  if (request.policy_arn.empty()) return ops::reject(done, "iam:GetPolicyVersion", "PolicyArn is empty");
  if (request.version_id.empty()) return ops::reject(done, "iam:GetPolicyVersion", "VersionId is empty");
  ops::run_op<GetPolicyVersionResponse>(caller, get_policy_version_call(request), parse_get_policy_version,
                                        std::move(done));
}

}  // namespace rolecall::aws::iam

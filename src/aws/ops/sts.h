#pragma once
// STS operations: GetCallerIdentity, AssumeRole, AssumeRoleWithWebIdentity (Query protocol,
// version 2011-06-15, regional endpoints).

#include <string>
#include <string_view>

#include "aws/client.h"
#include "aws/credentials/credentials.h"
#include "aws/credentials/sts_api.h"
#include "aws/endpoints.h"
#include "aws/http/transport.h"
#include "aws/ops/query_call.h"

namespace rolecall::aws::sts {

// sts:GetCallerIdentity parameters.
struct GetCallerIdentityRequest {
  std::string region;  // STS region (regional endpoint); empty: us-east-1
};
// sts:GetCallerIdentity result.
struct GetCallerIdentityResponse {
  std::string account;  // Account, e.g. "123456789012"
  std::string arn;      // Arn of the calling principal
  std::string user_id;  // UserId (AIDA... or AROA...:session)
};
// The ServiceCall for sts:GetCallerIdentity.
ServiceCall get_caller_identity_call(const GetCallerIdentityRequest& request);
// Parses a GetCallerIdentity XML body; Account and Arn are required.
Result<GetCallerIdentityResponse> parse_get_caller_identity(std::string_view body);
// Calls sts:GetCallerIdentity.
void get_caller_identity(AwsCaller& caller, const GetCallerIdentityRequest& request,
                         ops::OpCallback<GetCallerIdentityResponse> done);

// sts:AssumeRole parameters: role_arn, role_session_name, external_id, duration_seconds, region.
using AssumeRoleRequest = AssumeRoleParams;
// sts:AssumeRole result.
struct AssumeRoleResponse {
  Credentials credentials;       // Credentials, Expiration parsed; provider left empty for the caller
  std::string assumed_role_arn;  // AssumedRoleUser/Arn
  std::string assumed_role_id;   // AssumedRoleUser/AssumedRoleId
};
// The ServiceCall for sts:AssumeRole (RoleArn, RoleSessionName, ExternalId?, DurationSeconds?,
// SerialNumber and TokenCode when an MFA device is named).
ServiceCall assume_role_call(const AssumeRoleRequest& request);
// Parses an AssumeRole XML body; every credential field is required. Errors never hold values.
Result<AssumeRoleResponse> parse_assume_role(std::string_view body);
// Calls sts:AssumeRole; kInvalidArgument without a call when the ARN or session name is empty.
void assume_role(AwsCaller& caller, const AssumeRoleRequest& request, ops::OpCallback<AssumeRoleResponse> done);

// sts:AssumeRoleWithWebIdentity parameters (the token is never logged).
using AssumeRoleWithWebIdentityRequest = AssumeRoleWithWebIdentityParams;
// sts:AssumeRoleWithWebIdentity result.
struct AssumeRoleWithWebIdentityResponse {
  Credentials credentials;       // Credentials, Expiration parsed; provider left empty
  std::string assumed_role_arn;  // AssumedRoleUser/Arn
  std::string subject;           // SubjectFromWebIdentityToken
  std::string provider;          // Provider (the token issuer)
};
// The call's parameters as a ServiceCall. AwsCaller signs everything, and this action must go
// unsigned: send it with build_query_request() over a BlockingHttpClient instead.
ServiceCall assume_role_with_web_identity_call(const AssumeRoleWithWebIdentityRequest& request);
// Parses an AssumeRoleWithWebIdentity XML body; every credential field is required.
Result<AssumeRoleWithWebIdentityResponse> parse_assume_role_with_web_identity(std::string_view body);

// The unsigned HTTP request for a Query-protocol `call` at `endpoint`: POST <url>/ with a
// form-encoded body "Action=..&Version=..&<params>" and its Content-Type.
HttpRequest build_query_request(const ServiceCall& call, const Endpoint& endpoint);

// The unsigned HTTP request for sts:AssumeRoleWithWebIdentity at `endpoint`.
HttpRequest build_assume_role_with_web_identity_request(const AssumeRoleWithWebIdentityRequest& request,
                                                        const Endpoint& endpoint);

// The STS region of a request: `region`, or us-east-1 when empty.
std::string sts_region(const std::string& region);

}  // namespace rolecall::aws::sts

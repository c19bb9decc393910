#pragma once
// The JSON credential documents of credential_process, the ECS endpoint and EC2 IMDS.

#include <string>
#include <string_view>

#include "aws/credentials/credentials.h"

namespace rolecall::aws {

// Which document is being read; they differ only in field names and required fields.
enum class CredentialsDocument {
  kProcess,    // {Version:1, AccessKeyId, SecretAccessKey, SessionToken?, Expiration?}
  kContainer,  // {AccessKeyId, SecretAccessKey, Token, Expiration}
  kInstance,   // {Code:"Success", AccessKeyId, SecretAccessKey, Token, Expiration}
};

// Parses `body`; errors (kParse / kCredentials) name `source` and missing fields, never values.
Result<Credentials> parse_credentials_json(std::string_view body, CredentialsDocument kind, std::string_view source);

}  // namespace rolecall::aws

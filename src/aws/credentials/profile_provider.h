#pragma once
// Credentials for one profile of the shared files: static keys, role chains, web identity,
// credential_process.

#include <chrono>
#include <string>

#include "aws/credentials/credentials.h"
#include "aws/credentials/shared_config.h"
#include "aws/credentials/sso_api.h"
#include "aws/credentials/sts_api.h"
#include "aws/event_loop.h"
#include "aws/http/transport.h"
#include "base/env.h"

namespace rolecall::aws {

// What a ProfileProvider needs; the references must outlive it.
struct ProfileProviderOptions {
  ProfileChoice profile;
  base::Env&
      env;  // the files (the CLI's caches are written), the variables for credential_source = Environment; the clock
  BlockingHttpClient& http;  // credential_source = EcsContainer / Ec2InstanceMetadata
  StsApi& sts;
  std::string sts_region;                                                // region for STS calls; empty: us-east-1
  std::chrono::milliseconds process_timeout = std::chrono::seconds(60);  // credential_process limit
  SsoApi* sso = nullptr;        // IAM Identity Center profiles; nullptr: they are refused
  MfaCodeSource mfa_code = {};  // role profiles with mfa_serial; empty: they work only from the CLI's cache
};

// Reads the shared files on each resolve. Within the profile, in the CLI's order: role_arn with
// source_profile / credential_source (chains of any depth, cycles rejected), role_arn with
// web_identity_token_file, IAM Identity Center (sso_session or legacy sso_start_url, with
// sso_account_id and sso_role_name), credentials-file keys, credential_process, config-file keys.
// A role profile with mfa_serial sends SerialNumber and the code `mfa_code` gives, and caches the
// session in ~/.aws/cli/cache under botocore's key, so a later run (or the AWS CLI) does not ask again.
// A missing profile is "not configured" only when it is the implicit "default"; a profile named by
// --profile, AWS_PROFILE or AWS_DEFAULT_PROFILE must exist.
class ProfileProvider final : public CredentialsProvider {
 public:
  explicit ProfileProvider(ProfileProviderOptions options) : options_(std::move(options)) {}
  Result<Credentials> resolve() override;
  std::string name() const override;

 private:
  ProfileProviderOptions options_;
};

}  // namespace rolecall::aws

#pragma once
// The default credential chain, in the AWS CLI's order.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "aws/credentials/credentials.h"
#include "aws/credentials/sso_api.h"
#include "aws/credentials/sts_api.h"
#include "aws/event_loop.h"
#include "aws/http/transport.h"
#include "base/env.h"

namespace rolecall::aws {

// Tries providers in order. A provider that is not configured is skipped; one that is configured
// but fails stops the chain with its error (as the AWS CLI does). The first provider that answers
// is remembered and asked directly afterwards. Thread-safe.
class ChainProvider final : public CredentialsProvider {
 public:
  explicit ChainProvider(std::vector<std::unique_ptr<CredentialsProvider>> providers);
  // When none answers: kCredentials "no AWS credentials found; tried:" plus one line per provider.
  Result<Credentials> resolve() override;
  std::string name() const override { return "default-chain"; }

 private:
  std::vector<std::unique_ptr<CredentialsProvider>> providers_;
  std::mutex mutex_;
  CredentialsProvider* chosen_ = nullptr;
};

// What the default chain needs; the references must outlive the chain.
struct ChainOptions {
  BlockingHttpClient& http;            // ECS and IMDS calls; should use kMetadataTimeout (metadata_http.h)
  StsApi& sts;                         // AssumeRole / AssumeRoleWithWebIdentity
  std::optional<std::string> profile;  // --profile: only that profile of the shared files is used
  std::optional<std::string> region;   // --region: STS region (else AWS_REGION, ..., profile region)
  base::Env& env;                      // variables, the shared files, token files, the CLI's caches; the clock
  SsoApi* sso = nullptr;               // IAM Identity Center profiles; nullptr: refused
  MfaCodeSource mfa_code = {};         // role profiles with mfa_serial; empty: only cached sessions
};

// The chain: with --profile, only that profile (missing → error naming it). Otherwise
// environment, web identity (AWS_WEB_IDENTITY_TOKEN_FILE), shared files (AWS_PROFILE or
// default), container (ECS/EKS), EC2 instance metadata. Wrapped in a CachingProvider.
std::unique_ptr<CredentialsProvider> make_default_chain(const ChainOptions& options);

}  // namespace rolecall::aws

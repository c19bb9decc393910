#pragma once
// sts:AssumeRole on top of another provider (role chains, cross-account scans).

#include <memory>
#include <string>

#include "aws/credentials/credentials.h"
#include "aws/credentials/sts_api.h"
#include "aws/event_loop.h"

namespace rolecall::aws {

// Resolves `source`, then assumes `params.role_arn` with it. Every resolve calls STS: wrap it in
// a CachingProvider (or use make_assume_role_provider) to reuse credentials until near expiry.
class AssumeRoleProvider final : public CredentialsProvider {
 public:
  // An empty params.role_session_name becomes "rolecall-<unix time>"; `label` names the result
  // in Credentials::provider ("assume-role (<label>)"), default: the role ARN.
  AssumeRoleProvider(std::shared_ptr<CredentialsProvider> source, AssumeRoleParams params, StsApi& sts,
                     const base::Clock& clock, std::string label = {});
  Result<Credentials> resolve() override;
  std::string name() const override { return "assume-role"; }

 private:
  std::shared_ptr<CredentialsProvider> source_;
  AssumeRoleParams params_;
  StsApi& sts_;
  const base::Clock& clock_;
  std::string label_;
};

// An AssumeRoleProvider behind a CachingProvider: one STS call per role until 5 minutes before
// expiry. E.g. OrganizationAccountAccessRole in each member account for an org-wide scan.
std::unique_ptr<CredentialsProvider> make_assume_role_provider(std::shared_ptr<CredentialsProvider> source,
                                                               AssumeRoleParams params, StsApi& sts,
                                                               const base::Clock& clock, std::string label = {});

// Checks an STS DurationSeconds (900..43200); `what` names its origin in the error.
Result<int> parse_duration_seconds(std::string_view text, std::string_view what);

}  // namespace rolecall::aws

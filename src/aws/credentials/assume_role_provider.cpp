// Source credentials → STS AssumeRole → temporary credentials.
#include "aws/credentials/assume_role_provider.h"

#include <fmt/format.h>

#include <charconv>

#include "aws/credentials/caching_provider.h"
#include "aws/credentials/provider_error.h"
#include "aws/credentials/web_identity_provider.h"

namespace rolecall::aws {

AssumeRoleProvider::AssumeRoleProvider(std::shared_ptr<CredentialsProvider> source, AssumeRoleParams params,
                                       StsApi& sts, const base::Clock& clock, std::string label)
    : source_(std::move(source)), params_(std::move(params)), sts_(sts), clock_(clock), label_(std::move(label)) {
  if (label_.empty()) label_ = params_.role_arn;
}

Result<Credentials> AssumeRoleProvider::resolve() {
  if (source_ == nullptr) return fail(ErrorKind::kInternal, "assume-role provider has no source");
  if (params_.role_arn.empty()) return fail(ErrorKind::kInvalidArgument, "assume role: role ARN is empty");
  auto source = source_->resolve();
  if (!source) {
    return fail(as_failure(source.error()).with_context(fmt::format("source credentials for {}", params_.role_arn)));
  }
  AssumeRoleParams params = params_;
  if (params.role_session_name.empty()) params.role_session_name = default_session_name(clock_);
  auto creds = sts_.assume_role(*source, params);
  if (!creds) return fail(as_failure(creds.error()).with_context(fmt::format("assume role {}", params.role_arn)));
  creds->provider = fmt::format("assume-role ({})", label_);
  return creds;
}

std::unique_ptr<CredentialsProvider> make_assume_role_provider(std::shared_ptr<CredentialsProvider> source,
                                                               AssumeRoleParams params, StsApi& sts,
                                                               const base::Clock& clock, std::string label) {
  return std::make_unique<CachingProvider>(
      std::make_unique<AssumeRoleProvider>(std::move(source), std::move(params), sts, clock, std::move(label)), clock);
}

Result<int> parse_duration_seconds(std::string_view text, std::string_view what) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 900 || value > 43200) {
    return fail(ErrorKind::kInvalidArgument,
                fmt::format("{} must be a whole number of seconds between 900 and 43200", what));
  }
  return value;
}

}  // namespace rolecall::aws

// The refresh decision for temporary credentials.
#include "aws/credentials/caching_provider.h"

namespace rolecall::aws {

CachingProvider::CachingProvider(std::unique_ptr<CredentialsProvider> inner, const base::Clock& clock,
                                 std::chrono::seconds window)
    : inner_(std::move(inner)), clock_(clock), window_(window) {}

Result<Credentials> CachingProvider::resolve() {
  std::lock_guard lock(mutex_);
  auto now = clock_.now();
  if (cached_ && (!cached_->expiration || now < *cached_->expiration - window_)) return *cached_;
  auto fresh = inner_->resolve();
  if (fresh) {
    cached_ = *fresh;
    return fresh;
  }
  // A failed refresh inside the window is not fatal while the old credentials still work.
  if (cached_ && cached_->expiration && now < *cached_->expiration) return *cached_;
  cached_.reset();
  return fresh;
}

}  // namespace rolecall::aws

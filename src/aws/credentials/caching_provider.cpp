// The refresh decision for temporary credentials.
#include "aws/credentials/caching_provider.h"

namespace rolecall::aws {
namespace {

// Is `expiration` more than `margin` after `now`? Subtracts only a later time from an earlier one,
// so a saturated expiry (time_point::max() for year 9999, min() for year 1) cannot overflow.
bool valid_for(std::chrono::system_clock::time_point now, std::chrono::system_clock::time_point expiration,
               std::chrono::seconds margin) {
  return expiration > now && expiration - now > margin;
}

}  // namespace

CachingProvider::CachingProvider(std::unique_ptr<CredentialsProvider> inner, const base::Clock& clock,
                                 std::chrono::seconds window)
    : inner_(std::move(inner)), clock_(clock), window_(window) {}

Result<Credentials> CachingProvider::resolve() {
  std::lock_guard lock(mutex_);
  auto now = clock_.now();
  if (cached_ && (!cached_->expiration || valid_for(now, *cached_->expiration, window_))) return *cached_;
  auto fresh = inner_->resolve();
  if (fresh) {
    cached_ = *fresh;
    return fresh;
  }
  // A failed refresh inside the window is not fatal while the old credentials still work.
  if (cached_ && cached_->expiration && valid_for(now, *cached_->expiration, std::chrono::seconds{0})) return *cached_;
  cached_.reset();
  return fresh;
}

}  // namespace rolecall::aws

#pragma once
// Reuses temporary credentials until shortly before they expire.

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "aws/credentials/credentials.h"
#include "aws/event_loop.h"

namespace rolecall::aws {

// Refresh this long before expiry, so no request is signed with credentials about to lapse.
inline constexpr std::chrono::minutes kRefreshWindow{5};

// Caches `inner`'s credentials; calls it again once now() is within `window` of their expiration.
// Credentials without expiration are kept for the wrapper's lifetime. When a refresh fails but
// the cached credentials have not yet expired, they are still returned. Thread-safe.
class CachingProvider final : public CredentialsProvider {
 public:
  CachingProvider(std::unique_ptr<CredentialsProvider> inner, const base::Clock& clock,
                  std::chrono::seconds window = kRefreshWindow);
  Result<Credentials> resolve() override;
  std::string name() const override { return inner_->name(); }

 private:
  std::unique_ptr<CredentialsProvider> inner_;
  const base::Clock& clock_;
  std::chrono::seconds window_;
  std::mutex mutex_;
  std::optional<Credentials> cached_;
};

}  // namespace rolecall::aws

#pragma once
// Shared by the two key checks: cached secret scans and turning detections into verdicts.

#include <map>
#include <string>
#include <vector>

#include "rolecall/findings.h"
#include "secrets/scan.h"

namespace rolecall::checks {

// Memoises secrets::scan_user_data by content, since many instances share one user data blob.
// Keys are views into the inventory, which must outlive the cache and keep its instances and
// launch templates where they are (moving the Inventory is fine: its vectors keep their elements).
class KeyScanCache {
 public:
  // Locations of every scan are prefixed by `origin`. `shared`, when given, holds scans made
  // before (the scan's key lookups made them): read, never written, so threads may share it.
  explicit KeyScanCache(std::string origin, const KeyScanCache* shared = nullptr)
      : origin_(std::move(origin)), shared_(shared) {}
  // The (cached) scan of `base64`.
  const Result<std::vector<secrets::SecretFinding>>& scan(std::string_view base64);

 private:
  std::string origin_;
  const KeyScanCache* shared_;
  std::map<std::string_view, Result<std::vector<secrets::SecretFinding>>> cache_;
};

// Real (non-example) credentials among `found`.
std::vector<const secrets::SecretFinding*> leaked(const std::vector<secrets::SecretFinding>& found);

// Sets `f`'s status (FAIL when a real credential is among `found`, else PASS), message and
// evidence (location, redacted key id, fingerprint of the first leak).
void apply_key_evidence(const std::vector<secrets::SecretFinding>& found, Finding& f);

}  // namespace rolecall::checks

#include "checks/key_evidence.h"

namespace rolecall::checks {

const Result<std::vector<secrets::SecretFinding>>& KeyScanCache::scan(std::string_view base64) {
  if (shared_ != nullptr && shared_->origin_ == origin_) {
    if (auto found = shared_->cache_.find(base64); found != shared_->cache_.end()) return found->second;
  }
  auto it = cache_.find(base64);
  if (it == cache_.end()) it = cache_.emplace(base64, secrets::scan_user_data(base64, origin_)).first;
  return it->second;
}

std::vector<const secrets::SecretFinding*> leaked(const std::vector<secrets::SecretFinding>& found) {
  std::vector<const secrets::SecretFinding*> out;
  for (const auto& s : found) {
    if (!s.is_example) out.push_back(&s);
  }
  return out;
}

void apply_key_evidence(const std::vector<secrets::SecretFinding>& found, Finding& f) {
  auto leaks = leaked(found);
  if (leaks.empty()) {
    f.status = Status::kPass;
    f.message = found.empty() ? "no AWS credentials found" : "only AWS documentation example keys found";
    return;
  }
  const secrets::SecretFinding& first = *leaks.front();
  f.status = Status::kFail;
  f.message = std::to_string(leaks.size()) + " AWS credential(s) found, first: " + secrets::to_string(first.type) +
              " at " + first.location;
  f.evidence.location = first.location;
  f.evidence.key_id_redacted = first.key_id_redacted;
  f.evidence.fingerprint = first.fingerprint;
}

}  // namespace rolecall::checks

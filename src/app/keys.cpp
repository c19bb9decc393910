// rolecall::look_up_keys: `rolecall keys`, the scan's key intelligence for ids the user names.
#include <set>

#include "base/redact.h"
#include "inventory/key_intel.h"
#include "inventory/scope.h"
#include "rolecall/keys.h"

namespace rolecall {
namespace {

bool long_term_key_id(const std::string& id) {
  if (id.size() != 20 || !id.starts_with("AKIA")) return false;
  for (char c : id.substr(4)) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) return false;
  }
  return true;
}

}  // namespace

Result<KeyLookupResult> look_up_keys(aws::Session& session, const KeyLookupOptions& options) {
  if (options.key_ids.empty()) return fail(Error::invalid_argument("no key id given (--key-id)"));
  for (const auto& id : options.key_ids) {
    if (!long_term_key_id(id)) {
      return fail(Error::invalid_argument(
          "--key-id '" + base::redact_key_id(id) +
          "' is not a long-term access key id (AKIA and 16 characters of A-Z, 2-7; temporary ASIA keys expire and "
          "are not looked up)"));
    }
  }
  auto resolved = inventory::resolve_scope(session, options.scope);
  if (!resolved) return fail(resolved.error());
  Inventory found;  // carries the answers and the failed calls
  for (const auto& target : resolved->targets) {
    if (target.error) found.scope_errors.push_back({target.account_id, "", *target.error});
  }
  const std::set<std::string> ids(options.key_ids.begin(), options.key_ids.end());
  inventory::look_up_keys(session.loop(), resolved->targets, ids, session.region().region, found);
  KeyLookupResult out;
  std::set<std::string> listed;
  for (const auto& id : options.key_ids) {
    if (!listed.insert(id).second) continue;
    out.keys.push_back({base::redact_key_id(id), found.key_intel[id]});
  }
  out.errors = std::move(found.scope_errors);
  return out;
}

}  // namespace rolecall

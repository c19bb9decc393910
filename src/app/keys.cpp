// rolecall::look_up_keys: `rolecall keys`, the scan's key intelligence for ids the user names or
// scan-files reports found.
#include <map>
#include <set>

#include "base/env.h"
#include "base/redact.h"
#include "base/sha256.h"
#include "inventory/account_keys.h"
#include "inventory/key_intel.h"
#include "inventory/key_report.h"
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

// The keys of every report, one per fingerprint across reports, locations merged.
Result<std::vector<inventory::ReportedKey>> read_reports(const base::Env& env, const std::vector<std::string>& paths) {
  std::vector<inventory::ReportedKey> out;
  for (const auto& path : paths) {
    auto text = env.read_file(path, "--key-report");
    auto keys = text ? inventory::read_key_report(*text, path) : fail(text.error());
    if (!keys) {
      Error e = keys.error();
      e.kind = ErrorKind::kInvalidArgument;  // an unreadable or malformed input file is a usage error
      return fail(std::move(e));
    }
    for (auto& k : *keys) inventory::add_reported_key(out, std::move(k));
  }
  return out;
}

}  // namespace

Result<KeyLookupResult> look_up_keys(aws::Session& session, const KeyLookupOptions& options) {
  if (options.key_ids.empty() && options.key_reports.empty()) {
    return fail(Error::invalid_argument("no key id given (--key-id or --key-report)"));
  }
  for (const auto& id : options.key_ids) {
    if (!long_term_key_id(id)) {
      return fail(Error::invalid_argument(
          "--key-id '" + base::redact_key_id(id) +
          "' is not a long-term access key id (AKIA and 16 characters of A-Z, 2-7; temporary ASIA keys expire and "
          "are not looked up)"));
    }
  }
  auto reported = read_reports(session.env(), options.key_reports);
  if (!reported) return fail(reported.error());
  auto resolved = inventory::resolve_scope(session, options.scope);
  if (!resolved) return fail(resolved.error());
  Inventory found;  // carries the answers and the failed calls
  for (const auto& target : resolved->targets) {
    if (target.error) found.scope_errors.push_back({target.account_id, "", *target.error});
  }
  // A report names keys by fingerprint only: recognise them among the keys in-scope users hold.
  std::map<std::string, std::string> by_fingerprint;
  if (!reported->empty()) {
    std::size_t failures = 0;
    auto held = inventory::list_account_keys(session.loop(), resolved->targets, {}, found.scope_errors, failures);
    for (const auto& [id, intel] : held) by_fingerprint[base::sha256_hex(id)] = id;
  }
  std::set<std::string> ids(options.key_ids.begin(), options.key_ids.end());
  for (const auto& k : *reported) {
    if (auto it = by_fingerprint.find(k.fingerprint); it != by_fingerprint.end()) ids.insert(it->second);
  }
  if (!ids.empty()) inventory::look_up_keys(session.loop(), resolved->targets, ids, session.region().region, found);
  KeyLookupResult out;
  std::set<std::string> listed;
  for (const auto& id : options.key_ids) {
    if (!listed.insert(id).second) continue;
    out.keys.push_back({base::redact_key_id(id), found.key_intel[id], {}});
  }
  for (auto& k : *reported) {
    auto it = by_fingerprint.find(k.fingerprint);
    if (it == by_fingerprint.end()) {
      KeyIntel unknown;
      unknown.error = Error::not_found(
          "no IAM user in scope holds this key: it was deleted, or belongs to another account (the report holds only "
          "its redacted id, so its owner cannot be asked)");
      out.keys.push_back({k.key_id_redacted, std::move(unknown), std::move(k.locations)});
      continue;
    }
    if (!listed.insert(it->second).second) continue;
    out.keys.push_back({k.key_id_redacted, found.key_intel[it->second], std::move(k.locations)});
  }
  out.errors = std::move(found.scope_errors);
  return out;
}

}  // namespace rolecall

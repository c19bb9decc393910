#include "store/store.h"

#include <array>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "base/json_text.h"
#include "base/untrusted_json.h"
#include "db/pg_db.h"
#include "store/pg_store.h"
#include "store/sqlite_store.h"

namespace rolecall::store {

using db::is_pg_url;
using db::redact_pg_url;

FindingKey key_of(const Finding& finding) {
  return {finding.account_id, finding.region, finding.resource_id, finding.check_id};
}

namespace {

// Evidence's fields as the store names them: one table for writing and reading.
std::array<std::pair<const char*, std::string*>, 10> evidence_fields(Evidence& e) {
  return {{{"profile_arn", &e.profile_arn},
           {"role_arn", &e.role_arn},
           {"policy_arn", &e.policy_arn},
           {"statement", &e.statement},
           {"location", &e.location},
           {"key_id_redacted", &e.key_id_redacted},
           {"fingerprint", &e.fingerprint},
           {"detail", &e.detail},
           {"key_intel", &e.key_intel},
           {"role_session", &e.role_session}}};
}

}  // namespace

std::string evidence_json(const Evidence& evidence) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  Evidence copy = evidence;
  for (const auto& [name, value] : evidence_fields(copy)) {
    if (!value->empty()) doc[name] = *value;
  }
  return base::json_text(doc);
}

Evidence evidence_from_json(std::string_view text) {
  Evidence out;
  auto doc = base::parse_untrusted_json(text, "stored evidence");
  if (!doc || !doc->is_object()) return out;
  for (const auto& [name, value] : evidence_fields(out)) {
    auto it = doc->find(name);
    if (it != doc->end() && it->is_string()) *value = it->get<std::string>();
  }
  return out;
}

std::string default_store_path(const base::Env& env) {
  if (auto p = env.get("XDG_STATE_HOME")) return *p + "/rolecall/store.db";
  return env.get("HOME").value_or("") + "/.local/state/rolecall/store.db";
}

Result<std::unique_ptr<FindingStore>> open_store(const std::string& url, base::Env& env) {
  constexpr std::string_view kSqlite = "sqlite://";
  std::string path;
  if (is_pg_url(url)) return open_pg_store(url);
  if (url.empty()) {
    path = default_store_path(env);
  } else if (url.starts_with(kSqlite)) {
    path = url.substr(kSqlite.size());  // sqlite:///abs/path keeps its leading '/'
    if (path.empty()) return fail(Error::invalid_argument(fmt::format("store {} names no file", url)));
  } else if (url.find("://") != std::string::npos) {
    return fail(Error::invalid_argument(
        fmt::format("store {}: unknown kind of store (a file path, sqlite:///path or postgresql://...)",
                    redact_pg_url(url))));  // another database's URL may hold a password too
  } else {
    path = url;
  }
  if (env.file_type(path) == base::FileType::kDirectory) {
    return fail(Error::invalid_argument(fmt::format("store {} is a directory, not a rolecall store", path)));
  }
  const auto slash = path.rfind('/');
  if (slash != std::string::npos && slash > 0 && env.file_type(path.substr(0, slash)) == base::FileType::kNone) {
    // The default store's directory is rolecall's own: only its owner reads what was scanned.
    const auto access = url.empty() ? base::Access::kOwnerOnly : base::Access::kDefault;
    if (auto r = env.create_directories(path.substr(0, slash), access); !r) {
      return fail(r.error().with_context(fmt::format("store {}", path)));
    }
  }
  return open_sqlite_store(path);
}

}  // namespace rolecall::store

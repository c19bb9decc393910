#include "emulator/truth/key_intel.h"

#include <set>

#include "base/iso8601.h"
#include "base/redact.h"
#include "emulator/estate/access_keys.h"
#include "emulator/truth/keys.h"
#include "emulator/truth/user_data.h"

namespace rolecall::emulator::truth {
namespace {

using nlohmann::json;

constexpr auto kRecent = std::chrono::hours(24 * 90);

void collect(const std::string& user_data, std::set<std::string>& ids) {
  auto layers = decode_user_data(user_data);
  if (!layers) return;
  for (const auto& text : *layers) {
    for (auto& id : long_term_key_ids(text)) ids.insert(std::move(id));
  }
}

json verdict(const Estate& estate, const std::string& id, TimePoint now) {
  json v = {{"key_id", id}, {"key_id_redacted", base::redact_key_id(id)}};
  if (auto it = estate.key_index.find(id); it != estate.key_index.end()) {
    const Account& account = estate.accounts[it->second.first];
    const User& user = account.users[it->second.second];
    const AccessKey* key = nullptr;
    for (const auto& k : user.access_keys) {
      if (k.id == id) key = &k;
    }
    if (key) {
      auto used = key->last_used.when.at(now);
      auto created = key->created.at(now);
      const char* severity = !key->active ? "medium" : (used && now - *used <= kRecent) ? "critical" : "high";
      v.update({{"owner_account", account.id},
                {"in_scope", true},
                {"user", user.name},
                {"status", key->active ? "Active" : "Inactive"},
                {"created", created ? json(base::format_iso8601(*created)) : json(nullptr)},
                {"last_used", used ? json(base::format_iso8601(*used)) : json(nullptr)},
                {"service", used ? key->last_used.service : "N/A"},
                {"region", used ? key->last_used.region : "N/A"},
                {"severity", severity}});
      return v;
    }
  }
  std::string owner = account_encoded_in_key_id(id).value_or("");
  bool in_scope = estate.find_account(owner) != nullptr;
  // A key of an estate account no user holds was deleted; another account's keeps the default.
  v.update({{"owner_account", owner},
            {"in_scope", in_scope},
            {"user", nullptr},
            {"status", in_scope ? "deleted" : "foreign"},
            {"created", nullptr},
            {"last_used", nullptr},
            {"service", nullptr},
            {"region", nullptr},
            {"severity", in_scope ? "low" : "critical"}});
  return v;
}

}  // namespace

json key_verdicts(const Estate& estate, std::uint64_t seq, TimePoint now) {
  std::set<std::string> ids;
  for (const auto& account : estate.accounts) {
    for (const auto& [region, data] : account.regions) {
      for (const auto& in : data.instances) {
        std::string state = effective_state(in, seq);
        if (state != "terminated" && state != "shutting-down") collect(in.user_data, ids);
      }
      for (const auto& t : data.templates) {
        for (const auto& v : t.versions) collect(v.user_data, ids);
      }
    }
  }
  json out = json::array();
  for (const auto& id : ids) out.push_back(verdict(estate, id, now));
  return out;
}

}  // namespace rolecall::emulator::truth

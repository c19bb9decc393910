#include "remediate/plan_keys_json.h"

#include <string>

namespace rolecall::remediate {
namespace {

using nlohmann::json;

template <typename J>
J key_to_json(const KeyToRetire& k) {
  J out{{"account_id", k.account_id}, {"user", k.user},     {"key_id_redacted", k.key_id_redacted},
        {"key_sha256", k.key_sha256}, {"status", k.status}, {"instances", k.instance_ids},
        {"evidence", k.evidence}};
  if (!k.blocked_reason.empty()) out["blocked"] = k.blocked_reason;
  return out;
}

template <typename J>
J keys_array(const std::vector<KeyToRetire>& keys) {
  J out = J::array();
  for (const auto& k : keys) out.push_back(key_to_json<J>(k));
  return out;
}

bool lower_hex_digest(const std::string& text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

void read_key_json(PlanJsonReader& r, const json& obj, const std::string& path, KeyToRetire& k) {
  if (!obj.is_object()) {
    r.set_error(path, "expected an object");
    return;
  }
  r.string(obj, path, "account_id", k.account_id, true);
  r.string(obj, path, "user", k.user, true);
  r.string(obj, path, "key_id_redacted", k.key_id_redacted, true);
  r.string(obj, path, "key_sha256", k.key_sha256, true);
  r.string(obj, path, "status", k.status, false);
  r.strings(obj, path, "instances", k.instance_ids);
  r.strings(obj, path, "evidence", k.evidence);
  r.string(obj, path, "blocked", k.blocked_reason, false);
  if (!r.ok()) return;
  // What the deactivate phase needs to find the key and act on it.
  if (k.account_id.empty()) r.set_error(path + ".account_id", "empty");
  if (r.ok() && k.user.empty()) r.set_error(path + ".user", "empty");
  if (r.ok() && !lower_hex_digest(k.key_sha256)) {
    r.set_error(path + ".key_sha256", "expected the lowercase hex SHA-256 of the key id (64 characters)");
  }
  if (r.ok() && !k.status.empty() && k.status != "Active" && k.status != "Inactive") {
    r.set_error(path + ".status", "expected \"Active\", \"Inactive\" or \"\" (unknown)");
  }
}

}  // namespace

void keys_to_file_json(const Plan& plan, nlohmann::ordered_json& doc) {
  if (!plan.migrate_keys) return;
  doc["migrate_keys"] = true;
  doc["retire_keys"] = keys_array<nlohmann::ordered_json>(plan.retire_keys);
}

void keys_to_digest_json(const Plan& plan, json& doc) {
  if (!plan.migrate_keys) return;
  doc["migrate_keys"] = true;
  doc["retire_keys"] = keys_array<json>(plan.retire_keys);
}

void read_keys(PlanJsonReader& r, const json& doc, Plan& plan) {
  r.boolean(doc, "$", "migrate_keys", plan.migrate_keys);
  const json* keys = r.array(doc, "$", "retire_keys", false);
  if (keys == nullptr || !r.ok()) return;
  if (!plan.migrate_keys && !keys->empty()) {
    r.set_error("$.retire_keys", "only a key migration plan (\"migrate_keys\": true) retires keys");
    return;
  }
  for (std::size_t i = 0; i < keys->size() && r.ok(); ++i) {
    KeyToRetire k;
    read_key_json(r, (*keys)[i], "$.retire_keys[" + std::to_string(i) + "]", k);
    plan.retire_keys.push_back(std::move(k));
  }
}

}  // namespace rolecall::remediate

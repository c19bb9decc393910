#include "inventory/key_report.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/untrusted_json.h"

namespace rolecall::inventory {
namespace {

bool hex_sha256(const std::string& s) {
  return s.size() == 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

Result<std::vector<ReportedKey>> read_key_report(std::string_view text, std::string_view name) {
  auto doc = base::parse_untrusted_json(text, name);
  if (!doc) return fail(doc.error());
  auto bad = [&](const std::string& what) {
    return fail(Error::parse(fmt::format("{}: {} (expected `rolecall scan-files --output json` output)", name, what)));
  };
  if (!doc->is_object() || doc->value("schema", nlohmann::json()) != "rolecall.scan-files/v1") {
    return bad("not a rolecall.scan-files/v1 report");
  }
  if (!doc->contains("findings") || !(*doc)["findings"].is_array()) return bad("findings is not an array");
  std::vector<ReportedKey> out;
  std::size_t index = 0;
  for (const auto& f : (*doc)["findings"]) {
    const std::string at = fmt::format("findings[{}]", index++);
    if (!f.is_object()) return bad(at + " is not an object");
    const auto type = f.find("type");
    if (type == f.end() || !type->is_string()) return bad(at + ".type is not a string");
    if (*type != "access-key-id") continue;  // secrets and credential blocks name no key to look up
    const auto example = f.find("example");
    if (example != f.end() && example->is_boolean() && example->get<bool>()) continue;
    const auto redacted = f.find("key_id_redacted");
    const auto fingerprint = f.find("fingerprint_sha256");
    if (redacted == f.end() || !redacted->is_string()) return bad(at + ".key_id_redacted is not a string");
    if (fingerprint == f.end() || !fingerprint->is_string() || !hex_sha256(fingerprint->get<std::string>())) {
      return bad(at + ".fingerprint_sha256 is not a SHA-256 in hex");
    }
    if (!redacted->get<std::string>().starts_with("AKIA")) continue;  // temporary keys expire: not looked up
    const auto path = f.find("path");
    std::string where = path != f.end() && path->is_string() ? path->get<std::string>() : std::string();
    if (f.contains("line") && f["line"].is_number_integer()) where += fmt::format(":{}", f["line"].get<long long>());
    add_reported_key(out, {redacted->get<std::string>(), fingerprint->get<std::string>(), {std::move(where)}});
  }
  return out;
}

void add_reported_key(std::vector<ReportedKey>& keys, ReportedKey key) {
  auto same =
      std::find_if(keys.begin(), keys.end(), [&](const ReportedKey& k) { return k.fingerprint == key.fingerprint; });
  if (same == keys.end()) {
    keys.push_back(std::move(key));
    return;
  }
  same->locations.insert(same->locations.end(), std::make_move_iterator(key.locations.begin()),
                         std::make_move_iterator(key.locations.end()));
}

}  // namespace rolecall::inventory

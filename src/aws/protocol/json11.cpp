#include "aws/protocol/json11.h"

#include <fmt/format.h>

namespace rolecall::aws::json11 {

Result<nlohmann::json> parse(std::string_view body, std::string_view operation) {
  if (body.empty()) return fail(ErrorKind::kParse, fmt::format("{}: malformed JSON response: empty body", operation));
  // allow_exceptions=false: a parse failure yields a discarded value instead of throwing.
  nlohmann::json j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded()) {
    return fail(ErrorKind::kParse, fmt::format("{}: malformed JSON response ({} bytes)", operation, body.size()));
  }
  return j;
}

namespace {
const nlohmann::json* field(const nlohmann::json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}
}  // namespace

std::string get_string(const nlohmann::json& j, std::string_view key) {
  const nlohmann::json* f = field(j, key);
  return f && f->is_string() ? f->get<std::string>() : std::string();
}

long long get_int(const nlohmann::json& j, std::string_view key, long long fallback) {
  const nlohmann::json* f = field(j, key);
  if (f && f->is_number_integer()) return f->get<long long>();
  if (f && f->is_number_float()) return static_cast<long long>(f->get<double>());
  return fallback;
}

bool get_bool(const nlohmann::json& j, std::string_view key, bool fallback) {
  const nlohmann::json* f = field(j, key);
  return f && f->is_boolean() ? f->get<bool>() : fallback;
}

const nlohmann::json& get_array(const nlohmann::json& j, std::string_view key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  const nlohmann::json* f = field(j, key);
  return f && f->is_array() ? *f : kEmpty;
}

const nlohmann::json& get_object(const nlohmann::json& j, std::string_view key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const nlohmann::json* f = field(j, key);
  return f && f->is_object() ? *f : kEmpty;
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace rolecall::aws::json11

#include "aws/protocol/json11.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "base/untrusted_json.h"

namespace rolecall::aws::json11 {

Result<nlohmann::json> parse(std::string_view body, std::string_view operation) {
  if (body.empty()) return fail(ErrorKind::kParse, fmt::format("{}: malformed JSON response: empty body", operation));
  return base::parse_untrusted_json(body, fmt::format("{} response", operation));
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
  using Limits = std::numeric_limits<long long>;
  if (f && f->is_number_unsigned()) {
    auto v = f->get<unsigned long long>();
    return v > static_cast<unsigned long long>(Limits::max()) ? Limits::max() : static_cast<long long>(v);
  }
  if (f && f->is_number_integer()) return f->get<long long>();
  if (f && f->is_number_float()) {
    // Converting a double outside long long's range is undefined: saturate (NaN is not a number).
    double d = f->get<double>();
    if (std::isnan(d)) return fallback;
    if (d >= 9.2233720368547758e18) return Limits::max();
    if (d <= -9.2233720368547758e18) return Limits::min();
    return static_cast<long long>(d);
  }
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

}  // namespace rolecall::aws::json11

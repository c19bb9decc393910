#pragma once
// The estate loader's JSON helpers (emulator/estate/loader.cpp, network_loader.cpp): each checks
// one value and throws LoadError naming its JSON path, which load_estate_json turns into a Result.

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "emulator/estate/estate.h"

namespace rolecall::emulator::load {

using nlohmann::json;

// Thrown inside the loader only; converted to a Result at the boundary.
struct LoadError {
  std::string message;
};

[[noreturn]] inline void bad(const std::string& path, const std::string& what) { throw LoadError{path + ": " + what}; }

inline void check_keys(const json& object, const std::string& path, std::initializer_list<std::string_view> allowed) {
  if (!object.is_object()) bad(path, "expected an object");
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) bad(path + "." + key, "unknown key");
  }
}

inline std::string str(const json& object, const std::string& path, const char* key, bool required,
                       std::string fallback = {}) {
  auto it = object.find(key);
  if (it == object.end() || (it->is_null() && !required)) {
    if (required) bad(path + "." + key, "missing required key");
    return fallback;
  }
  if (!it->is_string()) bad(path + "." + key, "expected a string");
  return it->get<std::string>();
}

inline std::optional<std::string> opt_str(const json& object, const std::string& path, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) bad(path + "." + key, "expected a string or null");
  return it->get<std::string>();
}

inline const json& arr(const json& object, const std::string& path, const char* key) {
  static const json kEmpty = json::array();
  auto it = object.find(key);
  if (it == object.end()) return kEmpty;
  if (!it->is_array()) bad(path + "." + key, "expected an array");
  return *it;
}

inline std::vector<std::string> strings(const json& object, const std::string& path, const char* key) {
  std::vector<std::string> out;
  const json& a = arr(object, path, key);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_string()) bad(fmt::format("{}.{}[{}]", path, key, i), "expected a string");
    out.push_back(a[i].get<std::string>());
  }
  return out;
}

inline void one_of(const std::string& value, const std::string& path, std::initializer_list<std::string_view> allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) bad(path, "invalid value '" + value + "'");
}

inline void matches(const std::string& value, const std::string& path, bool (*check)(std::string_view),
                    const char* what) {
  if (!check(value)) bad(path, fmt::format("'{}' is not {}", value, what));
}

inline std::string check_path(const json& object, const std::string& path) {
  std::string p = str(object, path, "path", false, "/");
  if (p.empty() || p.front() != '/' || p.back() != '/') bad(path + ".path", "must start and end with '/'");
  return p;
}

inline std::vector<InlineDoc> inline_policies(const json& object, const std::string& path) {
  std::vector<InlineDoc> out;
  const json& a = arr(object, path, "inline_policies");
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::string p = fmt::format("{}.inline_policies[{}]", path, i);
    check_keys(a[i], p, {"name", "document"});
    InlineDoc doc{str(a[i], p, "name", true), a[i].value("document", json())};
    if (!doc.document.is_object()) bad(p + ".document", "expected a policy document object");
    out.push_back(std::move(doc));
  }
  return out;
}

}  // namespace rolecall::emulator::load

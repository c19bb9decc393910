#include "inventory/offline_json.h"

#include <fmt/format.h>

#include "base/untrusted_json.h"

namespace rolecall::inventory {
namespace {

const char* type_name(const nlohmann::json& v) { return v.type_name(); }

}  // namespace

Result<nlohmann::json> parse_json_file_text(const std::string& text, const std::string& file) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return fail(ErrorKind::kParse, file + ": empty file");
  return base::parse_untrusted_json(text, file);
}

Result<nlohmann::json> read_json_file(const base::Env& env, const std::string& path) {
  auto text = env.read_file(path);
  if (!text) return fail(ErrorKind::kIo, "cannot read " + path);
  return parse_json_file_text(*text, path);
}

void JsonReader::fail(const std::string& path, const std::string& what) {
  if (error_) return;
  error_ = Error::parse(fmt::format("{}: {}: {}", file_, path.empty() ? "(top level)" : path, what));
}

std::string JsonReader::key_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string JsonReader::index_path(const std::string& path, std::size_t i) { return fmt::format("{}[{}]", path, i); }

bool JsonReader::expect_object(const nlohmann::json& value, const std::string& path) {
  if (value.is_object()) return true;
  fail(path, fmt::format("expected an object, got {}", type_name(value)));
  return false;
}

const nlohmann::json* JsonReader::member(const nlohmann::json& obj, std::string_view key, const std::string& path,
                                         bool required) {
  if (failed()) return nullptr;
  if (!obj.is_object()) {
    fail(path, fmt::format("expected an object, got {}", type_name(obj)));
    return nullptr;
  }
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) fail(key_path(path, key), "missing key");
    return nullptr;
  }
  return &*it;
}

std::string JsonReader::string(const nlohmann::json& obj, std::string_view key, const std::string& path,
                               bool required) {
  const auto* v = member(obj, key, path, required);
  if (v == nullptr) return {};
  if (!v->is_string()) {
    fail(key_path(path, key), fmt::format("expected a string, got {}", type_name(*v)));
    return {};
  }
  return v->get<std::string>();
}

long long JsonReader::integer(const nlohmann::json& obj, std::string_view key, const std::string& path, bool required,
                              long long fallback) {
  const auto* v = member(obj, key, path, required);
  if (v == nullptr) return fallback;
  if (!v->is_number_integer()) {
    fail(key_path(path, key), fmt::format("expected an integer, got {}", type_name(*v)));
    return fallback;
  }
  return v->get<long long>();
}

bool JsonReader::boolean(const nlohmann::json& obj, std::string_view key, const std::string& path, bool required,
                         bool fallback) {
  const auto* v = member(obj, key, path, required);
  if (v == nullptr) return fallback;
  if (!v->is_boolean()) {
    fail(key_path(path, key), fmt::format("expected true or false, got {}", type_name(*v)));
    return fallback;
  }
  return v->get<bool>();
}

const nlohmann::json* JsonReader::array(const nlohmann::json& obj, std::string_view key, const std::string& path,
                                        bool required) {
  const auto* v = member(obj, key, path, required);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    fail(key_path(path, key), fmt::format("expected an array, got {}", type_name(*v)));
    return nullptr;
  }
  return v;
}

const nlohmann::json* JsonReader::object(const nlohmann::json& obj, std::string_view key, const std::string& path,
                                         bool required) {
  const auto* v = member(obj, key, path, required);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    fail(key_path(path, key), fmt::format("expected an object, got {}", type_name(*v)));
    return nullptr;
  }
  return v;
}

}  // namespace rolecall::inventory

#pragma once
// Reading a plan file's JSON objects field by field, remembering the first error with its JSON
// path ("plan.json: $.actions[3].target.arn: missing"): shared by the plan's parts.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rolecall/error.h"

namespace rolecall::remediate {

// Reads fields of one JSON object, remembering the first error with its JSON path.
class PlanJsonReader {
 public:
  explicit PlanJsonReader(const std::string& source) : source_(source) {}

  bool ok() const { return !error_.has_value(); }
  const Error& error() const { return *error_; }

  void set_error(const std::string& path, const std::string& what) {
    if (!error_) error_ = Error::invalid_argument(source_ + ": " + path + ": " + what);
  }

  // A required-or-optional string member; absent optional members leave `out` untouched.
  void string(const nlohmann::json& obj, const std::string& path, const char* key, std::string& out, bool required) {
    if (!ok()) return;
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) set_error(path + "." + key, "missing");
      return;
    }
    if (!it->is_string()) {
      set_error(path + "." + key, "expected a string");
      return;
    }
    out = it->get<std::string>();
  }

  // An object member (required); nullptr after recording an error.
  const nlohmann::json* object(const nlohmann::json& obj, const std::string& path, const char* key, bool required) {
    if (!ok()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) set_error(path + "." + key, "missing");
      return nullptr;
    }
    if (!it->is_object()) {
      set_error(path + "." + key, "expected an object");
      return nullptr;
    }
    return &*it;
  }

  // An array member; absent optional arrays yield nullptr without an error.
  const nlohmann::json* array(const nlohmann::json& obj, const std::string& path, const char* key, bool required) {
    if (!ok()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) set_error(path + "." + key, "missing");
      return nullptr;
    }
    if (!it->is_array()) {
      set_error(path + "." + key, "expected an array");
      return nullptr;
    }
    return &*it;
  }

  // An integer member in [min, max]; absent optional members leave `out` untouched.
  void integer(const nlohmann::json& obj, const std::string& path, const char* key, long long& out, bool required,
               long long min, long long max) {
    if (!ok()) return;
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) set_error(path + "." + key, "missing");
      return;
    }
    // Compared as JSON numbers: narrowing first would wrap a huge value into range.
    if (!it->is_number_integer() || *it < min || *it > max) {
      set_error(path + "." + key, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
      return;
    }
    out = it->get<long long>();
  }

  // An optional boolean member; absent leaves `out` untouched.
  void boolean(const nlohmann::json& obj, const std::string& path, const char* key, bool& out) {
    if (!ok()) return;
    auto it = obj.find(key);
    if (it == obj.end()) return;
    if (!it->is_boolean()) {
      set_error(path + "." + key, "expected true or false");
      return;
    }
    out = it->get<bool>();
  }

  // An optional array of strings member, appended to `out`.
  void strings(const nlohmann::json& obj, const std::string& path, const char* key, std::vector<std::string>& out) {
    const nlohmann::json* items = array(obj, path, key, false);
    for (std::size_t i = 0; items != nullptr && i < items->size() && ok(); ++i) {
      if (!(*items)[i].is_string()) {
        set_error(path + "." + key + "[" + std::to_string(i) + "]", "expected a string");
        return;
      }
      out.push_back((*items)[i].get<std::string>());
    }
  }

 private:
  std::string source_;
  std::optional<Error> error_;
};

}  // namespace rolecall::remediate

#pragma once
// Reading JSON input files with errors that name the file and the key path
// ("instances.json: Reservations[0].Instances[2].InstanceId: missing key"), without exceptions.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "base/env.h"
#include "rolecall/error.h"

namespace rolecall::inventory {

// Parses `text` read from `file`; kParse naming the file and byte offset when malformed or truncated.
Result<nlohmann::json> parse_json_file_text(const std::string& text, const std::string& file);

// Reads (through `env`) and parses the file at `path` (kIo when unreadable).
Result<nlohmann::json> read_json_file(const base::Env& env, const std::string& path);

// Typed accessors over one file's JSON; the first problem is kept and later reads return defaults.
class JsonReader {
 public:
  explicit JsonReader(std::string file) : file_(std::move(file)) {}

  // Records "FILE: PATH: what" unless an error is already recorded.
  void fail(const std::string& path, const std::string& what);
  bool failed() const { return error_.has_value(); }
  // The recorded error (kParse).
  Error error() const { return error_.value_or(Error::internal("no error")); }

  // `obj[key]` or nullptr; records "missing key" when `required`. `obj` must be an object.
  const nlohmann::json* member(const nlohmann::json& obj, std::string_view key, const std::string& path, bool required);
  // String member; "" when absent and optional. JSON null counts as absent.
  std::string string(const nlohmann::json& obj, std::string_view key, const std::string& path, bool required = true);
  // Integer member (fallback when absent and optional).
  long long integer(const nlohmann::json& obj, std::string_view key, const std::string& path, bool required = true,
                    long long fallback = 0);
  // Boolean member (fallback when absent and optional).
  bool boolean(const nlohmann::json& obj, std::string_view key, const std::string& path, bool required = true,
               bool fallback = false);
  // Array member, or nullptr (recorded when required, or when present with another type).
  const nlohmann::json* array(const nlohmann::json& obj, std::string_view key, const std::string& path,
                              bool required = true);
  // Object member, or nullptr (recorded when required, or when present with another type).
  const nlohmann::json* object(const nlohmann::json& obj, std::string_view key, const std::string& path,
                               bool required = true);
  // True when `value` is an object; records "expected an object" otherwise.
  bool expect_object(const nlohmann::json& value, const std::string& path);

  const std::string& file() const { return file_; }

  // "path.key" / "path[i]".
  static std::string key_path(const std::string& path, std::string_view key);
  static std::string index_path(const std::string& path, std::size_t i);

 private:
  std::string file_;
  std::optional<Error> error_;
};

}  // namespace rolecall::inventory

#pragma once
// Read access to environment variables, injectable so tests never see the real environment.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace rolecall::aws {

// A set of environment variables: the process's own, or a fixed map (tests).
// Empty values count as unset, as most AWS tools treat them.
class Environment {
 public:
  // The process environment (getenv), read at each lookup.
  static Environment process();
  // A fixed set of variables; nothing else is visible.
  static Environment from_map(std::map<std::string, std::string> vars);

  // The variable's value, or nullopt when unset or empty.
  std::optional<std::string> get(std::string_view name) const;
  // True when the variable is set to "true" (any case).
  bool is_true(std::string_view name) const;

 private:
  explicit Environment(std::shared_ptr<const std::map<std::string, std::string>> vars) : vars_(std::move(vars)) {}
  std::shared_ptr<const std::map<std::string, std::string>> vars_;  // null: process environment
};

}  // namespace rolecall::aws

// Environment lookups, from the process or from an injected map.
#include "aws/credentials/environment.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "base/ascii.h"

namespace rolecall::aws {

Environment Environment::process() { return Environment(nullptr); }

Environment Environment::from_map(std::map<std::string, std::string> vars) {
  return Environment(std::make_shared<const std::map<std::string, std::string>>(std::move(vars)));
}

std::optional<std::string> Environment::get(std::string_view name) const {
  if (vars_ == nullptr) {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  }
  auto it = vars_->find(std::string(name));
  if (it == vars_->end() || it->second.empty()) return std::nullopt;
  return it->second;
}

bool Environment::is_true(std::string_view name) const {
  auto value = get(name);
  if (!value) return false;
  return base::to_lower(*value) == "true";
}

}  // namespace rolecall::aws
